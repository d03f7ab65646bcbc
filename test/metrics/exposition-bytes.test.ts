import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpositionCache } from '../../src/metrics/exposition-cache.js';
import { ExpositionWriter, formatLabels, formatValue } from '../../src/metrics/text-format.js';

const LABELS = formatLabels(['project_id', 'model'], ['proj_ä"\\x', 'gpt\n4o']);

function written(value: number, estimate = 0): string {
  const writer = new ExpositionWriter(estimate);
  writer.sample('openai_x_total', LABELS, Buffer.byteLength(LABELS), value);
  return writer.finish().toString('utf8');
}

describe('the exposition writer', () => {
  it('writes every number exactly as the text format spells it', () => {
    const special = [0, -0, 1, 9, 10, 99, 100, 999_999_999_999_999, 1e15, 2 ** 53, 1e21, 0.1, -3, 1.5e-7];
    const infinite = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (const value of [...special, ...infinite]) {
      expect(written(value)).toBe(`openai_x_total${LABELS} ${formatValue(value)}\n`);
    }
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), (value) => {
        expect(written(value)).toBe(`openai_x_total${LABELS} ${formatValue(value)}\n`);
      }),
      { numRuns: 2000 },
    );
  });

  it('grows past a small estimate without losing what was already written', () => {
    const writer = new ExpositionWriter(0);
    const lines: string[] = [];
    writer.text('# TYPE openai_x_total counter\n');
    for (let i = 0; i < 3000; i++) {
      writer.sample('openai_x_total', LABELS, Buffer.byteLength(LABELS), i * 7919);
      lines.push(`openai_x_total${LABELS} ${i * 7919}\n`);
    }
    expect(writer.finish().toString('utf8')).toBe(`# TYPE openai_x_total counter\n${lines.join('')}`);
  });
});

describe('the exposition cache', () => {
  it('keeps parts in the declared order, with undeclared parts after them', async () => {
    const cache = new ExpositionCache(['a', 'b']);
    await cache.update('extra', 'metric_extra 9\n');
    await cache.update('b', Buffer.from('metric_b 2\n'));
    await cache.update('a', 'metric_a 1\n');
    expect(cache.plain.toString()).toBe('metric_a 1\nmetric_b 2\nmetric_extra 9\n');
    expect(gunzipSync(cache.gzip).toString()).toBe(cache.plain.toString());
  });

  it('never lets an older render of a part replace a newer one that was compressed first', async () => {
    const cache = new ExpositionCache(['a'], 1024);
    const older = Array.from({ length: 5000 }, (_, i) => `metric_a{n="${i}"} 1\n`).join('');
    const slow = cache.update('a', older);
    const fast = cache.update('a', 'metric_a 2\n');
    await Promise.all([slow, fast]);
    expect(cache.plain.toString()).toBe('metric_a 2\n');
    expect(gunzipSync(cache.gzip).toString()).toBe('metric_a 2\n');
  });

  it('keeps serving the previous body until a new part is compressed', async () => {
    const cache = new ExpositionCache(['a', 'b']);
    await cache.update('a', 'metric_a 1\n');
    const pending = cache.update('b', 'metric_b 2\n');
    expect(cache.plain.toString()).toBe('metric_a 1\n');
    expect(gunzipSync(cache.gzip).toString()).toBe('metric_a 1\n');
    await pending;
    expect(gunzipSync(cache.gzip).toString()).toBe('metric_a 1\nmetric_b 2\n');
  });

  it('keeps no reference to the text it was given: only the compressed body, the text inflated from it', async () => {
    const cache = new ExpositionCache(['a', 'b'], 1024);
    const rendered = Buffer.from(Array.from({ length: 500 }, (_, i) => `metric_a{n="${i}"} ${i}\n`).join(''));
    const text = rendered.toString();
    await cache.update('a', rendered);
    await cache.update('b', 'metric_b 2\n');
    // A renderer may reuse its buffer once the update resolved.
    rendered.fill(0x23);
    expect(cache.plain.toString()).toBe(`${text}metric_b 2\n`);
    expect((await cache.plainBody()).toString()).toBe(`${text}metric_b 2\n`);
    expect(gunzipSync(cache.gzip).toString()).toBe(`${text}metric_b 2\n`);
  });
});
