// Shared test fixtures: a simulator on 127.0.0.1:0 with a hand-driven clock.

import { expect } from 'vitest';
import {
  createSimulator,
  type RunningSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../simulator/index.js';
import { CATEGORIES, type CategoryId } from '../../src/catalog/categories.js';

export const ADMIN_KEY = 'sk-admin-TEST0123456789abcdefghijklmnopqrstuvwxyz';

/** Wednesday 2026-08-12 15:30:20 UTC: mid-afternoon, busy, and deliberately not minute-aligned. */
export const NOW_MS = Date.UTC(2026, 7, 12, 15, 30, 20);
export const NOW = NOW_MS / 1000;
export const DAY = 86_400;
export const TODAY = Math.floor(NOW / DAY) * DAY;
export const HOUR = 3600;

export class ManualClock {
  constructor(public ms: number = NOW_MS) {}
  readonly now = (): number => this.ms;
  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000;
  }
  setSeconds(seconds: number): void {
    this.ms = seconds * 1000;
  }
}

export type ParamValue = string | number | boolean | readonly string[] | undefined;

/** Builds a query string; arrays become repeated keys (the spec's encoding). */
export function query(params: Record<string, ParamValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, v);
    else search.append(key, String(value));
  }
  return search.toString();
}

export interface Harness {
  readonly sim: Simulator;
  readonly running: RunningSimulator;
  readonly clock: ManualClock;
  /** GET below /v1 with the admin key; `path` may carry its own query string. */
  get(path: string, params?: Record<string, ParamValue>, headers?: Record<string, string>): Promise<Response>;
  /** GET a category endpoint and parse the page. */
  page(category: CategoryId, params: Record<string, ParamValue>): Promise<Page>;
  /** All buckets of a query, following next_page to the end. */
  allBuckets(category: CategoryId, params: Record<string, ParamValue>): Promise<Bucket[]>;
  close(): Promise<void>;
}

export interface Bucket {
  object: 'bucket';
  start_time: number;
  end_time: number;
  results: Record<string, unknown>[];
}

export interface Page {
  object: 'page';
  data: Bucket[];
  has_more: boolean;
  next_page: string | null;
}

export async function startHarness(
  options: SimulatorOptions = {},
  clock = new ManualClock(),
): Promise<Harness> {
  const sim = createSimulator({ now: clock.now, ...options });
  const running = await sim.listen();
  const get: Harness['get'] = (path, params, headers) => {
    const qs = params === undefined ? '' : `${path.includes('?') ? '&' : '?'}${query(params)}`;
    return fetch(`${running.baseUrl}/${path}${qs}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}`, ...headers },
    });
  };
  const page: Harness['page'] = async (category, params) => {
    const res = await get(CATEGORIES[category].path, params);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
    return (await res.json()) as Page;
  };
  const allBuckets: Harness['allBuckets'] = async (category, params) => {
    const buckets: Bucket[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 10_000; i++) {
      const p = await page(category, { ...params, page: cursor });
      buckets.push(...p.data);
      if (!p.has_more) return buckets;
      cursor = p.next_page ?? undefined;
    }
    throw new Error('pagination did not end');
  };
  return { sim, running, clock, get, page, allBuckets, close: () => running.close() };
}

/** Sums numeric fields of results, keyed by the JSON of their dimension values. */
export function byLabels(
  results: readonly Record<string, unknown>[],
  dims: readonly string[],
): Map<string, Record<string, unknown>> {
  return new Map(results.map((r) => [JSON.stringify(dims.map((d) => r[d] ?? null)), r]));
}

export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** The OpenAI error of a response. */
export async function errorBody(res: Response): Promise<ErrorBody['error']> {
  return ((await res.json()) as ErrorBody).error;
}

/** One page of an admin listing. */
export interface List {
  object: 'list';
  data: Record<string, unknown>[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** Every item of an admin listing, following last_id, checking each page's list shape. */
export async function listAllOf(
  h: Harness,
  path: string,
  limit: number,
): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let after: string | undefined;
  let pages = 0;
  for (;;) {
    const res = await h.get(path, { limit, after });
    expect(res.status).toBe(200);
    const list = (await res.json()) as List;
    pages += 1;
    expect(list.object).toBe('list');
    expect(list.first_id).toBe((list.data[0]?.id as string | undefined) ?? null);
    expect(list.last_id).toBe((list.data[list.data.length - 1]?.id as string | undefined) ?? null);
    items.push(...list.data);
    if (!list.has_more) return { items, pages };
    after = list.last_id ?? undefined;
  }
}
