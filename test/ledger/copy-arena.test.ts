import { describe, expect, it } from 'vitest';
import { CopyArena } from '../../src/ledger/copy-arena.js';

describe('the copy arena a save copies the ledgers into', () => {
  it('hands out the same touched memory again after reuse, so later saves allocate nothing', () => {
    const arena = new CopyArena(8, 4);
    const first = arena.copyFloats(Float64Array.of(1, 2, 3), 3);
    expect(arena.fits(8, 4)).toBe(true);
    const second = arena.reuse().copyFloats(Float64Array.of(4, 5, 6), 3);
    expect(second.buffer).toBe(first.buffer);
    expect(second.byteOffset).toBe(first.byteOffset);
    expect([...second]).toEqual([4, 5, 6]);
  });

  it('says when a ledger has outgrown it, and still copies what does not fit', () => {
    const arena = new CopyArena(2, 1);
    expect(arena.fits(3, 1)).toBe(false);
    const copy = arena.copyFloats(Float64Array.of(1, 2, 3), 3);
    expect([...copy]).toEqual([1, 2, 3]);
    expect(copy.buffer.byteLength).toBe(3 * 8);
  });
});
