import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { UpstreamNetworkError } from '../../src/openai/index.js';
import { defaultAttemptTimer } from '../../src/openai/sleep.js';
import { sendAttempt } from '../../src/openai/transport.js';

async function failureOf(url: string): Promise<Error> {
  try {
    await sendAttempt({
      category: 'costs',
      url,
      headers: {},
      timeoutMs: 10_000,
      timer: defaultAttemptTimer,
      maxBytes: 1000,
      signal: undefined,
      onStatus() {},
    });
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the attempt to fail');
}

/** A port on which nothing listens: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('a network failure', () => {
  it('names the host and port that refused the connection', async () => {
    const port = await closedPort();
    const error = await failureOf(`http://127.0.0.1:${port}/v1/organization/costs`);
    expect(error).toBeInstanceOf(UpstreamNetworkError);
    expect(error.message).toContain(`connection refused by 127.0.0.1:${port}`);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('explains "bad port": fetch will not connect to ports it considers unsafe', async () => {
    const error = await failureOf('http://127.0.0.1:6000/v1/organization/costs');
    expect(error).toBeInstanceOf(UpstreamNetworkError);
    expect(error.message).toMatch(
      /bad port: port 6000 is on fetch's list of blocked ports.*choose another port/,
    );
  });

  it('names the host that could not be resolved', async () => {
    const error = await failureOf('http://no-such-host.invalid/v1/organization/costs');
    expect(error.message).toContain('ENOTFOUND');
    expect(error.message).toContain('no-such-host.invalid');
  });
});
