// What every data panel shares, whatever its visualisation: title, description, unit, thresholds,
// the datasource variable, the minimum interval and its Prometheus queries.

import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import {
  type FieldColor,
  FieldColorBuilder,
  type FieldColorModeId,
  type GridPos,
  type Panel,
  type Threshold,
  type ThresholdsConfig,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  type ValueMapping,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder, PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { MIN_INTERVAL } from './promql.js';

/** Every panel and target points at the dashboard's `datasource` variable, never at a concrete uid. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's own variable syntax, not a template literal
export const DATASOURCE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export interface Query {
  readonly expr: string;
  /** Grafana legend template, e.g. `{{model}}`; defaults to the series labels. */
  readonly legend?: string;
}

export interface PanelSpec {
  readonly title: string;
  readonly description: string;
  readonly unit: string;
  readonly queries: readonly Query[];
  /** Grid units out of 24. */
  readonly width?: number;
  readonly height?: number;
  readonly thresholds?: readonly Threshold[];
  readonly mappings?: readonly ValueMapping[];
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
}

/**
 * The part of every visualisation's generated PanelBuilder that the dashboards use. Each builder
 * class returns its own type from these methods, so the interface only promises they exist.
 */
export interface DataPanelBuilder extends Builder<Panel> {
  id(id: number): unknown;
  gridPos(gridPos: GridPos): unknown;
  title(title: string): unknown;
  description(description: string): unknown;
  datasource(datasource: DataSourceRef): unknown;
  /** Minimum query interval; it is also the floor of `$__rate_interval`. */
  interval(interval: string): unknown;
  unit(unit: string): unknown;
  decimals(decimals: number): unknown;
  min(min: number): unknown;
  max(max: number): unknown;
  colorScheme(color: Builder<FieldColor>): unknown;
  thresholds(thresholds: Builder<ThresholdsConfig>): unknown;
  mappings(mappings: ValueMapping[]): unknown;
  withTarget(target: Builder<Dataquery>): unknown;
}

export interface Presentation {
  readonly colorMode: FieldColorModeId;
  /** Instant queries evaluate once at the end of the range, for "now" and "top N" views. */
  readonly instant?: boolean;
  readonly format?: 'time_series' | 'table';
}

const DEFAULT_THRESHOLDS: readonly Threshold[] = [{ color: 'green', value: null }];

function target(query: Query, index: number, presentation: Presentation): DataqueryBuilder {
  const builder = new DataqueryBuilder()
    .refId(String.fromCharCode(65 + index))
    .datasource(DATASOURCE)
    .expr(query.expr)
    .legendFormat(query.legend ?? '__auto')
    .format(presentation.format === 'table' ? PromQueryFormat.Table : PromQueryFormat.TimeSeries);
  return presentation.instant === true ? builder.instant() : builder.range();
}

/** Applies the shared settings of `spec` to a visualisation's builder and returns that builder. */
export function withSpec<T extends DataPanelBuilder>(
  panel: T,
  spec: PanelSpec,
  presentation: Presentation,
): T {
  panel.title(spec.title);
  panel.description(spec.description);
  panel.datasource(DATASOURCE);
  panel.interval(MIN_INTERVAL);
  panel.unit(spec.unit);
  if (spec.decimals !== undefined) panel.decimals(spec.decimals);
  if (spec.min !== undefined) panel.min(spec.min);
  if (spec.max !== undefined) panel.max(spec.max);
  panel.colorScheme(new FieldColorBuilder().mode(presentation.colorMode));
  panel.thresholds(
    new ThresholdsConfigBuilder()
      .mode(ThresholdsMode.Absolute)
      .steps([...(spec.thresholds ?? DEFAULT_THRESHOLDS)]),
  );
  panel.mappings([...(spec.mappings ?? [])]);
  for (const [index, query] of spec.queries.entries()) panel.withTarget(target(query, index, presentation));
  return panel;
}
