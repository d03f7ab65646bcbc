import { describe, expect, it } from 'vitest';
import { renderHelp, renderOptionsMarkdown } from '../../src/config/index.js';
import { ACTION_FLAGS, ADMIN_KEY_VARIABLES, ALL_OPTIONS } from '../../src/config/option-list.js';

describe('--help', () => {
  const help = renderHelp();

  it.each(ALL_OPTIONS.map((spec) => [spec.flag, spec] as const))(
    'documents --%s with its variable and default',
    (_, spec) => {
      const entry = help.slice(help.indexOf(`  --${spec.flag}`));
      // Long entries wrap, so compare with the line breaks folded away.
      const block = entry.slice(0, entry.indexOf('\n  --', 1)).replaceAll(/\s+/g, ' ');
      expect(block).toContain(`$${spec.env}`);
      expect(block).toContain(spec.description);
      if (spec.default !== undefined) expect(block).toContain(`default ${JSON.stringify(spec.default)}`);
    },
  );

  it('documents the action flags and the admin key variables', () => {
    for (const { flag } of Object.values(ACTION_FLAGS))
      expect(help).toMatch(new RegExp(`  (-\\w, )?--${flag}\\n`));
    for (const { env } of Object.values(ADMIN_KEY_VARIABLES)) expect(help).toContain(`  ${env}\n`);
  });

  it('says how to try the exporter without a key and how to run the simulator alone', () => {
    expect(help).toContain('--demo');
    expect(help).toContain('openai-usage-exporter simulate --help');
  });

  it('names -v and -h as the short forms of --version and --help', () => {
    expect(help).toMatch(/-v, --version/);
    expect(help).toMatch(/-h, --help/);
  });

  it('fits a terminal', () => {
    for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('the README options table', () => {
  const table = renderOptionsMarkdown();
  const rows = table.trimEnd().split('\n');

  it('has one row per option, action flag and admin key variable', () => {
    const count =
      ALL_OPTIONS.length + Object.keys(ACTION_FLAGS).length + Object.keys(ADMIN_KEY_VARIABLES).length;
    expect(rows).toHaveLength(2 + count);
  });

  it('has four cells in every row', () => {
    for (const row of rows) expect(row.replaceAll('\\|', '').split('|')).toHaveLength(6);
  });

  it.each(ALL_OPTIONS.map((spec) => [spec.flag, spec] as const))(
    'lists --%s with its variable and default',
    (_, spec) => {
      const row = rows.find((line) => line.startsWith(`| \`--${spec.flag}`));
      expect(row).toContain(`\`${spec.env}\``);
      expect(row).toContain(spec.description);
      if (spec.default !== undefined) expect(row).toContain(`\`${spec.default}\``);
    },
  );
});
