// Memory per series: what a fresh exporter keeps after its first polls, and what its ledgers alone
// keep once everything else of that exporter (renderers, label caches, the exposition) is dropped.
// Measured as the growth of the live heap (after full collections) plus memory outside the heap
// (typed arrays, Buffers), so it counts label strings once however many structures point to them.

import type { ExporterConfig } from '../src/config/index.js';
import type { CategoryLedger } from '../src/ledger/category-ledger.js';
import { BenchExporter } from './bench-exporter.js';
import { collectGarbage, type RetainedFigure } from './protocol.js';
import type { Workload } from './workload.js';

/** After a turn of the event loop: until then the finished polls' promises still hold the exporter. */
async function liveBytes(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 10));
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Needs --expose-gc; without it the figures include garbage. */
export async function measureRetained(workload: Workload, config: ExporterConfig): Promise<RetainedFigure> {
  const before = await liveBytes();
  let fresh: BenchExporter | undefined = new BenchExporter(workload, config);
  await fresh.initialPolls();
  // Assembled on the first gzip scrape, as Prometheus makes; the plain body only on a plain scrape,
  // so it is read after the measurement (and dropped with the exporter).
  const gzipBytes = fresh.exporter.cache.gzip.length;
  const exporterBytes = (await liveBytes()) - before;
  const plainBytes = fresh.exporter.cache.plain.length;
  const ledgers: CategoryLedger[] = fresh.exporter.pollers.map((poller) => poller.ledger);
  fresh = undefined;
  const ledgerBytes = (await liveBytes()) - before;
  // Read after the measurement, so the ledgers are still referenced during it.
  const ledgerRows = ledgers.reduce((sum, ledger) => sum + ledger.trackedRows(), 0);
  return { exporterBytes, ledgerBytes, ledgerRows, plainBytes, gzipBytes };
}
