// The generated parts of the documentation: tables between `<!-- NAME:start -->` and
// `<!-- NAME:end -->` markers, rendered from the code by `npm run docs` and checked by the docs test.

import { renderOptionsMarkdown } from '../../src/config/index.js';
import { renderConfigFileKeysMarkdown, renderDefaultConfigFileMarkdown } from './config-file-reference.js';
import { renderMetricsMarkdown } from './metrics-table.js';

type Sections = Readonly<Record<string, () => string>>;

/** The options a newcomer needs; docs/configuration.md has all of them. */
export const ESSENTIAL_FLAGS: ReadonlySet<string> = new Set([
  'web.listen-address',
  'storage.path',
  'demo',
  'categories',
  'budget.daily-usd',
  'budget.monthly-usd',
  'config.file',
  'check-config',
  'log.level',
]);

/** Each generated file, relative to the repository root, with its sections. */
export const GENERATED_DOCS: Readonly<Record<string, Sections>> = {
  'README.md': { 'essential-options': () => renderOptionsMarkdown(ESSENTIAL_FLAGS) },
  'docs/configuration.md': {
    options: () => renderOptionsMarkdown(),
    'config-file': renderConfigFileKeysMarkdown,
    'config-defaults': renderDefaultConfigFileMarkdown,
  },
  'docs/metrics.md': { metrics: renderMetricsMarkdown },
};

/** Replaces the text between each section's markers with its freshly generated content. */
export function renderGeneratedSections(text: string, sections: Sections, file: string): string {
  let result = text;
  for (const [name, render] of Object.entries(sections)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = result.indexOf(start);
    const to = result.indexOf(end);
    if (from < 0 || to < from) throw new Error(`${file} lacks the ${start} … ${end} markers`);
    result = `${result.slice(0, from + start.length)}\n${render()}${result.slice(to)}`;
  }
  return result;
}

export function renderGeneratedReadme(readme: string): string {
  return renderGeneratedSections(readme, GENERATED_DOCS['README.md'] ?? {}, 'README.md');
}
