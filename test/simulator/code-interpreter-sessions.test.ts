import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, HOUR, startHarness, TODAY } from './helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

// Whether the live API counts a session that spans several minutes once per minute it is active
// is unverified. The simulator draws each session in a single minute, so its minutes add up to
// the hour by construction and cannot settle the question: the ledger therefore takes the hour as
// authoritative for num_sessions (see the catalog's `minutesAddUp`).
describe('code interpreter sessions in the simulator', () => {
  it('add up across the minutes of a finalized hour to exactly the hour', async () => {
    const hour = TODAY - 20 * HOUR;
    const params = { start_time: hour, end_time: hour + HOUR, group_by: ['project_id'] };
    const minutes = await h.allBuckets('code_interpreter_sessions', { ...params, bucket_width: '1m' });
    const [whole] = await h.allBuckets('code_interpreter_sessions', { ...params, bucket_width: '1h' });
    const sumByProject = new Map<string, number>();
    for (const bucket of minutes) {
      for (const r of bucket.results) {
        const key = String(r.project_id);
        sumByProject.set(key, (sumByProject.get(key) ?? 0) + (r.num_sessions as number));
      }
    }
    const hourly = new Map(whole?.results.map((r) => [String(r.project_id), r.num_sessions as number]));
    expect(minutes).toHaveLength(60);
    expect(hourly.size).toBeGreaterThan(0);
    expect(sumByProject).toEqual(hourly);
  });
});
