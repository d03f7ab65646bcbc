// Past estimated spend for Prometheus to backfill (`promtool tsdb create-blocks-from openmetrics`).
// The spike alert compares the last 10 minutes with the same hour of the past 7 days, and a live
// exporter cannot give Prometheus a week it did not scrape: Prometheus stamps samples with its own
// clock. So the week is rendered from the simulator's bill of each minute, per project, together
// with what the recording rule on it would have recorded. The bill is what the estimate learns its
// prices from; it also charges a little that no usage counter bills (vector storage), so if
// anything this baseline is a little high, and a spike has to clear more of it.

import type { Simulator } from '../../simulator/index.js';

const MINUTE = 60;
/** The recording rule's window: instance:openai_cost_estimated_usd_per_hour:rate10m. */
const RATE_WINDOW_MINUTES = 10;

/**
 * The target labels Prometheus gives the live series, and the exporter's `organization` label: a
 * history without it matches none of them, and the spike alert's comparison has nothing to compare.
 */
export interface HistoryScope {
  readonly job: string;
  readonly instance: string;
  readonly organization: string;
}

/** USD billed per project for each minute of [startTime, endTime) (whole minutes, unix seconds). */
function spendPerMinute(simulator: Simulator, startTime: number, minutes: number): Map<string, Float64Array> {
  const perProject = new Map<string, Float64Array>();
  for (let m = 0; m < minutes; m++) {
    const start = startTime + m * MINUTE;
    const rows = simulator.truth.finalTotals({
      category: 'costs',
      startTime: start,
      endTime: start + MINUTE,
      groupBy: ['project_id'],
    });
    for (const row of rows) {
      const project = String(row.labels.project_id);
      let spend = perProject.get(project);
      if (spend === undefined) {
        spend = new Float64Array(minutes);
        perProject.set(project, spend);
      }
      spend[m] = row.values.amount ?? 0;
    }
  }
  return perProject;
}

/**
 * OpenMetrics text for [startTime, endTime): `openai_cost_estimated_usd_total` per project, counted
 * from 0 at startTime and sampled at each minute's end, and its recorded 10m rate in USD an hour.
 */
export function estimateHistory(
  simulator: Simulator,
  scope: HistoryScope,
  startTime: number,
  endTime: number,
): string {
  if (startTime % MINUTE !== 0 || endTime % MINUTE !== 0 || endTime <= startTime) {
    throw new RangeError(`history must span whole minutes, got [${startTime}, ${endTime})`);
  }
  const minutes = (endTime - startTime) / MINUTE;
  const scopeLabels = `job="${scope.job}",instance="${scope.instance}",organization="${scope.organization}"`;
  const lines: string[] = [];
  const total = new Float64Array(minutes + 1);
  for (const [project, spend] of spendPerMinute(simulator, startTime, minutes)) {
    let counter = 0;
    for (let m = 0; m < minutes; m++) {
      counter += spend[m] ?? 0;
      total[m + 1] = (total[m + 1] ?? 0) + counter;
      const at = startTime + (m + 1) * MINUTE;
      lines.push(`openai_cost_estimated_usd_total{${scopeLabels},project_id="${project}"} ${counter} ${at}`);
    }
  }
  // Summed over projects: what `sum by (job, instance, organization) (rate(...[10m])) * 3600` gives on samples
  // one minute apart, where the window holds its own ends and nothing is extrapolated.
  for (let m = RATE_WINDOW_MINUTES; m <= minutes; m++) {
    const increase = (total[m] ?? 0) - (total[m - RATE_WINDOW_MINUTES] ?? 0);
    const perHour = (increase / (RATE_WINDOW_MINUTES * MINUTE)) * 3600;
    const at = startTime + m * MINUTE;
    lines.push(`instance:openai_cost_estimated_usd_per_hour:rate10m{${scopeLabels}} ${perHour} ${at}`);
  }
  return `${lines.join('\n')}\n# EOF\n`;
}
