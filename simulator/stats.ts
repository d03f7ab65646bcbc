// Counts of `/v1` requests received, so tests can prove e.g. that a scrape made no upstream request.

import type { RequestStats } from './types.js';

export class RequestCounter implements RequestStats {
  private counts = new Map<string, number>();

  get total(): number {
    let sum = 0;
    for (const n of this.counts.values()) sum += n;
    return sum;
  }

  record(path: string): void {
    this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
  }

  count(pathPrefix = ''): number {
    const prefix = pathPrefix.replace(/^\/+/, '').replace(/^v1\//, '');
    let sum = 0;
    for (const [path, n] of this.counts) if (path.startsWith(prefix)) sum += n;
    return sum;
  }

  byPath(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  reset(): void {
    this.counts = new Map();
  }
}
