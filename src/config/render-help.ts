// `--help` and the options tables of README.md and docs/configuration.md, generated from the option list.

import { ACTION_FLAGS, ADMIN_KEY_VARIABLES, ALL_OPTIONS } from './option-list.js';
import type { OptionSpec } from './option-spec.js';

function defaultText(spec: OptionSpec<unknown>): string | undefined {
  return spec.defaultLabel ?? spec.default;
}

function flagSyntax(spec: OptionSpec<unknown>): string {
  return spec.isBoolean === true ? `--${spec.flag}` : `--${spec.flag}=${spec.placeholder}`;
}

function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && indent.length + line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

function actionSyntax(action: { readonly flag: string; readonly short?: string }): string {
  return action.short === undefined ? `--${action.flag}` : `-${action.short}, --${action.flag}`;
}

function helpEntry(syntax: string, description: string, notes: readonly string[]): string[] {
  const detail = notes.length === 0 ? description : `${description} (${notes.join('; ')})`;
  return [`  ${syntax}`, ...wrap(detail, 100, '      ')];
}

export function renderHelp(): string {
  const lines = [
    'Usage: openai-usage-exporter [flags]',
    '',
    'Prometheus exporter for the OpenAI organization Usage and Costs API.',
    'Precedence: flags, then environment variables, then the --config.file, then defaults.',
    '',
    'Flags:',
  ];
  for (const spec of ALL_OPTIONS) {
    const fallback = defaultText(spec);
    const notes = [
      ...(fallback === undefined ? [] : [`default ${JSON.stringify(fallback)}`]),
      `$${spec.env}`,
    ];
    lines.push(...helpEntry(flagSyntax(spec), spec.description, notes));
  }
  for (const action of Object.values(ACTION_FLAGS)) {
    lines.push(...helpEntry(actionSyntax(action), action.description, []));
  }
  lines.push('', 'Environment only:');
  for (const variable of Object.values(ADMIN_KEY_VARIABLES)) {
    lines.push(...helpEntry(variable.env, variable.description, []));
  }
  lines.push(
    '',
    'Without a key:',
    '  openai-usage-exporter --demo',
    '      Serve metrics from a built-in simulator of the upstream: try the exporter and its dashboards.',
    '  openai-usage-exporter simulate [flags]',
    '      Run that simulator alone, as an upstream for --openai.base-url (see',
    '      `openai-usage-exporter simulate --help`; from a checkout: `npm start -- simulate --help`).',
  );
  return `${lines.join('\n')}\n`;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function code(text: string): string {
  return `\`${cell(text)}\``;
}

/** The options table; `only` (flags without dashes) keeps just those options, for a short table. */
export function renderOptionsMarkdown(only?: ReadonlySet<string>): string {
  const rows = ['| Flag | Environment variable | Default | Description |', '| --- | --- | --- | --- |'];
  for (const spec of ALL_OPTIONS.filter((option) => only === undefined || only.has(option.flag))) {
    const fallback = defaultText(spec);
    const shown = fallback === undefined ? '' : fallback === '' ? '(empty)' : code(fallback);
    rows.push(`| ${code(flagSyntax(spec))} | ${code(spec.env)} | ${shown} | ${cell(spec.description)} |`);
  }
  for (const action of Object.values(ACTION_FLAGS).filter((a) => only === undefined || only.has(a.flag))) {
    rows.push(`| ${code(actionSyntax(action))} | | | ${cell(action.description)} |`);
  }
  for (const variable of Object.values(ADMIN_KEY_VARIABLES)) {
    rows.push(`| | ${code(variable.env)} | | ${cell(variable.description)} |`);
  }
  return `${rows.join('\n')}\n`;
}
