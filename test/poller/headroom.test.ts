import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { headroom, limitModelFor, type MinuteUsage } from '../../src/poller/headroom.js';

const LIMITS = ['gpt-4', 'gpt-4o', 'gpt-4o-mini', 'o3', 'whisper-1'];

describe('mapping a usage model onto a rate-limit model', () => {
  it.each([
    ['gpt-4o-2024-08-06', 'gpt-4o'],
    ['gpt-4o-mini-2024-07-18', 'gpt-4o-mini'],
    ['gpt-4-0613', 'gpt-4'],
    ['o3-2025-04-16', 'o3'],
    ['whisper-1', 'whisper-1'],
  ])('maps %s to %s, the longest limit name it starts with', (usage, limit) => {
    expect(limitModelFor(usage, LIMITS)).toBe(limit);
  });

  it('leaves a model no limit name prefixes unmapped', () => {
    expect(limitModelFor('ft:gpt-4o-mini-2024-07-18:acme::x1', LIMITS)).toBeUndefined();
    expect(limitModelFor('dall-e-3', LIMITS)).toBeUndefined();
    expect(limitModelFor('gpt-4o', [])).toBeUndefined();
    expect(limitModelFor('gpt-4o', [''])).toBeUndefined();
  });

  const name = fc.stringMatching(/^[a-z0-9.:-]{1,12}$/);

  it('always answers a limit name that prefixes the usage model, and none longer does', () => {
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 12 }), (usage, limits) => {
        const mapped = limitModelFor(usage, limits);
        const prefixes = limits.filter((l) => usage.startsWith(l));
        if (mapped === undefined) return prefixes.length === 0;
        return (
          limits.includes(mapped) &&
          usage.startsWith(mapped) &&
          prefixes.every((l) => l.length <= mapped.length)
        );
      }),
    );
  });

  it('maps a dated snapshot of a limit model to that model, whatever shorter names also exist', () => {
    fc.assert(
      fc.property(
        name,
        fc.array(name, { maxLength: 8 }),
        fc.stringMatching(/^-\d{4}-\d{2}-\d{2}$/),
        (model, others, date) => {
          const limits = [...others.filter((o) => !(o.startsWith(model) && o.length > model.length)), model];
          return limitModelFor(`${model}${date}`, limits) === model;
        },
      ),
    );
  });

  it('does not depend on the order of the limit names', () => {
    fc.assert(
      fc.property(name, fc.array(name, { maxLength: 10 }), (usage, limits) => {
        return limitModelFor(usage, limits) === limitModelFor(usage, [...limits].reverse());
      }),
    );
  });
});

const row = (
  projectId: string,
  model: string,
  startTime: number,
  tokens: number,
  requests: number,
): MinuteUsage => ({
  projectId,
  model,
  startTime,
  tokens,
  requests,
});

describe('peak usage per project and rate-limit model', () => {
  const limitsOf = (project: string) => (project === 'proj_a' ? LIMITS : ['o3']);

  it('sums every usage model and row of one minute before taking the largest minute', () => {
    const result = headroom(
      [
        row('proj_a', 'gpt-4o-2024-08-06', 60, 1000, 2),
        row('proj_a', 'gpt-4o-2024-11-20', 60, 500, 1),
        row('proj_a', 'gpt-4o-2024-08-06', 60, 100, 1),
        row('proj_a', 'gpt-4o-2024-08-06', 120, 1400, 5),
      ],
      limitsOf,
    );
    expect(result.peaks).toEqual([
      { projectId: 'proj_a', model: 'gpt-4o', tokensPerMinute: 1600, requestsPerMinute: 5 },
    ]);
    expect(result.unmapped).toEqual([]);
  });

  it('keeps projects and limit models apart, mapping with each project its own limits', () => {
    const result = headroom(
      [
        row('proj_a', 'gpt-4o-mini-2024-07-18', 0, 10, 1),
        row('proj_a', 'gpt-4o-2024-08-06', 0, 20, 1),
        row('proj_b', 'o3-2025-04-16', 0, 30, 3),
        row('proj_b', 'gpt-4o-2024-08-06', 0, 40, 4),
      ],
      limitsOf,
    );
    expect(result.peaks).toEqual([
      { projectId: 'proj_a', model: 'gpt-4o', tokensPerMinute: 20, requestsPerMinute: 1 },
      { projectId: 'proj_a', model: 'gpt-4o-mini', tokensPerMinute: 10, requestsPerMinute: 1 },
      { projectId: 'proj_b', model: 'o3', tokensPerMinute: 30, requestsPerMinute: 3 },
    ]);
    expect(result.unmapped).toEqual([
      { projectId: 'proj_b', model: 'gpt-4o-2024-08-06', tokensPerMinute: 40, requestsPerMinute: 4 },
    ]);
  });

  it('reports usage of a project without rate limits as unmapped, per usage model', () => {
    const result = headroom(
      [row('proj_c', 'gpt-4o-2024-08-06', 0, 5, 1), row('proj_c', 'gpt-4o-2024-08-06', 60, 7, 1)],
      () => [],
    );
    expect(result.peaks).toEqual([]);
    expect(result.unmapped).toEqual([
      { projectId: 'proj_c', model: 'gpt-4o-2024-08-06', tokensPerMinute: 7, requestsPerMinute: 1 },
    ]);
  });

  it('never loses usage: every row lands in a mapped or an unmapped peak, and a peak is at most the total', () => {
    const models = fc.constantFrom(
      'gpt-4o-2024-08-06',
      'gpt-4o-mini-2024-07-18',
      'gpt-4-0613',
      'o3-2025-04-16',
      'dall-e-3',
    );
    const rows = fc.array(
      fc.record({
        projectId: fc.constantFrom('proj_a', 'proj_b'),
        model: models,
        startTime: fc.integer({ min: 0, max: 5 }).map((m) => m * 60),
        tokens: fc.nat(1000),
        requests: fc.nat(10),
      }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(rows, (input) => {
        const { peaks, unmapped } = headroom(input, limitsOf);
        for (const r of input) {
          const target = limitModelFor(r.model, limitsOf(r.projectId));
          const list = target === undefined ? unmapped : peaks;
          const peak = list.find((p) => p.projectId === r.projectId && p.model === (target ?? r.model));
          if (peak === undefined || peak.tokensPerMinute < r.tokens || peak.requestsPerMinute < r.requests)
            return false;
        }
        const total = input.reduce((sum, r) => sum + r.tokens, 0);
        return [...peaks, ...unmapped].every((p) => p.tokensPerMinute <= total);
      }),
    );
  });
});
