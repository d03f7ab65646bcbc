import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/catalog/categories.js';
import type { Bucket } from '../../src/domain/bucket.js';
import { minuteUsageOf } from '../../src/poller/headroom-usage.js';

/** A completions row with input, output and requests set and every other field left out (NaN). */
function completionsValues(input: number, output: number, requests: number): number[] {
  return CATEGORIES.completions.fields.map((f) =>
    f.field === 'input_tokens'
      ? input
      : f.field === 'output_tokens'
        ? output
        : f.field === 'num_model_requests'
          ? requests
          : Number.NaN,
  );
}

const minute = (startTime: number, rows: Bucket['rows']): Bucket => ({
  startTime,
  endTime: startTime + 60,
  rows,
});

describe('usage rows for the headroom', () => {
  const groupBy = ['project_id', 'model', 'batch'];

  it('counts input plus output tokens and model requests, per bucket, project and model', () => {
    const rows = minuteUsageOf('completions', groupBy, [
      minute(600, [
        { labels: ['proj_a', 'gpt-4o-2024-08-06', 'false'], values: completionsValues(900, 100, 4) },
      ]),
    ]);
    expect(rows).toEqual([
      { projectId: 'proj_a', model: 'gpt-4o-2024-08-06', startTime: 600, tokens: 1000, requests: 4 },
    ]);
  });

  it('leaves batch usage out: it has its own daily limit', () => {
    const rows = minuteUsageOf('completions', groupBy, [
      minute(600, [
        { labels: ['proj_a', 'gpt-4o', 'true'], values: completionsValues(5000, 0, 1) },
        { labels: ['proj_a', 'gpt-4o', 'false'], values: completionsValues(10, 0, 1) },
      ]),
    ]);
    expect(rows.map((r) => r.tokens)).toEqual([10]);
  });

  it('reads embeddings input tokens, and images requests only', () => {
    const embeddings = minuteUsageOf(
      'embeddings',
      ['project_id', 'model'],
      [minute(0, [{ labels: ['proj_a', 'text-embedding-3-small'], values: [700, 3] }])],
    );
    expect(embeddings).toEqual([
      { projectId: 'proj_a', model: 'text-embedding-3-small', startTime: 0, tokens: 700, requests: 3 },
    ]);
    const images = minuteUsageOf(
      'images',
      ['project_id', 'model', 'source', 'size'],
      [minute(0, [{ labels: ['proj_a', 'gpt-image-1', 'image.generation', '1024x1024'], values: [2, 2] }])],
    );
    expect(images).toEqual([
      { projectId: 'proj_a', model: 'gpt-image-1', startTime: 0, tokens: 0, requests: 2 },
    ]);
  });

  it('gives nothing without project_id and model in the grouping, from wider buckets, or for other categories', () => {
    const bucket = minute(0, [{ labels: ['gpt-4o', 'false'], values: completionsValues(1, 1, 1) }]);
    expect(minuteUsageOf('completions', ['model', 'batch'], [bucket])).toEqual([]);
    const hour: Bucket = {
      startTime: 0,
      endTime: 3600,
      rows: [{ labels: ['p', 'm', 'false'], values: completionsValues(1, 1, 1) }],
    };
    expect(minuteUsageOf('completions', groupBy, [hour])).toEqual([]);
    expect(
      minuteUsageOf('vector_stores', ['project_id'], [minute(0, [{ labels: ['p'], values: [1] }])]),
    ).toEqual([]);
  });
});
