// Command-line parsing in the style of Prometheus exporters: `--name value`, `--name=value`,
// bare booleans. Values stay text here; decoding happens once precedence has picked a source.

import { ConfigError, quote } from './config-error.js';
import { ACTION_FLAGS, type ActionName, ALL_OPTIONS } from './option-list.js';
import type { OptionSpec } from './option-spec.js';
import { boolean } from './scalar-decoders.js';
import { didYouMean } from './suggest.js';

export interface ParsedArgv {
  readonly values: ReadonlyMap<OptionSpec<unknown>, string>;
  readonly actions: ReadonlySet<ActionName>;
}

type FlagTarget =
  | { readonly kind: 'option'; readonly spec: OptionSpec<unknown> }
  | { readonly kind: 'action'; readonly action: ActionName };

function flagTable(): ReadonlyMap<string, FlagTarget> {
  const table = new Map<string, FlagTarget>();
  for (const spec of ALL_OPTIONS) table.set(spec.flag, { kind: 'option', spec });
  for (const [action, { flag }] of Object.entries(ACTION_FLAGS)) {
    table.set(flag, { kind: 'action', action: action as ActionName });
  }
  return table;
}

const FLAGS = flagTable();

function unknownFlag(name: string): ConfigError {
  if (/(admin|api)[-_.]?key/i.test(name)) {
    return new ConfigError(
      `--${name}`,
      'there is no flag for the admin key because flags are visible in ps; set OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_FILE',
    );
  }
  return new ConfigError(
    `--${name}`,
    `unknown flag${didYouMean(name, [...FLAGS.keys()], (flag) => `--${flag}`)}`,
  );
}

export function parseArgv(argv: readonly string[]): ParsedArgv {
  const values = new Map<OptionSpec<unknown>, string>();
  const actions = new Set<ActionName>();
  const seen = new Set<string>();
  let previousBoolean: string | undefined;

  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? '';
    const afterBoolean = previousBoolean;
    previousBoolean = undefined;
    if (arg === '-h' || arg === '-v') {
      actions.add(arg === '-h' ? 'help' : 'version');
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      const looksBoolean = afterBoolean !== undefined && /^(true|false|1|0)$/i.test(arg);
      const hint = looksBoolean
        ? `; to set a boolean flag write --${afterBoolean}=${arg}`
        : /^-[a-z]/i.test(arg)
          ? '; flags start with two dashes'
          : '';
      throw new ConfigError(`argv[${index}]`, `unexpected argument ${quote(arg)}${hint}`);
    }
    const body = arg.slice(2);
    const equals = body.indexOf('=');
    const name = equals < 0 ? body : body.slice(0, equals);
    const inline = equals < 0 ? undefined : body.slice(equals + 1);
    const label = `--${name}`;
    const target = FLAGS.get(name);
    if (target === undefined) throw unknownFlag(name);
    if (seen.has(name)) throw new ConfigError(label, 'is given more than once');
    seen.add(name);

    if (target.kind === 'action') {
      if (inline === undefined || boolean(inline, label)) actions.add(target.action);
      if (inline === undefined) previousBoolean = name;
      continue;
    }
    if (target.spec.isBoolean === true) {
      values.set(target.spec, inline ?? 'true');
      if (inline === undefined) previousBoolean = name;
      continue;
    }
    if (inline !== undefined) {
      values.set(target.spec, inline);
      continue;
    }
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) {
      throw new ConfigError(label, `needs a value, e.g. ${label}=${target.spec.placeholder}`);
    }
    values.set(target.spec, next);
    index++;
  }
  return { values, actions };
}
