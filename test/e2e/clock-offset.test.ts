import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// The test-only preload that lets an exporter process live at another time of day.
const PRELOAD = new URL('../support/clock-offset.mjs', import.meta.url).pathname;
const DAY_MS = 86_400_000;

function runShifted(offsetMs: number, script: string): Record<string, unknown> {
  const result = spawnSync(process.execPath, ['--import', PRELOAD, '--input-type=module', '-e', script], {
    cwd: new URL('../../', import.meta.url).pathname,
    env: { ...process.env, OUE_TEST_CLOCK_OFFSET_MS: String(offsetMs) },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
}

describe('the clock-offset preload', () => {
  it('shifts Date.now and new Date() but leaves explicit dates, timers, fetch and pino working', () => {
    const before = Date.now();
    const out = runShifted(
      3 * DAY_MS,
      `
      import { createServer } from 'node:http';
      import { pino } from 'pino';
      const server = createServer((_req, res) => res.end('ok'));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const body = await (await fetch('http://127.0.0.1:' + server.address().port + '/')).text();
      server.close();
      const waited = Date.now();
      await new Promise((resolve) => setTimeout(resolve, 50));
      let line = '';
      const log = pino({ base: null }, { write: (chunk) => { line = chunk; } });
      log.info('hello');
      console.log(JSON.stringify({
        now: Date.now(), created: new Date().getTime(), explicit: new Date(0).toISOString(),
        utc: Date.UTC(2027, 0, 31), isDate: new Date() instanceof Date, body,
        elapsed: Date.now() - waited, logTime: JSON.parse(line).time,
      }));
      `,
    );
    const after = Date.now();
    for (const key of ['now', 'created', 'logTime']) {
      expect(out[key], key).toBeGreaterThanOrEqual(before + 3 * DAY_MS);
      expect(out[key], key).toBeLessThanOrEqual(after + 3 * DAY_MS);
    }
    expect(out.explicit).toBe('1970-01-01T00:00:00.000Z');
    expect(out.utc).toBe(Date.parse('2027-01-31T00:00:00Z'));
    expect(out.isDate).toBe(true);
    expect(out.body).toBe('ok');
    expect(out.elapsed).toBeGreaterThanOrEqual(40);
  });
});
