// The config file reference in docs/configuration.md, generated from the option specs and the
// category catalog, so every key the file accepts is documented and no documented key is refused.

import { CATEGORIES, CATEGORY_IDS } from '../../src/catalog/categories.js';
import { loadConfig, renderConfigFile } from '../../src/config/index.js';
import { ALL_OPTIONS } from '../../src/config/option-list.js';

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replace(/\n/g, ' ');
}

const code = (text: string): string => `\`${cell(text)}\``;

/** The `organizations:` list has no flags: each entry names its own key source. File only. */
const ORGANIZATION_ROWS = [
  '| `organizations` | | | A list of OpenAI organizations to poll, one entry each; left out, one organization named by `organization.name`, with the key from OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_FILE (which must not be set beside a list). File only. |',
  '| `organizations[].name` | | | Required. The `organization` label value of the entry: a-z, 0-9, `_` and `-`, unique in the list; its state lives in `<storage.path>/<name>/`. |',
  '| `organizations[].admin_key_file` | | | File holding the admin key (sk-admin-...), e.g. a Kubernetes secret; re-read when it changes. Exactly one of `admin_key_file` and `admin_key_env` unless --demo. The key itself is never accepted in the file. |',
  '| `organizations[].admin_key_env` | | | Name of the environment variable holding the admin key, e.g. `ACME_ADMIN_KEY`. Excludes `admin_key_file`. |',
  '| `organizations[].base_url` | `--openai.base-url` | the top-level value | Base URL of the OpenAI API for this organization. |',
  '| `organizations[].categories` | `--categories` | the enabled categories | The categories to poll for this organization, a list such as `[completions, costs]` or `all`: exactly these, whatever the top level enables; group_by and filters stay those of the top level. |',
  '| `organizations[].budget.daily_usd` | `--budget.daily-usd` | | Daily budget of this organization in US dollars. An entry with a `budget:` section uses it instead of the whole top-level budget. |',
  '| `organizations[].budget.monthly_usd` | `--budget.monthly-usd` | | Monthly budget of this organization in US dollars. |',
  '| `organizations[].budget.projects.<project_id>.daily_usd` | | | Daily budget of one project of this organization in US dollars. |',
  '| `organizations[].budget.projects.<project_id>.monthly_usd` | | | Monthly budget of one project of this organization in US dollars. |',
];

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
    ...ORGANIZATION_ROWS,
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
