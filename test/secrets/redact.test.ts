import { describe, expect, it } from 'vitest';
import { quote } from '../../src/config/config-error.js';
import { maskKeyLike, REDACTED, redactSecrets, scrubSecrets } from '../../src/secrets/redact.js';

const KEY = 'sk-admin-0123456789abcdefSECRET';

describe('redaction', () => {
  it('has one spelling everywhere', () => {
    expect(REDACTED).toBe('<redacted>');
    expect(scrubSecrets(`key=${KEY}`, [KEY])).toBe('key=<redacted>');
    expect(maskKeyLike(`value ${KEY}`)).toBe('value <redacted>');
    expect(quote(KEY)).toBe('"<redacted>"');
    expect(redactSecrets(`Incorrect API key provided: sk-proj-****abcd. Bearer ${KEY}`, '')).toBe(
      'Incorrect API key provided: <redacted>. Bearer <redacted>',
    );
  });

  it('masks the key also behind JSON escapes', () => {
    const odd = 'pa"ss\\word';
    expect(scrubSecrets(JSON.stringify({ m: odd }), [odd])).toBe('{"m":"<redacted>"}');
    expect(redactSecrets(JSON.stringify({ m: odd }), odd)).toBe('{"m":"<redacted>"}');
  });
});
