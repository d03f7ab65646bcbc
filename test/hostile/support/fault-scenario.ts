// One specification, shared by every upstream fault: the exporter polls for 10 minutes, the fault
// lasts a while, then the upstream heals and traffic ends; what /metrics served all along is judged.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../../simulator/index.js';
import { CATEGORY_IDS, type CategoryId } from '../../../src/catalog/categories.js';
import { type ClientOverrides, FaultHarness, FINALIZATION_SECONDS } from './fault-harness.js';
import { productCounterOf, type Scrape, sampleValue, totals } from './scrape-checks.js';

export interface FaultScenario {
  readonly name: string;
  readonly faults: readonly Fault[];
  /** How long the fault lasts, in minutes (polls run every 5). */
  readonly minutes: number;
  readonly client?: ClientOverrides;
  /** Categories whose polls fail while the fault lasts; the others keep counting. */
  readonly failing: readonly CategoryId[];
  /** Self-metric series that are 0 before the fault and grow while it lasts. */
  readonly evidence: readonly { readonly metric: string; readonly labels?: Record<string, string> }[];
  /** The exact growth of the first evidence series, when it is known in advance. */
  readonly exactEvidence?: number;
}

const FAULT_AT = 10;

/**
 * Traffic goes on a little after the fault, then stops. The run ends at the first hourly poll
 * after every bucket is final: minutes that left the 1m window during an outage are only ever
 * seen again inside their hour, so that poll is what makes the counters whole.
 */
function timeline(minutes: number): { trafficMinutes: number; end: number } {
  const trafficMinutes = FAULT_AT + minutes + 5;
  const final = trafficMinutes + FINALIZATION_SECONDS / 60 + 1;
  return { trafficMinutes, end: Math.ceil(final / 15) * 15 };
}

export const ALL_CATEGORIES: readonly CategoryId[] = CATEGORY_IDS;

function pollSuccess(scrape: Scrape, category: CategoryId): number[] {
  return scrape.parsed.samples
    .filter((s) => s.name === 'openai_exporter_poll_success' && s.labels.category === category)
    .map((s) => s.value);
}

/** Everything counted so far in one category, all counters and label sets together. */
function counted(scrape: Scrape, category: CategoryId): number {
  let sum = 0;
  for (const value of totals(scrape.parsed, productCounterOf(category)).values()) sum += value;
  return sum;
}

export function describeFaultScenario(scenario: FaultScenario, seed: number): void {
  describe(`the exporter while the upstream serves ${scenario.name}`, () => {
    const { trafficMinutes, end } = timeline(scenario.minutes);
    let harness: FaultHarness;
    let before: Scrape;
    let during: Scrape[];
    let faultEnd: Scrape;

    // The whole run happens here; the limit is generous for a machine busy with the whole suite.
    beforeAll(async () => {
      harness = await FaultHarness.start({
        seed,
        trafficMinutes,
        ...(scenario.client === undefined ? {} : { client: scenario.client }),
      });
      await harness.playUntil(FAULT_AT);
      before = harness.lastScrape;
      const first = harness.scrapes.length;
      for (const fault of scenario.faults) harness.simulator.faults.inject(fault);
      await harness.playUntil(FAULT_AT + scenario.minutes);
      during = harness.scrapes.slice(first);
      faultEnd = harness.lastScrape;
      harness.simulator.faults.clear();
      await harness.playUntil(end);
    }, 120_000);

    afterAll(async () => {
      await harness?.close();
    });

    it('answers every scrape with 200 and never lowers or drops a counter', () => {
      expect(harness.statuses.length).toBeGreaterThan(2 * (end / 5));
      expect(harness.statuses.filter((status) => status !== 200)).toEqual([]);
      expect(harness.regressions).toEqual([]);
    });

    const healthy = ALL_CATEGORIES.filter((id) => !scenario.failing.includes(id));

    if (scenario.failing.length > 0) {
      it(`keeps the last good values of ${scenario.failing.join(', ')} while the fault lasts`, () => {
        expect(during.length).toBeGreaterThan(1);
        for (const category of scenario.failing) {
          const good = totals(before.parsed, productCounterOf(category));
          if (category !== 'vector_stores') expect(good.size, category).toBeGreaterThan(0);
          for (const scrape of during) {
            expect(
              totals(scrape.parsed, productCounterOf(category)),
              `${category} at ${scrape.atMinute}m`,
            ).toEqual(good);
          }
        }
      });
    }

    if (healthy.length > 0) {
      it('keeps counting the categories the fault does not touch', () => {
        let grew = 0;
        for (const category of healthy) {
          expect(pollSuccess(faultEnd, category), category).not.toContain(0);
          if (counted(faultEnd, category) > counted(before, category)) grew++;
        }
        expect(grew).toBeGreaterThanOrEqual(Math.min(3, healthy.length));
      });
    }

    it('shows in its self-metrics what failed', () => {
      for (const category of ALL_CATEGORIES) expect(pollSuccess(before, category), category).not.toContain(0);
      for (const category of scenario.failing) {
        const widths = harness.exporter.pollers.find((p) => p.spec.id === category)?.widths ?? [];
        expect(pollSuccess(faultEnd, category), category).toEqual(widths.map(() => 0));
      }
      scenario.evidence.forEach(({ metric, labels }, index) => {
        const what = `${metric}${JSON.stringify(labels ?? {})}`;
        expect(sampleValue(before, metric, labels), what).toBe(0);
        const growth = sampleValue(faultEnd, metric, labels);
        if (index === 0 && scenario.exactEvidence !== undefined)
          expect(growth, what).toBe(scenario.exactEvidence);
        else expect(growth, what).toBeGreaterThan(0);
      });
      if (scenario.failing.length === 0) {
        expect(
          sampleValue(faultEnd, 'openai_exporter_malformed_pages_total') -
            sampleValue(before, 'openai_exporter_malformed_pages_total'),
        ).toBe(0);
      }
    });

    it('converges to the final totals exactly once the fault is cleared', () => {
      for (const category of ALL_CATEGORIES)
        expect(pollSuccess(harness.lastScrape, category), category).not.toContain(0);
      expect(harness.mismatches(end)).toEqual({});
    });
  });
}
