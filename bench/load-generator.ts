// Child process: scrapes one URL over keep-alive connections, the way several Prometheus servers
// would, and reports latency percentiles and throughput as one JSON line on stdout. It runs apart
// from the server it measures so the two never share an event loop.

import { Agent, request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import type { LoadFigure, LoadOptions } from './protocol.js';
import { percentile } from './stats.js';

interface Outcome {
  readonly ms: number;
  readonly bytes: number;
  readonly error?: string;
}

function scrape(agent: Agent, url: URL, gzip: boolean, verify: boolean): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(url, { agent, headers: { 'accept-encoding': gzip ? 'gzip' : 'identity' } }, (res) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (verify) chunks.push(chunk);
      });
      res.on('end', () => {
        const ms = performance.now() - started;
        const expected = Number(res.headers['content-length']);
        let error: string | undefined;
        if (res.statusCode !== 200) error = `status ${res.statusCode}`;
        else if (Number.isFinite(expected) && expected !== bytes) error = `got ${bytes} of ${expected} bytes`;
        else if (gzip && res.headers['content-encoding'] !== 'gzip') error = 'not gzip-encoded';
        else if (verify) error = checkBody(Buffer.concat(chunks), gzip);
        resolve(error === undefined ? { ms, bytes } : { ms, bytes, error });
      });
      res.on('error', (err) => resolve({ ms: performance.now() - started, bytes, error: err.message }));
    });
    req.on('error', (err) => resolve({ ms: performance.now() - started, bytes: 0, error: err.message }));
    req.end();
  });
}

/** A complete exposition ends with a newline and names a family; a torn body would not. */
function checkBody(body: Buffer, gzip: boolean): string | undefined {
  try {
    const text = (gzip ? gunzipSync(body) : body).toString('utf8');
    if (!text.endsWith('\n') || !text.includes('# TYPE ')) return 'body is not a complete exposition';
    return undefined;
  } catch (error) {
    return `body does not decompress: ${(error as Error).message}`;
  }
}

export async function runLoad(options: LoadOptions): Promise<LoadFigure> {
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let bytes = 0;
  let issued = 0;
  const started = performance.now();
  const more = () => {
    const elapsed = performance.now() - started;
    if (issued >= options.maxRequests || elapsed >= options.maxMs) return false;
    return elapsed < options.durationMs || issued < options.minRequests;
  };
  const worker = async () => {
    while (more()) {
      issued += 1;
      const verify = options.verifyEvery > 0 && (issued - 1) % options.verifyEvery === 0;
      const outcome = await scrape(agent, url, options.gzip, verify);
      latencies.push(outcome.ms);
      bytes += outcome.bytes;
      if (outcome.error !== undefined) {
        errors += 1;
        if (errorSamples.length < 5) errorSamples.push(outcome.error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    connections: options.connections,
    gzip: options.gzip,
    requests: latencies.length,
    errors,
    errorSamples,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    bytesPerRequest: latencies.length === 0 ? 0 : bytes / latencies.length,
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length === 0 ? 0 : (sorted[sorted.length - 1] as number),
  };
}

if (process.argv[2] !== undefined) {
  const options = JSON.parse(process.argv[2]) as LoadOptions;
  runLoad(options).then(
    (figure) => process.stdout.write(`${JSON.stringify(figure)}\n`),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
