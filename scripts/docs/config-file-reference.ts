// The config file reference in docs/configuration.md, generated from the option specs and the
// category catalog, so every key the file accepts is documented and no documented key is refused.

import { CATEGORIES, CATEGORY_IDS } from '../../src/catalog/categories.js';
import { loadConfig, renderConfigFile } from '../../src/config/index.js';
import { ALL_OPTIONS } from '../../src/config/option-list.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replace(/\n/g, ' ');
}

const code = (text: string): string => `\`${cell(text)}\``;

/** Every key of the config file, with its flag, default and meaning. */
export function renderConfigFileKeysMarkdown(): string {
  const rows = ['| Key | Flag | Default | Description |', '| --- | --- | --- | --- |'];
  for (const spec of ALL_OPTIONS) {
    if (spec.filePath === undefined) continue;
    const fallback = spec.defaultLabel ?? spec.default;
    const shown = fallback === undefined ? '' : fallback === '' ? '(empty)' : code(fallback);
    const description = spec.filePath.endsWith('.group_by')
      ? `${spec.description} In the file a YAML list, e.g. \`[project_id, model]\`.`
      : spec.description;
    rows.push(`| ${code(spec.filePath)} | ${code(`--${spec.flag}`)} | ${shown} | ${cell(description)} |`);
  }
  for (const id of CATEGORY_IDS) {
    rows.push(
      `| ${code(`categories.${id}.enabled`)} | ${code('--categories')} | \`true\` | Whether to poll ${id}; an explicit --categories replaces every enabled key. |`,
    );
    const filters = CATEGORIES[id].filters
      .map((filter) => (filter === 'batch' ? '`batch` (true or false)' : `\`${filter}\` (a list)`))
      .join(', ');
    rows.push(
      `| ${code(`categories.${id}.filters`)} | | | Upstream query filters, a mapping of ${filters}; left out, nothing is filtered. File only. |`,
    );
  }
  rows.push(
    '| `budget.projects.<project_id>.daily_usd` | `--budget.project-daily-usd` | | Daily budget of one project in US dollars. |',
    '| `budget.projects.<project_id>.monthly_usd` | `--budget.project-monthly-usd` | | Monthly budget of one project in US dollars. |',
  );
  return `${rows.join('\n')}\n`;
}

/** The defaults as a config file, exactly what `--check-config` prints with no settings. */
export function renderDefaultConfigFileMarkdown(): string {
  const { config } = loadConfig([], {}, () => {
    throw new Error('no file is read for the defaults');
  });
  return `\`\`\`yaml\n${renderConfigFile(config)}\`\`\`\n`;
}
