// `openai-usage-exporter simulate [flags]`: runs the simulator in the foreground until SIGINT/SIGTERM.

import { createSimulator } from './simulator.js';
import type { SimulatorOptions, SimulatorScale } from './types.js';

export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

export interface SimulateArgs {
  readonly help: boolean;
  readonly host: string;
  readonly port: number;
  readonly options: SimulatorOptions;
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
  --credits                          add a "Promotional credit" line item with negative amounts
  --help                             show this help
`;

const SCALE_FLAGS: Record<string, keyof SimulatorScale> = {
  '--scale.projects': 'projects',
  '--scale.users-per-project': 'usersPerProject',
  '--scale.api-keys-per-project': 'apiKeysPerProject',
  '--scale.models': 'models',
};

function integer(flag: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new CliUsageError(`${flag}: expected an integer between ${min} and ${max}, got '${text}'`);
  }
  return value;
}

export function parseListenAddress(text: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(text);
  if (match === null) throw new CliUsageError(`--web.listen-address: expected HOST:PORT, got '${text}'`);
  const host = (match[1] ?? '').replace(/^\[(.*)\]$/, '$1');
  return { host, port: integer('--web.listen-address', match[2] ?? '', 0, 65535) };
}

export function parseSimulateArgs(argv: readonly string[]): SimulateArgs {
  let help = false;
  let address = { host: '127.0.0.1', port: 8787 };
  let seed: number | undefined;
  let delay: number | undefined;
  let credits = false;
  const scale: SimulatorScale = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    if (arg === '--credits') {
      credits = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const known =
      flag === '--web.listen-address' ||
      flag === '--seed' ||
      flag === '--finalization-delay' ||
      flag in SCALE_FLAGS;
    if (!known) throw new CliUsageError(`unknown flag: ${flag}`);
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      i += 1;
    }
    if (value === undefined) throw new CliUsageError(`${flag}: missing value`);
    if (flag === '--web.listen-address') address = parseListenAddress(value);
    else if (flag === '--seed') seed = integer(flag, value, 0, Number.MAX_SAFE_INTEGER);
    else if (flag === '--finalization-delay') delay = integer(flag, value, 0, 7 * 86_400);
    else {
      const key = SCALE_FLAGS[flag];
      if (key !== undefined) scale[key] = integer(flag, value, 1, 100_000);
    }
  }
  const options: SimulatorOptions = {
    ...(seed === undefined ? {} : { seed }),
    ...(delay === undefined ? {} : { finalizationDelaySeconds: delay }),
    ...(Object.keys(scale).length === 0 ? {} : { scale }),
    ...(credits ? { credits } : {}),
  };
  return { help, ...address, options };
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
  const running = await createSimulator(args.options).listen(args.port, args.host);
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
