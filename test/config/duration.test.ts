import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, InvalidDurationError, parseDuration } from '../../src/config/index.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['1w', 604_800_000],
    ['1y', 365 * 86_400_000],
    ['1h30m', 5_400_000],
    ['1d2h3m4s5ms', 93_784_005],
    ['90s', 90_000],
    ['0s', 0],
    ['0', 0],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    ['an empty string', ''],
    ['a bare number', '5'],
    ['a fraction', '1.5h'],
    ['a negative duration', '-1s'],
    ['units out of order', '1m1h'],
    ['a repeated unit', '1h1h'],
    ['an upper-case unit', '1H'],
    ['inner whitespace', '5 m'],
    ['leading whitespace', ' 5m'],
    ['an unknown unit', '5min'],
    ['words', 'soon'],
    ['an overflowing value', '99999999999999999y'],
  ])('rejects %s', (_, text) => {
    expect(() => parseDuration(text)).toThrow(InvalidDurationError);
  });

  it('names the bad text and shows what a duration looks like', () => {
    expect(() => parseDuration('soon')).toThrow(/"soon" is not a duration.*e\.g\. 30s/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [90_000, '1m30s'],
    [86_400_000, '1d'],
    [5_400_000, '1h30m'],
  ])('writes %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('is read back by parseDuration as the same number of milliseconds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
    );
  });
});
