import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  fetchText,
  freePort,
  killAll,
  spawnExporter,
  spawnLogged,
  tempDirectory,
  waitFor,
} from '../support/processes.js';

afterAll(() => killAll());

/** The container's HEALTHCHECK command, with the container's environment. */
async function probe(env: NodeJS.ProcessEnv): Promise<number | string> {
  return spawnLogged(process.execPath, ['--import', 'tsx', 'src/healthcheck.ts'], env).exited;
}

describe('the health probe', () => {
  it('finds the port the exporter really listens on, whatever the environment says', async () => {
    const storage = tempDirectory('oue-health-');
    const port = await freePort();
    // As `docker run IMAGE --web.listen-address=...`: the flag overrides the image's variable.
    const imageEnv = { OPENAI_EXPORTER_STORAGE_PATH: storage, OPENAI_EXPORTER_WEB_LISTEN_ADDRESS: ':9863' };
    const exporter = spawnExporter(['--demo', `--web.listen-address=127.0.0.1:${port}`], imageEnv);
    await waitFor(
      'the exporter to listen',
      async () => ((await fetchText(`http://127.0.0.1:${port}/-/healthy`)).status === 200 ? true : undefined),
      90_000,
    );
    const recorded = join(storage, 'listen-address');
    expect(JSON.parse(readFileSync(recorded, 'utf8'))).toEqual({ url: `http://127.0.0.1:${port}` });
    expect(await probe(imageEnv)).toBe(0);

    exporter.child.kill('SIGTERM');
    expect(await exporter.exited).toBe(0);
    // A stopped exporter leaves no address behind for the probe to trust.
    expect(existsSync(recorded)).toBe(false);
    expect(await probe(imageEnv)).toBe(1);
  }, 180_000);
});
