import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/exporter/logger.js';

const KEY = 'sk-admin-LOGGER-SECRET-1234567890';

function capture() {
  let text = '';
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { destination, text: () => text };
}

describe('the logger', () => {
  it.each(['json', 'pretty'] as const)('never writes the admin key, wherever it appears (%s)', (format) => {
    const out = capture();
    const logger = createLogger({
      level: 'debug',
      format,
      secrets: [KEY],
      destination: out.destination,
      isTty: false,
    });
    logger.info({ adminKey: KEY, headers: { authorization: `Bearer ${KEY}` } }, `key is ${KEY}`);
    logger.error({ err: new Error(`upstream echoed "${KEY}"`) }, 'failed');
    logger.warn({ nested: { deep: [`x${KEY}y`] } }, 'nested');
    expect(out.text()).toContain('failed');
    expect(out.text()).not.toContain(KEY);
    expect(out.text()).toContain('<redacted>');
  });

  it('scrubs a key that joins its secrets later (a rotated key file), from then on', () => {
    const out = capture();
    const secrets = [KEY];
    const logger = createLogger({ level: 'info', format: 'json', secrets, destination: out.destination });
    const rotated = 'rotated-secret-not-sk-shaped-42';
    secrets.push(rotated);
    logger.info(`now sending ${rotated}`);
    expect(out.text()).toContain('now sending <redacted>');
    expect(out.text()).not.toContain(rotated);
  });

  it('scrubs a secret also in its JSON-escaped form', () => {
    const secret = 'sk-admin-"quoted"\\key';
    expect(scrubSecrets(JSON.stringify({ m: secret }), [secret])).toBe('{"m":"<redacted>"}');
  });
});
