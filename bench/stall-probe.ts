// Measurement aid for issue 17: which synchronous stretches > 10 ms remain during steady polls.
// A 1 ms ticker finds every gap in the event loop; an in-process CPU profile (inspector) and the
// `gc` performance entries, on the same clock, say what code and how much GC filled each gap.
// Usage: tsx bench/stall-probe.ts single 100000 30   |   tsx bench/stall-probe.ts fleet 5000 6 20
// biome-ignore-all lint/style/noNonNullAssertion: a measurement script indexing arrays it just built

import { mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { ALL_PARTS } from '../src/exporter/exposition-parts.js';
import { ExpositionCache } from '../src/metrics/exposition-cache.js';
import { FleetExposition } from '../src/metrics/fleet-exposition.js';
import { SelfMetrics } from '../src/metrics/self-metrics.js';
import { PageScanner } from '../src/openai/page-scanner.js';
import { StateKeeper } from '../src/state/state-keeper.js';
import { BenchExporter, benchConfig, silentLogger } from './bench-exporter.js';
import { stateReporter } from './keep-polling.js';
import { organizationNames, organizationWorkload } from './organization-workload.js';
import { workloadFor } from './workload.js';

const GAP_MS = 10;
const out = (text: string) => process.stdout.write(`${text}\n`);

// Every whole-body assembly (ExpositionCache.set → gzipMember): its duration and how many parts it joins.
const sets: { ms: number; keys: number; segments: number }[] = [];
const cacheProto = ExpositionCache.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
const originalSet = cacheProto.set!;
cacheProto.set = function timedSet(this: { parts: Map<string, unknown[]> }, ...args: unknown[]) {
  const t0 = performance.now();
  const result = originalSet.apply(this, args);
  let segments = 0;
  for (const list of this.parts.values()) segments += list.length;
  sets.push({ ms: performance.now() - t0, keys: this.parts.size, segments });
  return result;
};
const [mode = 'single', sizeText = '100000', roundsText = '30', orgsText = '20'] = process.argv.slice(2);

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const phases: { label: string; t0: number; t1: number }[] = [];
async function phase<T>(label: string, run: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await run();
  } finally {
    phases.push({ label, t0, t1: performance.now() });
  }
}

const gcs: { kind: number; t0: number; ms: number }[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const detail = (entry as unknown as { detail?: { kind: number } }).detail;
    gcs.push({ kind: detail?.kind ?? 0, t0: entry.startTime, ms: entry.duration });
  }
}).observe({ entryTypes: ['gc'] });

// Every chunk the scanner decodes (the bench hands it 64 KiB at a time): one synchronous stretch each.
const feeds: number[] = [];
const scannerProto = PageScanner.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
const originalFeed = scannerProto.feed!;
scannerProto.feed = function timedFeed(this: unknown, ...args: unknown[]) {
  const t0 = performance.now();
  const result = originalFeed.apply(this, args);
  feeds.push(performance.now() - t0);
  return result;
};

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'oue-stall-'));
  const benches: BenchExporter[] = [];
  if (mode === 'fleet') {
    const names = organizationNames(Number(orgsText));
    const metrics = new SelfMetrics({ version: 'probe', revision: 'probe' });
    const exposition = new FleetExposition(names, ALL_PARTS);
    names.forEach((name, index) => {
      const workload = organizationWorkload(index, Number(sizeText));
      benches.push(
        new BenchExporter(workload, benchConfig(workload, join(directory, name)), {
          organization: name,
          parts: exposition.partsFor(name),
          metrics: metrics.organization(name),
        }),
      );
    });
  } else {
    const workload = workloadFor('probe', Number(sizeText));
    benches.push(new BenchExporter(workload, benchConfig(workload, directory)));
  }
  // Label every poll and afterPoll of every bench.
  benches.forEach((bench, index) => {
    const original = bench.poll.bind(bench);
    bench.poll = (poller, width) =>
      phase(`o${index}:${poller.spec.id}/${width}`, () => original(poller, width));
  });
  const t0 = performance.now();
  for (const bench of benches) await bench.initialPolls();
  out(`initial polls ${(performance.now() - t0).toFixed(0)} ms`);
  const keeper =
    mode === 'single'
      ? new StateKeeper(directory, 'http://bench/v1', stateReporter, silentLogger, () => benches[0]!.now)
      : undefined;

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 250 });
  const gaps: { t0: number; t1: number; cpuMs: number }[] = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  const ticker = setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    // User+system CPU of the main thread and helpers: far below the wall time means descheduled.
    if (now - last > GAP_MS)
      gaps.push({ t0: last, t1: now, cpuMs: (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000 });
    last = now;
    lastCpu = cpu;
  }, 1);
  gcs.length = 0;
  feeds.length = 0;
  phases.length = 0;
  await session.post('Profiler.start');
  const profileOrigin = performance.now();
  const steadyStart = performance.now();
  for (let round = 1; round <= Number(roundsText); round++) {
    await phase(`round ${round}`, async () => {
      await Promise.all(benches.map((bench) => bench.minuteRound(round)));
      if (keeper !== undefined) await phase('save', () => keeper.save(benches[0]!.exporter.pollers));
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const steadyEnd = performance.now();
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
  clearInterval(ticker);
  out(`steady ${(steadyEnd - steadyStart).toFixed(0)} ms, ${gaps.length} gaps > ${GAP_MS} ms`);
  writeFileSync(`/tmp/stall-${mode}-${sizeText}.cpuprofile`, JSON.stringify(profile));

  // Sample times on the performance.now() clock: the profile starts when Profiler.start returned.
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const times: number[] = [];
  let t = profile.startTime;
  for (const delta of profile.timeDeltas) {
    t += delta;
    times.push((t - profile.startTime) / 1000 + profileOrigin);
  }
  const frameName = (node: Node) => {
    const file = node.callFrame.url.replace(/^.*\/(src|bench|node_modules)\//, '$1/');
    return `${node.callFrame.functionName || '(anon)'}@${file}:${node.callFrame.lineNumber + 1}`;
  };
  const ours = (node: Node) => /\/(src|bench)\//.test(node.callFrame.url);
  function describe(sampleIndex: number): { leaf: string; owner: string; path: string } {
    let node = byId.get(profile.samples[sampleIndex]!)!;
    const leaf = frameName(node);
    const chain: string[] = [];
    let owner = '';
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      node = byId.get(id)!;
      if (ours(node)) {
        if (owner === '') owner = frameName(node);
        chain.push(frameName(node).split('@')[0]!);
      }
    }
    // The outermost frames of our code: which paced loop (or plain await chain) held the loop.
    return { leaf, owner: owner || leaf, path: chain.reverse().slice(0, 4).join('>') };
  }
  const lines: string[] = [];
  const signatures = new Map<string, number[]>();
  for (const gap of gaps) {
    const ms = gap.t1 - gap.t0;
    const owners = new Map<string, number>();
    const paths = new Map<string, number>();
    let samples = 0;
    for (let i = 0; i < times.length; i++) {
      if (times[i]! < gap.t0 || times[i]! > gap.t1) continue;
      const { leaf, owner, path } = describe(i);
      const key = leaf.startsWith('(garbage') ? '(GC)' : owner;
      owners.set(key, (owners.get(key) ?? 0) + 1);
      paths.set(path, (paths.get(path) ?? 0) + 1);
      samples += 1;
    }
    const gcMs = gcs
      .filter((gc) => gc.kind !== 4 && gc.t0 < gap.t1 && gc.t0 + gc.ms > gap.t0)
      .reduce((s, gc) => s + gc.ms, 0);
    const gcSampled = (owners.get('(GC)') ?? 0) * 0.25;
    const idle = ((owners.get('(idle)@:0') ?? 0) + (owners.get('(program)@:0') ?? 0)) * 0.25;
    const concurrent = new Set(
      phases
        .filter((p) => !p.label.startsWith('round') && p.t0 < gap.t1 && p.t1 > gap.t0)
        .map((p) => p.label.split(':')[0]),
    ).size;
    const inside = phases
      .filter((p) => !p.label.startsWith('round') && p.t0 < gap.t1 && p.t1 > gap.t0)
      .map((p) => p.label);
    const top = [...owners].sort((a, b) => b[1] - a[1]).slice(0, 4);
    const topPath = [...paths].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    lines.push(
      `${ms.toFixed(1)} ms cpu=${gap.cpuMs.toFixed(1)} samples=${(samples * 0.25).toFixed(1)} idle=${idle.toFixed(1)} gcObs=${gcMs.toFixed(1)} gcProf=${gcSampled.toFixed(1)} conc=${concurrent} [${[...new Set(inside)].slice(0, 3).join(',')}] ${top
        .map(([k, n]) => `${k} ${((100 * n) / Math.max(1, samples)).toFixed(0)}%`)
        .join(' | ')}  path=${topPath}`,
    );
    const signature = topPath;
    signatures.set(signature, [...(signatures.get(signature) ?? []), ms]);
  }
  writeFileSync(`/tmp/stall-${mode}-${sizeText}.gaps.txt`, `${lines.join('\n')}\n`);
  out(`mode=${mode} size=${sizeText} rounds=${roundsText} gaps>${GAP_MS}ms=${gaps.length}`);
  const ordered = [...signatures].sort(
    (a, b) => b[1].reduce((s, x) => s + x, 0) - a[1].reduce((s, x) => s + x, 0),
  );
  for (const [signature, list] of ordered) {
    const sorted = list.sort((a, b) => a - b);
    out(
      `n=${sorted.length} p50=${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} max=${sorted.at(-1)!.toFixed(1)}  ${signature}`,
    );
  }
  const bigGc = gcs.filter((gc) => gc.ms > 5).sort((a, b) => b.ms - a.ms);
  out(
    `gc pauses > 5 ms: ${bigGc.length}; max ${bigGc[0]?.ms.toFixed(1) ?? 0} (kinds ${[...new Set(bigGc.map((g) => g.kind))]})`,
  );
  const setMs = sets
    .filter((x) => x.ms > 0)
    .map((x) => x.ms)
    .sort((a, b) => a - b);
  out(
    `cache.set n=${setMs.length} p50=${setMs[Math.floor(setMs.length / 2)]?.toFixed(2)} max=${setMs.at(-1)?.toFixed(2)} keys=${sets.at(-1)?.keys} segments=${sets.at(-1)?.segments}`,
  );
  const feedMs = feeds.sort((a, b) => a - b);
  const at = (q: number) => feedMs[Math.floor(feedMs.length * q)]?.toFixed(2);
  out(
    `scanner.feed per 64 KiB chunk n=${feedMs.length} min=${at(0)} p50=${at(0.5)} p90=${at(0.9)} max=${feedMs.at(-1)?.toFixed(1)}`,
  );
  out(`phase totals: ${summarizePhases()}`);
  process.exit(0);
}

function summarizePhases(): string {
  const totals = new Map<string, { n: number; ms: number; max: number }>();
  for (const p of phases) {
    if (p.label.startsWith('round')) continue;
    const key = p.label.replace(/^o\d+:/, '');
    const entry = totals.get(key) ?? { n: 0, ms: 0, max: 0 };
    entry.n += 1;
    entry.ms += p.t1 - p.t0;
    entry.max = Math.max(entry.max, p.t1 - p.t0);
    totals.set(key, entry);
  }
  return [...totals]
    .map(([k, v]) => `${k} n=${v.n} avg=${(v.ms / v.n).toFixed(1)} max=${v.max.toFixed(1)}`)
    .join('; ');
}

void main();
