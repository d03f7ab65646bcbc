// The state file: saves by result, the time of the last good one, and why saved state was not continued.

import type { Registry } from 'prom-client';
import { FAMILIES, type SelfFamilies } from './families.js';

type StateFamilies = Pick<SelfFamilies, 'stateSaves' | 'stateLastSave' | 'stateRecoveries'>;
const LAST_SAVE = FAMILIES.stateLastSave.name;

type Families = ReturnType<Registry['getMetricsAsArray']>;

export class StateMetrics {
  constructor(
    private readonly families: StateFamilies,
    private readonly registry: Registry,
  ) {}

  saved(organization: string, ok: boolean, atSeconds: number): void {
    this.families.stateSaves.inc({ organization, result: ok ? 'success' : 'failure' });
    if (!ok) return;
    // The last-save family is registered here, at the first success: before it, a 0 would read
    // as "saved in 1970". An organization without a good save yet has no series in it.
    if (this.registry.getSingleMetric(LAST_SAVE) === undefined) {
      this.registry.registerMetric(this.families.stateLastSave);
    }
    this.families.stateLastSave.set({ organization }, atSeconds);
  }

  recovered(organization: string, reason: string): void {
    this.families.stateRecoveries.inc({ organization, reason });
  }

  /** `registered`, plus the last-save family while it is not registered yet. */
  withLastSave(registered: Families): Families {
    return registered.some((metric) => metric.name === LAST_SAVE)
      ? registered
      : [...registered, this.families.stateLastSave as unknown as Families[number]];
  }
}
