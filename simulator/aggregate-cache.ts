// Least-recently-used cache of finalized aggregates, bounded by the number of stored doubles,
// so a large benchmark organization cannot grow the simulator without bound.

export class AggregateCache<T> {
  private readonly entries = new Map<string, { value: T; cost: number }>();
  private used = 0;

  constructor(
    private readonly budget: number,
    private readonly costOf: (value: T) => number,
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: T): void {
    const cost = this.costOf(value);
    if (cost > this.budget) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.used -= previous.cost;
      this.entries.delete(key);
    }
    this.entries.set(key, { value, cost });
    this.used += cost;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.budget) break;
      this.entries.delete(oldest);
      this.used -= entry.cost;
    }
  }

  getOrCompute(key: string, compute: () => T): T {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    this.set(key, value);
    return value;
  }
}
