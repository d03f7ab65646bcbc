import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { JsonPieces } from '../../src/domain/json-pieces.js';
import type { Pacing } from '../../src/domain/pacing.js';
import { jsonPieces } from '../../src/state/json-stream.js';
import { type ChunkSink, writePaced } from '../../src/state/paced-writer.js';

const spell = (value: unknown) => [...jsonPieces(value)].join('');

function piecesOf<T>(value: T): JsonPieces<T> {
  const text = JSON.stringify(value);
  return { pieces: () => [text.slice(0, 3), text.slice(3)] };
}

describe('JSON in pieces', () => {
  it('spells any JSON value exactly as JSON.stringify does', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => spell(value) === JSON.stringify(value)));
  });

  it('drops and nulls what JSON.stringify drops and nulls, and uses toJSON', () => {
    const value = {
      kept: 1,
      gone: undefined,
      fn: () => 1,
      list: [undefined, () => 1, Number.NaN, Number.POSITIVE_INFINITY, -0, 'x'],
      long: Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? null : i / 3)),
      when: new Date(0),
      empty: {},
      none: [],
    };
    expect(spell(value)).toBe(JSON.stringify(value));
  });

  it('substitutes the pieces a part gives for that part', () => {
    const ledger = { series: ['a"b', 1.5], totals: [1, 2, 3] };
    const envelope = {
      version: 1,
      categories: { embeddings: { ledger: piecesOf(ledger), lastSuccess: {} } },
    };
    expect(spell(envelope)).toBe(
      JSON.stringify({ version: 1, categories: { embeddings: { ledger, lastSuccess: {} } } }),
    );
  });
});

describe('the paced writer', () => {
  /** A clock that moves `step` milliseconds every time it is read. */
  const ticking = (step: number) => {
    let now = 0;
    return () => (now += step);
  };

  it('lets the event loop take turns once a slice is used up, and writes every piece in order', async () => {
    const pieces = Array.from({ length: 50 }, (_, i) => `piece ${i};`);
    let turns = 0;
    const pacing: Pacing = {
      sliceMs: 5,
      now: ticking(2),
      yieldToLoop: async () => {
        turns += 1;
      },
    };
    const written: string[] = [];
    await writePaced(pieces, async (chunk) => void written.push(chunk), pacing);
    expect(written.join('')).toBe(pieces.join(''));
    // Every third piece crosses a 5 ms slice on a clock read about twice per piece at 2 ms a read.
    expect(turns).toBeGreaterThanOrEqual(10);
  });

  it('hands the text over in bounded chunks, never as one string', async () => {
    const piece = 'x'.repeat(10_000);
    const pieces = Array.from({ length: 300 }, () => piece);
    const chunks: number[] = [];
    const sink: ChunkSink = async (chunk) => void chunks.push(chunk.length);
    await writePaced(pieces, sink, { sliceMs: 5, now: () => 0, yieldToLoop: async () => undefined });
    expect(chunks.reduce((a, b) => a + b, 0)).toBe(3_000_000);
    expect(chunks.length).toBeGreaterThan(4);
    expect(Math.max(...chunks)).toBeLessThan(600_000);
  });
});
