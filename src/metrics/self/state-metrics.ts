// The state file: saves by result, the time of the last good one, and why saved state was not continued.

import { Counter, Gauge, type Registry } from 'prom-client';

const LAST_SAVE = 'openai_exporter_state_last_save_timestamp_seconds';

type Families = ReturnType<Registry['getMetricsAsArray']>;

export class StateMetrics {
  private readonly saves: Counter<'result'>;
  private readonly lastSave: Gauge;
  private readonly recoveries: Counter<'reason'>;

  constructor(private readonly registry: Registry) {
    const registers = [registry];
    this.saves = new Counter({
      name: 'openai_exporter_state_saves_total',
      help: 'Saves of the state file, by result.',
      labelNames: ['result'],
      registers,
    });
    // Registered at the first successful save: before it, a 0 would read as "saved in 1970".
    this.lastSave = new Gauge({
      name: LAST_SAVE,
      help: 'Unix time of the last successful save of the state file.',
      registers: [],
    });
    this.recoveries = new Counter({
      name: 'openai_exporter_state_recoveries_total',
      help: 'Saved state not continued at start-up, by reason: an unusable file (moved aside) or a real change of identity (other_organization, labels_changed, filters_changed).',
      labelNames: ['reason'],
      registers,
    });
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
