// Child process: the same families, label sets and values as the exporter served, in a prom-client
// registry, served the way a prom-client exporter serves them: `register.metrics()` on every scrape
// and gzip per request when the scraper accepts it.

import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Counter, Gauge, Registry } from 'prom-client';
import { readExposition } from './exposition-reader.js';
import { collectGarbage, memoryNow, type PromClientTargetReport } from './protocol.js';
import { runTarget, send } from './target-process.js';

const gzipAsync = promisify(gzip);

export function registryFrom(text: string): { registry: Registry; series: number } {
  const registry = new Registry();
  const declared = new Map<string, { type: string; help: string }>();
  const metrics = new Map<string, Counter<string> | Gauge<string>>();
  let series = 0;
  readExposition(text, {
    family(name, type, help) {
      declared.set(name, { type, help });
    },
    sample(name, labelNames, labelValues, value) {
      let metric = metrics.get(name);
      if (metric === undefined) {
        const family = declared.get(name) ?? { type: 'gauge', help: name };
        const config = { name, help: family.help, labelNames: [...labelNames], registers: [registry] };
        metric = family.type === 'counter' ? new Counter(config) : new Gauge(config);
        metrics.set(name, metric);
      }
      const labels: Record<string, string> = {};
      for (let i = 0; i < labelNames.length; i++) labels[labelNames[i] as string] = labelValues[i] as string;
      if (metric instanceof Counter) metric.inc(labels, value);
      else metric.set(labels, value);
      series += 1;
    },
  });
  return { registry, series };
}

async function main(): Promise<void> {
  const file = process.argv[2] ?? '';
  const buildStarted = performance.now();
  const { registry, series } = registryFrom(readFileSync(file, 'utf8'));
  const buildMs = performance.now() - buildStarted;
  const metricsStarted = performance.now();
  const plainBytes = Buffer.byteLength(await registry.metrics());
  const metricsMs = performance.now() - metricsStarted;
  collectGarbage();
  const memory = memoryNow();
  const server = createServer((req, res) => {
    void (async () => {
      const text = await registry.metrics();
      res.setHeader('Content-Type', registry.contentType);
      if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
        res.setHeader('Content-Encoding', 'gzip');
        res.end(await gzipAsync(text));
      } else {
        res.end(text);
      }
    })().catch(() => {
      res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const report: PromClientTargetReport = {
    url: `http://127.0.0.1:${port}/metrics`,
    series,
    buildMs,
    metricsMs,
    plainBytes,
    memory,
  };
  send({ type: 'ready', report });
  process.on('disconnect', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

runTarget(main);
