// Faults that reshape a successful answer: odd-but-parseable pages and broken bytes.

import { CATEGORIES, type CategorySpec } from '../src/catalog/categories.js';
import type { PageAnswer, PageBody } from './pages.js';
import type { Fault } from './types.js';

const COSTS_OPTIONAL = ['quantity', 'quantity_unit', 'organization_id'];

/** Applies a page-shaping fault to a page answer, returning the JSON value to send. */
export function shapePage(answer: PageAnswer, category: CategorySpec, fault: Fault | undefined): unknown {
  const page: PageBody = answer.body;
  switch (fault?.kind) {
    case 'repeating-cursor':
      return { ...page, has_more: true, next_page: answer.restartCursor };
    case 'has-more-null-next':
      return { ...page, has_more: true, next_page: null };
    case 'legacy-result-key':
      return {
        ...page,
        data: page.data.map(({ results, ...bucket }) => ({ ...bucket, result: results })),
      };
    case 'drop-optional-fields': {
      const optional = new Set(category.fields.filter((f) => !f.required).map((f) => f.field));
      if (category === CATEGORIES.costs) for (const key of COSTS_OPTIONAL) optional.add(key);
      return {
        ...page,
        data: page.data.map((bucket) => ({
          ...bucket,
          results: bucket.results.map((result) =>
            Object.fromEntries(
              Object.entries(result).filter(([key, value]) => value !== null && !optional.has(key)),
            ),
          ),
        })),
      };
    }
    case 'drop-cost-amount':
      return {
        ...page,
        data: page.data.map((bucket) => ({
          ...bucket,
          results: bucket.results.map(({ amount: _amount, ...result }) => result),
        })),
      };
    case 'extra-fields':
      return {
        ...page,
        usage_report_version: '2099-01-01',
        data: page.data.map((bucket) => ({
          ...bucket,
          bucket_width: 'unknown',
          results: bucket.results.map((result) => ({
            ...result,
            input_future_tokens: 7,
            x_simulator_note: { nested: [1, 'two', null] },
          })),
        })),
      };
    default:
      return page;
  }
}

export interface WireBody {
  readonly text: string;
  /** Send without Content-Length (chunked), so a size cap must count bytes as they arrive. */
  readonly chunked: boolean;
}

/** Applies a byte-level fault to the serialized body. */
export function shapeBytes(text: string, fault: Fault | undefined): WireBody {
  switch (fault?.kind) {
    case 'truncated-json':
      return { text: text.slice(0, Math.max(1, Math.floor(text.length / 2))), chunked: false };
    case 'malformed-json':
      return { text: `${text.slice(0, -1)},}`, chunked: false };
    case 'oversized':
      // Whitespace padding keeps the body valid JSON: only its size is wrong.
      return { text: text + ' '.repeat(Math.max(0, fault.bytes - Buffer.byteLength(text))), chunked: true };
    default:
      return { text, chunked: false };
  }
}
