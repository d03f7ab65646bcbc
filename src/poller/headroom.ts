// Rate-limit headroom. Usage reports dated snapshots (`gpt-4o-2024-08-06`) while rate limits name
// models (`gpt-4o`), so each usage model is mapped onto the LONGEST rate-limit model name that is a
// prefix of it: `gpt-4o-2024-08-06` goes to `gpt-4o`, not `gpt-4`, and `gpt-4o-mini-2024-07-18` to
// `gpt-4o-mini` when the project has that limit. A usage model no limit name prefixes is unmapped,
// and reported as such rather than dropped.
//
// The peaks come from 1-minute usage buckets, which hold the exact per-minute totals: per project
// and limit model, the per-minute sums over every usage model mapped to it, and the largest of them.

export interface MinuteUsage {
  readonly projectId: string;
  /** The model as usage reports it, e.g. `gpt-4o-2024-08-06`. */
  readonly model: string;
  /** Start of the 1-minute bucket, Unix seconds. */
  readonly startTime: number;
  /** The tokens that count against tokens per minute (the caller picks the usage fields). */
  readonly tokens: number;
  readonly requests: number;
}

export interface PeakUsage {
  readonly projectId: string;
  /** The rate-limit model for a mapped peak; the usage model for an unmapped one. */
  readonly model: string;
  /** The largest per-minute token total; it and the request peak may fall in different minutes. */
  readonly tokensPerMinute: number;
  readonly requestsPerMinute: number;
}

export interface Headroom {
  /** Sorted by project, then model. */
  readonly peaks: readonly PeakUsage[];
  /** Usage whose model no rate-limit name of its project prefixes, by usage model; sorted likewise. */
  readonly unmapped: readonly PeakUsage[];
}

/** The longest of `limitModels` that `usageModel` starts with; undefined when none does. */
export function limitModelFor(usageModel: string, limitModels: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const name of limitModels) {
    if (name === '' || !usageModel.startsWith(name)) continue;
    if (best === undefined || name.length > best.length) best = name;
  }
  return best;
}

interface Totals {
  readonly tokens: Map<number, number>;
  readonly requests: Map<number, number>;
}

/** Peaks per (project, limit model) over `rows`; `limitModelsOf` gives a project's rate-limit models. */
export function headroom(
  rows: Iterable<MinuteUsage>,
  limitModelsOf: (projectId: string) => readonly string[],
): Headroom {
  const mapped = new Map<string, Totals>();
  const unmapped = new Map<string, Totals>();
  const mapping = new Map<string, string | undefined>();
  for (const row of rows) {
    const usageKey = JSON.stringify([row.projectId, row.model]);
    if (!mapping.has(usageKey)) mapping.set(usageKey, limitModelFor(row.model, limitModelsOf(row.projectId)));
    const limitModel = mapping.get(usageKey);
    const key = limitModel === undefined ? usageKey : JSON.stringify([row.projectId, limitModel]);
    const table = limitModel === undefined ? unmapped : mapped;
    let totals = table.get(key);
    if (totals === undefined) {
      totals = { tokens: new Map(), requests: new Map() };
      table.set(key, totals);
    }
    add(totals.tokens, row.startTime, row.tokens);
    add(totals.requests, row.startTime, row.requests);
  }
  return { peaks: peaksOf(mapped), unmapped: peaksOf(unmapped) };
}

function add(perMinute: Map<number, number>, minute: number, value: number): void {
  perMinute.set(minute, (perMinute.get(minute) ?? 0) + value);
}

function peaksOf(table: ReadonlyMap<string, Totals>): PeakUsage[] {
  return [...table]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, totals]) => {
      const [projectId, model] = JSON.parse(key) as [string, string];
      return {
        projectId,
        model,
        tokensPerMinute: Math.max(0, ...totals.tokens.values()),
        requestsPerMinute: Math.max(0, ...totals.requests.values()),
      };
    });
}
