// Per-stream sums of a category's components over some minutes. A stream is one combination
// of every dimension digit (project, user, key, model, …), so any grouping or filter can be
// answered from it later, and finalized hours/days can be cached once.

export interface FrozenTable {
  readonly width: number;
  readonly keys: Float64Array;
  /** `keys.length * width` component sums, row-major. */
  readonly values: Float64Array;
}

export class TableBuilder {
  private readonly index = new Map<number, number>();
  private keys: number[] = [];
  private values: Float64Array;

  constructor(readonly width: number) {
    this.values = new Float64Array(width * 64);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Adds `components[offset .. offset+width)` to the row of `key`. */
  add(key: number, components: ArrayLike<number>, offset = 0): void {
    let row = this.index.get(key);
    if (row === undefined) {
      row = this.keys.length;
      this.index.set(key, row);
      this.keys.push(key);
      if ((row + 1) * this.width > this.values.length) {
        const grown = new Float64Array(this.values.length * 2);
        grown.set(this.values);
        this.values = grown;
      }
    }
    const base = row * this.width;
    for (let c = 0; c < this.width; c++)
      this.values[base + c] = (this.values[base + c] ?? 0) + (components[offset + c] ?? 0);
  }

  merge(table: FrozenTable): void {
    for (let i = 0; i < table.keys.length; i++) this.add(table.keys[i] ?? 0, table.values, i * this.width);
  }

  freeze(): FrozenTable {
    return {
      width: this.width,
      keys: Float64Array.from(this.keys),
      values: this.values.slice(0, this.keys.length * this.width),
    };
  }
}
