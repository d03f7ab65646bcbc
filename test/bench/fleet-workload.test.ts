import { describe, expect, it } from 'vitest';
import { organizationNames, organizationWorkload } from '../../bench/organization-workload.js';
import { requestsFor } from '../../bench/page-source.js';

describe("the 20-organization case's workload", () => {
  it('gives every organization ids of its own and the same shape', () => {
    const [first, seventh] = [organizationWorkload(0, 5000), organizationWorkload(6, 5000)];
    const labels = (index: number) => [first, seventh].map((w) => w.categories[0]?.labels(index));
    const [a, b] = labels(3);
    expect(b?.project_id).toMatch(/^proj_o07/);
    expect(b?.user_id).toMatch(/^user-o07/);
    expect(b?.api_key_id).toMatch(/^key_o07/);
    expect(a?.project_id).not.toBe(b?.project_id);
    expect(a?.model).toBe(b?.model);
    expect(first.categories.map((c) => c.labelSets)).toEqual(seventh.categories.map((c) => c.labelSets));
  });

  it('names the organizations org-01 to org-20', () => {
    const names = organizationNames(20);
    expect([names[0], names[19], names.length]).toEqual(['org-01', 'org-20', 20]);
  });
});

describe('upstream requests of a poll', () => {
  const query = (buckets: number) => ({
    category: 'completions' as const,
    width: '1m' as const,
    startTime: 0,
    groupBy: [],
    endTime: buckets * 60,
  });

  it('is one page while the window fits the page limit (1440 minutes for completions)', () => {
    expect(requestsFor(query(61), 61 * 60)).toBe(1);
    expect(requestsFor(query(1440), 1440 * 60)).toBe(1);
  });

  it('takes another page for every page limit more buckets', () => {
    expect(requestsFor(query(1441), 1441 * 60)).toBe(2);
  });

  it('counts the bucket in progress when the query runs until now', () => {
    const { endTime: _, ...open } = query(0);
    expect(requestsFor(open, 1440 * 60 + 1)).toBe(2);
  });
});
