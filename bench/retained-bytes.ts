// Memory per series: what a fresh exporter keeps after its first polls, and what its ledgers alone
// keep once everything else of that exporter (renderers, label caches, the exposition) is dropped.
// Measured as the growth of the live heap (after full collections) plus memory outside the heap
// (typed arrays, Buffers), so it counts label strings once however many structures point to them.

import type { ExporterConfig } from '../src/config/index.js';
import type { CategoryLedger } from '../src/ledger/category-ledger.js';
import { BenchExporter } from './bench-exporter.js';
import { collectGarbage, type RetainedFigure } from './protocol.js';
import type { Workload } from './workload.js';

function liveBytes(): number {
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** Needs --expose-gc; without it the figures include garbage. */
export async function measureRetained(workload: Workload, config: ExporterConfig): Promise<RetainedFigure> {
  const before = liveBytes();
  let fresh: BenchExporter | undefined = new BenchExporter(workload, config);
  await fresh.initialPolls();
  const exporterBytes = liveBytes() - before;
  const { plain, gzip } = fresh.exporter.cache;
  const plainBytes = plain.length;
  const gzipBytes = gzip.length;
  const ledgers: CategoryLedger[] = fresh.exporter.pollers.map((poller) => poller.ledger);
  fresh = undefined;
  const ledgerBytes = liveBytes() - before;
  // Read after the measurement, so the ledgers are still referenced during it.
  const ledgerRows = ledgers.reduce((sum, ledger) => sum + ledger.trackedRows(), 0);
  return { exporterBytes, ledgerBytes, ledgerRows, plainBytes, gzipBytes };
}
