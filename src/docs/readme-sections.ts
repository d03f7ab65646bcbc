import { renderOptionsMarkdown } from '../config/index.js';
import { renderMetricsMarkdown } from './metrics-table.js';

const SECTIONS: Record<string, () => string> = {
  options: renderOptionsMarkdown,
  metrics: renderMetricsMarkdown,
};

/** Replaces the text between `<!-- NAME:start -->` and `<!-- NAME:end -->` with the generated table. */
export function renderGeneratedReadme(readme: string): string {
  let text = readme;
  for (const [name, render] of Object.entries(SECTIONS)) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
    text = `${text.slice(0, from + start.length)}\n${render()}${text.slice(to)}`;
  }
  return text;
}
