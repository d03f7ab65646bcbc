// `npm run simulate -- [flags]` (or `openai-usage-exporter simulate [flags]`): runs the simulator in the foreground until SIGINT/SIGTERM.

import { type ParseArgsConfig, parseArgs } from 'node:util';
import { SimulatorOptionsError } from './organization.js';
import { createOrganizationsRouter, RouterOptionsError } from './organizations-router.js';
import { createSimulator } from './simulator.js';
import type { PriceChange, RunningSimulator, SimulatorOptions, SimulatorScale } from './types.js';

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export interface SimulateArgs {
  readonly help: boolean;
  readonly host: string;
  readonly port: number;
  readonly options: SimulatorOptions;
  /** `--organization NAME=KEY`, in order; empty: one organization that takes any admin key. */
  readonly organizations: readonly { readonly name: string; readonly key: string }[];
}

export const SIMULATE_USAGE = `Usage: openai-usage-exporter simulate [flags]

Serves a deterministic stand-in for the OpenAI organization Usage and Costs API.

Flags:
  --web.listen-address HOST:PORT     address to listen on (default 127.0.0.1:8787)
  --seed N                           seed of the synthetic organization and its traffic (default 1)
  --finalization-delay SECONDS       how long a bucket keeps growing after it ends (default 480)
  --scale.projects N                 projects (default 4)
  --scale.users-per-project N        users per project (default 3)
  --scale.api-keys-per-project N     API keys per project (default 2)
  --scale.models N                   completions models, and at most N per other family (default 6)
  --organization NAME=KEY            serve several organizations on one port, each answering only to
                                     its key (repeat the flag); the i-th (from 0) is seeded with
                                     --seed + i; its test hooks are /__orgs/NAME/__truth,
                                     __faults and __keys (add or revoke a key at run time)
  --credits                          add a "Promotional credit" line item with negative amounts
  --price-change.model MODEL         change every price of this model (a snapshot name) ...
  --price-change.from YYYY-MM-DD     ... from this UTC day on ...
  --price-change.factor X            ... to X times its list price (all three go together)
  --help                             show this help
`;

const SCALE_FLAGS: Record<string, keyof SimulatorScale> = {
  'scale.projects': 'projects',
  'scale.users-per-project': 'usersPerProject',
  'scale.api-keys-per-project': 'apiKeysPerProject',
  'scale.models': 'models',
};

const PRICE_CHANGE_FLAGS = ['price-change.model', 'price-change.from', 'price-change.factor'] as const;

const FLAGS = {
  help: { type: 'boolean', short: 'h' },
  credits: { type: 'boolean' },
  'web.listen-address': { type: 'string' },
  seed: { type: 'string' },
  'finalization-delay': { type: 'string' },
  organization: { type: 'string', multiple: true },
  ...Object.fromEntries(PRICE_CHANGE_FLAGS.map((name) => [name, { type: 'string' }])),
  ...Object.fromEntries(Object.keys(SCALE_FLAGS).map((name) => [name, { type: 'string' }])),
} satisfies ParseArgsConfig['options'];

function integer(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliUsageError(`${flag}: expected an integer between ${min} and ${max}, got '${text}'`);
  }
  return value;
}

/** The three --price-change.* flags as one PriceChange, or undefined when none is given. */
function priceChange(text: (name: string) => string | undefined): PriceChange | undefined {
  const [model, from, factor] = PRICE_CHANGE_FLAGS.map(text);
  if (model === undefined && from === undefined && factor === undefined) return undefined;
  const missing = PRICE_CHANGE_FLAGS.find((name) => text(name) === undefined);
  if (missing !== undefined)
    throw new CliUsageError(`--${missing}: missing (the --price-change.* flags go together)`);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(from ?? '');
  const fromTime =
    day === null ? Number.NaN : Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) / 1000;
  if (!Number.isSafeInteger(fromTime) || new Date(fromTime * 1000).toISOString().slice(0, 10) !== from) {
    throw new CliUsageError(`--price-change.from: expected a date YYYY-MM-DD, got '${from}'`);
  }
  const ratio = /^\d+(\.\d+)?$/.test(factor ?? '') ? Number(factor) : Number.NaN;
  if (!(ratio > 0)) throw new CliUsageError(`--price-change.factor: expected a number > 0, got '${factor}'`);
  return { model: model ?? '', fromTime, factor: ratio };
}

export function parseListenAddress(text: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(text);
  if (match === null) throw new CliUsageError(`--web.listen-address: expected HOST:PORT, got '${text}'`);
  const host = (match[1] ?? '').replace(/^\[(.*)\]$/, '$1');
  return { host, port: integer('--web.listen-address', match[2] ?? '', 0, 65535) };
}

/** node:util's parse errors, reworded as this CLI's: the flag first, then what is wrong with it. */
function usageError(error: unknown): CliUsageError {
  if (!(error instanceof TypeError)) throw error;
  const code = (error as { code?: unknown }).code;
  const quoted = /'([^'\s]+)/.exec(error.message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new CliUsageError(`unknown flag: ${quoted}`);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
    return new CliUsageError(`unexpected argument: ${quoted}`);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /(--[\w.-]+)/.exec(error.message)?.[1] ?? quoted;
    const what = / argument missing/.test(error.message) ? 'missing value' : error.message;
    return new CliUsageError(`${flag}: ${what}`);
  }
  throw error;
}

export function parseSimulateArgs(argv: readonly string[]): SimulateArgs {
  let values: ReturnType<typeof parseArgs<{ options: typeof FLAGS; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({ args: [...argv], options: FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw usageError(error);
  }
  const organizations = (values.organization ?? []).map((text) => {
    const match = /^([^=]+)=(\S+)$/.exec(text);
    if (match === null) throw new CliUsageError(`--organization: expected NAME=KEY, got '${text}'`);
    return { name: match[1] ?? '', key: match[2] ?? '' };
  });
  const flags = values as Record<string, string | boolean | undefined>;
  const text = (name: string): string | undefined => {
    const value = flags[name];
    return typeof value === 'string' ? value : undefined;
  };
  const listen = text('web.listen-address');
  const address = listen === undefined ? { host: '127.0.0.1', port: 8787 } : parseListenAddress(listen);
  const seedText = text('seed');
  const seed = seedText === undefined ? undefined : integer('--seed', seedText, 0, Number.MAX_SAFE_INTEGER);
  const delayText = text('finalization-delay');
  const delay =
    delayText === undefined ? undefined : integer('--finalization-delay', delayText, 0, 7 * 86_400);
  const scale: SimulatorScale = {};
  for (const [name, key] of Object.entries(SCALE_FLAGS)) {
    const value = text(name);
    if (value !== undefined) scale[key] = integer(`--${name}`, value, 1, 100_000);
  }
  const change = priceChange(text);
  const options: SimulatorOptions = {
    ...(seed === undefined ? {} : { seed }),
    ...(delay === undefined ? {} : { finalizationDelaySeconds: delay }),
    ...(Object.keys(scale).length === 0 ? {} : { scale }),
    ...(flags.credits === true ? { credits: true } : {}),
    ...(change === undefined ? {} : { priceChange: change }),
  };
  return { help: flags.help === true, ...address, options, organizations };
}

export async function runSimulateCommand(argv: string[]): Promise<void> {
  let args: SimulateArgs;
  try {
    args = parseSimulateArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    process.stderr.write(`simulate: ${error.message}\n\n${SIMULATE_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    process.stdout.write(SIMULATE_USAGE);
    return;
  }
  let running: RunningSimulator;
  try {
    running = await serve(args);
  } catch (error) {
    // Options the flags cannot check alone, e.g. a --price-change.model the organization lacks.
    if (!(error instanceof SimulatorOptionsError || error instanceof RouterOptionsError)) throw error;
    process.stderr.write(`simulate: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`OpenAI usage simulator listening on ${running.baseUrl}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await running.close();
  process.exitCode = 0;
}

function serve({ options, organizations, port, host }: SimulateArgs): Promise<RunningSimulator> {
  if (organizations.length === 0) return createSimulator(options).listen(port, host);
  const seed = options.seed ?? 1;
  const router = createOrganizationsRouter(
    organizations.map(({ name, key }, index) => ({
      name,
      keys: [key],
      options: { ...options, seed: seed + index },
    })),
  );
  return router.listen(port, host);
}
