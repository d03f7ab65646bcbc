// The state file: saves by result, the time of the last good one, and why saved state was not continued.

import type { Counter, Gauge, Registry } from 'prom-client';
import { counter, FAMILIES, gauge } from './families.js';

const LAST_SAVE = FAMILIES.stateLastSave.name;

type Families = ReturnType<Registry['getMetricsAsArray']>;

export class StateMetrics {
  private readonly saves: Counter<'result'>;
  private readonly lastSave: Gauge;
  private readonly recoveries: Counter<'reason'>;

  constructor(private readonly registry: Registry) {
    const registers = [registry];
    this.saves = counter(FAMILIES.stateSaves, registers);
    // Registered at the first successful save: before it, a 0 would read as "saved in 1970".
    this.lastSave = gauge(FAMILIES.stateLastSave, []);
    this.recoveries = counter(FAMILIES.stateRecoveries, registers);
  }

  saved(ok: boolean, atSeconds: number): void {
    this.saves.inc({ result: ok ? 'success' : 'failure' });
    if (!ok) return;
    if (this.registry.getSingleMetric(LAST_SAVE) === undefined) this.registry.registerMetric(this.lastSave);
    this.lastSave.set(atSeconds);
  }

  recovered(reason: string): void {
    this.recoveries.inc({ reason });
  }

  /** `registered`, plus the last-save family while it is not registered yet. */
  withLastSave(registered: Families): Families {
    return registered.some((metric) => metric.name === LAST_SAVE)
      ? registered
      : [...registered, this.lastSave as unknown as Families[number]];
  }
}
