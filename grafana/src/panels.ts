// Panel constructors. Each returns a draft without id or position; the layout assigns both.

import {
  DATASOURCE,
  type FieldDefaults,
  type Panel,
  type Target,
  type ThresholdStep,
  type ValueMapping,
} from './model.js';
import { MIN_INTERVAL } from './promql.js';

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
  readonly thresholds?: readonly ThresholdStep[];
  readonly mappings?: readonly ValueMapping[];
  readonly min?: number;
  readonly max?: number;
  readonly decimals?: number;
}

export interface PanelDraft {
  readonly width: number;
  readonly height: number;
  readonly panel: Omit<Panel, 'id' | 'gridPos'>;
}

const DEFAULT_THRESHOLDS: readonly ThresholdStep[] = [{ color: 'green', value: null }];

const REDUCE_LAST = { calcs: ['lastNotNull'], fields: '', values: false } as const;

function targets(queries: readonly Query[], instant: boolean, format: Target['format']): Target[] {
  return queries.map((query, index) => ({
    refId: String.fromCharCode(65 + index),
    datasource: DATASOURCE,
    expr: query.expr,
    legendFormat: query.legend ?? '__auto',
    instant,
    range: !instant,
    format,
  }));
}

function defaults(spec: PanelSpec, colorMode: string, custom?: Record<string, unknown>): FieldDefaults {
  return {
    unit: spec.unit,
    ...(spec.decimals === undefined ? {} : { decimals: spec.decimals }),
    ...(spec.min === undefined ? {} : { min: spec.min }),
    ...(spec.max === undefined ? {} : { max: spec.max }),
    color: { mode: colorMode },
    thresholds: { mode: 'absolute', steps: spec.thresholds ?? DEFAULT_THRESHOLDS },
    mappings: spec.mappings ?? [],
    ...(custom === undefined ? {} : { custom }),
  };
}

function draft(
  spec: PanelSpec,
  size: { width: number; height: number },
  panel: Omit<Panel, 'id' | 'gridPos' | 'title' | 'description' | 'datasource' | 'interval'>,
): PanelDraft {
  return {
    width: spec.width ?? size.width,
    height: spec.height ?? size.height,
    panel: {
      type: panel.type,
      title: spec.title,
      description: spec.description,
      datasource: DATASOURCE,
      interval: MIN_INTERVAL,
      targets: panel.targets,
      fieldConfig: panel.fieldConfig,
      options: panel.options,
      ...(panel.transformations === undefined ? {} : { transformations: panel.transformations }),
    },
  };
}

export function timeseries(spec: PanelSpec, style: { stacked?: boolean } = {}): PanelDraft {
  const custom = {
    drawStyle: 'line',
    lineWidth: 1,
    fillOpacity: style.stacked === true ? 40 : 10,
    showPoints: 'never',
    spanNulls: false,
    stacking: { mode: style.stacked === true ? 'normal' : 'none', group: 'A' },
    thresholdsStyle: { mode: spec.thresholds === undefined ? 'off' : 'line' },
  };
  return draft(
    spec,
    { width: 12, height: 8 },
    {
      type: 'timeseries',
      targets: targets(spec.queries, false, 'time_series'),
      fieldConfig: { defaults: defaults(spec, 'palette-classic', custom), overrides: [] },
      options: {
        legend: {
          displayMode: 'table',
          placement: 'bottom',
          showLegend: true,
          calcs: ['mean', 'max', 'lastNotNull'],
        },
        tooltip: { mode: 'multi', sort: 'desc' },
      },
    },
  );
}

export function stat(spec: PanelSpec): PanelDraft {
  return draft(
    spec,
    { width: 6, height: 4 },
    {
      type: 'stat',
      targets: targets(spec.queries, false, 'time_series'),
      fieldConfig: { defaults: defaults(spec, 'thresholds'), overrides: [] },
      options: {
        reduceOptions: REDUCE_LAST,
        colorMode: 'value',
        graphMode: 'area',
        justifyMode: 'auto',
        textMode: 'auto',
        orientation: 'auto',
      },
    },
  );
}

/** Ranked horizontal bars from instant queries, for "top N" and "share of budget" views. */
export function barGauge(spec: PanelSpec): PanelDraft {
  return draft(
    spec,
    { width: 12, height: 8 },
    {
      type: 'bargauge',
      targets: targets(spec.queries, true, 'time_series'),
      fieldConfig: { defaults: defaults(spec, 'thresholds'), overrides: [] },
      options: {
        reduceOptions: REDUCE_LAST,
        displayMode: 'gradient',
        orientation: 'horizontal',
        showUnfilled: true,
        valueMode: 'color',
      },
    },
  );
}

/** An instant query shown as one row per series, its labels as columns. */
export function table(spec: PanelSpec, hiddenColumns: readonly string[] = []): PanelDraft {
  const excludeByName = Object.fromEntries(
    ['Time', '__name__', ...hiddenColumns].map((name) => [name, true]),
  );
  return draft(
    spec,
    { width: 12, height: 6 },
    {
      type: 'table',
      targets: targets(spec.queries, true, 'table'),
      fieldConfig: { defaults: defaults(spec, 'thresholds'), overrides: [] },
      options: { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], fields: '' } },
      transformations: [{ id: 'organize', options: { excludeByName, indexByName: {}, renameByName: {} } }],
    },
  );
}

export function stateTimeline(spec: PanelSpec): PanelDraft {
  return draft(
    spec,
    { width: 24, height: 10 },
    {
      type: 'state-timeline',
      targets: targets(spec.queries, false, 'time_series'),
      fieldConfig: {
        defaults: defaults(spec, 'thresholds', { fillOpacity: 80, lineWidth: 0 }),
        overrides: [],
      },
      options: {
        showValue: 'never',
        mergeValues: true,
        alignValue: 'left',
        rowHeight: 0.9,
        legend: { displayMode: 'list', placement: 'bottom', showLegend: true },
        tooltip: { mode: 'single', sort: 'none' },
      },
    },
  );
}

/** Maps 0/1 gauges such as `up` or `poll_success` to words and colours. */
export function booleanMapping(zero: string, one: string): ValueMapping {
  return {
    type: 'value',
    options: { '0': { text: zero, color: 'red', index: 0 }, '1': { text: one, color: 'green', index: 1 } },
  };
}
