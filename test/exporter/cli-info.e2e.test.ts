import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, spawnExporter, tempDirectory } from '../support/processes.js';

afterAll(() => killAll());

// Each test starts the exporter from source, which takes a while on a busy machine.
const PROCESS_TIMEOUT_MS = 120_000;

const head = execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();

describe('--version', () => {
  it(
    'prints the version, the git revision and the Node version',
    async () => {
      const run = spawnExporter(['--version']);
      expect(await run.exited).toBe(0);
      expect(run.stdout()).toMatch(
        new RegExp(
          `^openai-usage-exporter \\d+\\.\\d+\\.\\d+\\S* \\(revision ${head}, node ${process.version}\\)\\n$`,
        ),
      );
    },
    PROCESS_TIMEOUT_MS,
  );

  it(
    'takes the revision from OPENAI_EXPORTER_REVISION when set, as the container image does',
    async () => {
      const run = spawnExporter(['-v'], { OPENAI_EXPORTER_REVISION: 'abc1234' });
      expect(await run.exited).toBe(0);
      expect(run.stdout()).toContain('(revision abc1234, node ');
    },
    PROCESS_TIMEOUT_MS,
  );
});

describe('a listen address already in use', () => {
  it(
    'stops the exporter with a message naming --web.listen-address',
    async () => {
      const { createServer } = await import('node:net');
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const { port } = taken.address() as { port: number };
      try {
        const run = spawnExporter([
          '--demo',
          `--web.listen-address=127.0.0.1:${port}`,
          `--storage.path=${tempDirectory('oue-port-taken-')}`,
        ]);
        expect(await run.exited).toBe(2);
        expect(run.output()).toContain(
          `openai-usage-exporter: --web.listen-address: 127.0.0.1:${port} is already in use`,
        );
      } finally {
        taken.close();
      }
    },
    PROCESS_TIMEOUT_MS,
  );
});

describe('the first log line', () => {
  it(
    'says the version, the upstream URL and the enabled categories',
    async () => {
      const run = spawnExporter([
        '--demo',
        '--once',
        '--categories=costs,embeddings',
        '--names.enabled=false',
        `--storage.path=${tempDirectory('oue-first-line-')}`,
      ]);
      expect(await run.exited).toBe(0);
      const first = JSON.parse(
        run
          .output()
          .split('\n')
          .find((line) => line.startsWith('{')) ?? '{}',
      );
      expect(first).toMatchObject({
        version: expect.stringMatching(/^\d+\.\d+\.\d+/),
        revision: head,
        upstream: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1$/),
        categories: ['embeddings', 'costs'],
      });
      expect(first.msg).toMatch(/^starting openai-usage-exporter \d/);
    },
    PROCESS_TIMEOUT_MS,
  );
});
