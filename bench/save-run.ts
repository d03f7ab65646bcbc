// The state save alone, for trying changes to it without the whole benchmark (which measures the
// same thing in its exporter process): the first polls of a scale, then saves with the event loop
// watched. Prints one line per scale; writes nothing else.
//   node --expose-gc --max-old-space-size=8192 --import tsx bench/save-run.ts --scales=100k,1M

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StateKeeper } from '../src/state/state-keeper.js';
import { BenchExporter, benchConfig, silentLogger } from './bench-exporter.js';
import { collectGarbage } from './protocol.js';
import { measureSaves } from './save-stall.js';
import { workloadFor } from './workload.js';

const SERIES: Readonly<Record<string, number>> = { '10k': 10_000, '100k': 100_000, '1M': 1_000_000 };

async function main(): Promise<void> {
  const picked = process.argv
    .find((arg) => arg.startsWith('--scales='))
    ?.slice('--scales='.length)
    .split(',') ?? ['100k'];
  for (const name of picked) {
    const series = SERIES[name];
    if (series === undefined)
      throw new Error(`unknown scale ${name}; one of ${Object.keys(SERIES).join(', ')}`);
    const directory = mkdtempSync(join(tmpdir(), `oue-save-${name}-`));
    const bench = new BenchExporter(
      workloadFor(name, series),
      benchConfig(workloadFor(name, series), directory),
    );
    await bench.initialPolls();
    const keeper = new StateKeeper(directory, 'http://bench/v1', noReporter, silentLogger, () => bench.now);
    collectGarbage();
    const figure = await measureSaves(
      () => keeper.save(bench.exporter.pollers),
      bench.exporter.pollers.map((poller) => poller.ledger),
      series >= 1_000_000 ? 2 : 3,
    );
    const bytes = statSync(join(directory, 'openai-usage-exporter.state.json')).size;
    rmSync(directory, { recursive: true, force: true });
    const rows = bench.exporter.pollers.reduce((sum, poller) => sum + poller.ledger.trackedRows(), 0);
    process.stdout.write(
      `${JSON.stringify({ scale: name, ledgerRows: rows, bytes, ...round(figure), rssMb: Math.round(process.memoryUsage().rss / 1048576) })}\n`,
    );
  }
}

const noReporter = { stateSaved() {}, stateRecovered() {} };

function round<T extends object>(figure: T): T {
  return Object.fromEntries(
    Object.entries(figure).map(([key, value]) => [
      key,
      typeof value === 'number' ? Math.round(value * 10) / 10 : value,
    ]),
  ) as T;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
