import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalString } from '../../simulator/index.js';

describe('numeric-string cost amounts', () => {
  it('parse back to the identical double, without an exponent, for any non-negative double', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
        fc.constantFrom('short', 'long'),
        (x, style) => {
          const text = decimalString(x, style as 'short' | 'long');
          expect(text).toMatch(/^\d+\.\d+$/);
          expect(Object.is(Number(text), x === 0 ? 0 : x)).toBe(true);
        },
      ),
      { seed: 7, numRuns: 2000 },
    );
  });

  it('look like the live ones: "12.50" and a 28-decimal form', () => {
    expect(decimalString(12.5, 'short')).toBe('12.50');
    expect(decimalString(0.173915, 'long')).toBe('0.1739150000000000000000000000');
    expect(decimalString(1e-7, 'short')).toBe('0.0000001');
    expect(decimalString(1.5e21, 'short')).toBe('1500000000000000000000.00');
    expect(decimalString(0.30000000000000004, 'long')).toBe('0.3000000000000000400000000000');
  });
});
