// Runs the exporter as a process and gathers everything it lets out: stdout, stderr, /metrics,
// the landing page, the readiness text and every file under its storage path.

import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchText, freePort, spawnExporter, tempDirectory, waitFor } from '../../support/processes.js';

/** The part of the key no redaction may leave behind, random so no fixture can contain it. */
export const LEAK_SECRET = randomBytes(8).toString('hex');
/** Short enough (35 characters) that messages quoting short values would quote it whole. */
export const LEAK_KEY = `sk-admin-LEAKCHECK-${LEAK_SECRET}`;

export interface Exposure {
  readonly where: string;
  readonly text: string;
}

export interface Exposed {
  readonly exposures: Exposure[];
  readonly exitCode: number | string;
  readonly output: string;
  readonly landing: string;
}

/** The places whose text contains `secret`. */
export function leaksOf(exposures: readonly Exposure[], secret = LEAK_SECRET): string[] {
  return exposures.filter((e) => e.text.includes(secret)).map((e) => e.where);
}

export function filesUnder(directory: string): Exposure[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return { where: path, text: readFileSync(path, 'utf8') };
    });
}

/**
 * Starts the exporter against `baseUrl`, waits until every category has been polled once (well or
 * not), reads its pages, stops it with SIGTERM and returns all it exposed.
 */
export async function serveAndStop(baseUrl: string, env: NodeJS.ProcessEnv): Promise<Exposed> {
  const port = await freePort();
  const storage = tempDirectory('oue-leaks-');
  const exporter = spawnExporter(
    [
      `--web.listen-address=127.0.0.1:${port}`,
      `--openai.base-url=${baseUrl}`,
      `--storage.path=${storage}`,
      '--openai.requests-per-second=100',
      '--openai.max-retries=1',
      '--poll.concurrency=8',
      // As much as the exporter ever says, so anything it could say is checked.
      '--log.level=debug',
    ],
    env,
  );
  const base = `http://127.0.0.1:${port}`;
  await waitFor('every category to be polled once', async () =>
    (await fetchText(`${base}/-/ready`)).status === 200 ? true : undefined,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${exporter.output()}`);
  });
  // The limits poll waits for the names and is not part of readiness; its errors are checked too.
  await waitFor('the limits to be polled once', async () =>
    /<th scope="row">limits<\/th><td class="state">waiting/.test((await fetchText(`${base}/`)).text)
      ? undefined
      : true,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${exporter.output()}`);
  });
  // The status page shows a poll as it ends; /metrics once its self-metrics are rendered again,
  // moments later (much later on a loaded machine): read the pages only when both show it.
  await waitFor('the limits poll to show in /metrics', async () =>
    /openai_exporter_polls_total\{[^}]*category="limits",result="(success|failure)"\} [1-9]/.test(
      (await fetchText(`${base}/metrics`)).text,
    )
      ? true
      : undefined,
  ).catch((error: Error) => {
    throw new Error(`${error.message}\n${exporter.output()}`);
  });
  const exposures: Exposure[] = [];
  for (const path of ['/metrics', '/', '/-/ready', '/-/healthy', '/no-such-page']) {
    exposures.push({ where: path, text: (await fetchText(`${base}${path}`)).text });
  }
  exporter.child.kill('SIGTERM');
  const exitCode = await exporter.exited;
  exposures.push(
    { where: 'stdout', text: exporter.stdout() },
    { where: 'stdout+stderr', text: exporter.output() },
  );
  exposures.push(...filesUnder(storage));
  return {
    exposures,
    exitCode,
    output: exporter.output(),
    landing: exposures.find((e) => e.where === '/')?.text ?? '',
  };
}
