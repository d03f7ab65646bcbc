// Panel constructors on Grafana's typed builders. Each returns a draft without id or position;
// the layout assigns both.

import { PanelBuilder as BarGaugeBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import {
  BarGaugeDisplayMode,
  BarGaugeValueMode,
  BigValueColorMode,
  BigValueGraphMode,
  BigValueJustifyMode,
  BigValueTextMode,
  GraphDrawStyle,
  GraphThresholdsStyleConfigBuilder,
  GraphThresholdsStyleMode,
  LegendDisplayMode,
  LegendPlacement,
  ReduceDataOptionsBuilder,
  SortOrder,
  StackingConfigBuilder,
  StackingMode,
  TableCellHeight,
  TableFooterOptionsBuilder,
  TimelineValueAlignment,
  TooltipDisplayMode,
  VisibilityMode,
  VizLegendOptionsBuilder,
  VizOrientation,
  VizTooltipOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import { FieldColorModeId, MappingType, type ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as StateTimelineBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import { PanelBuilder as TableBuilder } from '@grafana/grafana-foundation-sdk/table';
import { PanelBuilder as TimeseriesBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { type DataPanelBuilder, type PanelSpec, withSpec } from './panel-spec.js';

export type { PanelSpec, Query } from './panel-spec.js';

export interface PanelDraft {
  readonly width: number;
  readonly height: number;
  readonly panel: DataPanelBuilder;
}

const lastNotNull = (): ReduceDataOptionsBuilder =>
  new ReduceDataOptionsBuilder().calcs(['lastNotNull']).fields('').values(false);

const draft = (spec: PanelSpec, size: { width: number; height: number }, panel: DataPanelBuilder) => ({
  width: spec.width ?? size.width,
  height: spec.height ?? size.height,
  panel,
});

export function timeseries(spec: PanelSpec, style: { stacked?: boolean; bars?: boolean } = {}): PanelDraft {
  const stacked = style.stacked === true;
  const bars = style.bars === true;
  const panel = withSpec(new TimeseriesBuilder(), spec, { colorMode: FieldColorModeId.PaletteClassic })
    .drawStyle(bars ? GraphDrawStyle.Bars : GraphDrawStyle.Line)
    .lineWidth(1)
    .fillOpacity(stacked || bars ? 40 : 10)
    .showPoints(VisibilityMode.Never)
    .spanNulls(false)
    .stacking(new StackingConfigBuilder().mode(stacked ? StackingMode.Normal : StackingMode.None).group('A'))
    .thresholdsStyle(
      new GraphThresholdsStyleConfigBuilder().mode(
        spec.thresholds === undefined ? GraphThresholdsStyleMode.Off : GraphThresholdsStyleMode.Line,
      ),
    )
    .legend(
      new VizLegendOptionsBuilder()
        .displayMode(LegendDisplayMode.Table)
        .placement(LegendPlacement.Bottom)
        .showLegend(true)
        .calcs(['mean', 'max', 'lastNotNull']),
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));
  return draft(spec, { width: 12, height: 8 }, panel);
}

export function stat(spec: PanelSpec): PanelDraft {
  const panel = withSpec(new StatBuilder(), spec, { colorMode: FieldColorModeId.Thresholds })
    .reduceOptions(lastNotNull())
    .colorMode(BigValueColorMode.Value)
    .graphMode(BigValueGraphMode.Area)
    .justifyMode(BigValueJustifyMode.Auto)
    .textMode(BigValueTextMode.Auto)
    .orientation(VizOrientation.Auto);
  return draft(spec, { width: 6, height: 4 }, panel);
}

/** Ranked horizontal bars from instant queries, for "top N" and "share of budget" views. */
export function barGauge(spec: PanelSpec): PanelDraft {
  const panel = withSpec(new BarGaugeBuilder(), spec, {
    colorMode: FieldColorModeId.Thresholds,
    instant: true,
  })
    .reduceOptions(lastNotNull())
    .displayMode(BarGaugeDisplayMode.Gradient)
    .orientation(VizOrientation.Horizontal)
    .showUnfilled(true)
    .valueMode(BarGaugeValueMode.Color);
  return draft(spec, { width: 12, height: 8 }, panel);
}

export interface TableColumns {
  /** Several queries become one row per label set, one value column per query. */
  readonly merge?: boolean;
  /** Column headers by the names Grafana gives them, e.g. `Value #A`. */
  readonly rename?: Readonly<Record<string, string>>;
}

/** An instant query shown as one row per series, its labels as columns. */
export function table(
  spec: PanelSpec,
  hiddenColumns: readonly string[] = [],
  columns: TableColumns = {},
): PanelDraft {
  const excludeByName = Object.fromEntries(
    ['Time', '__name__', ...hiddenColumns].map((name) => [name, true]),
  );
  const panel = withSpec(new TableBuilder(), spec, {
    colorMode: FieldColorModeId.Thresholds,
    instant: true,
    format: 'table',
  })
    .showHeader(true)
    .cellHeight(TableCellHeight.Sm)
    .footer(new TableFooterOptionsBuilder().show(false).reducer(['sum']));
  if (columns.merge === true) panel.withTransformation({ id: 'merge', options: {} });
  panel.withTransformation({
    id: 'organize',
    options: { excludeByName, indexByName: {}, renameByName: { ...columns.rename } },
  });
  return draft(spec, { width: 12, height: 6 }, panel);
}

export function stateTimeline(spec: PanelSpec): PanelDraft {
  const panel = withSpec(new StateTimelineBuilder(), spec, { colorMode: FieldColorModeId.Thresholds })
    .fillOpacity(80)
    .lineWidth(0)
    .showValue(VisibilityMode.Never)
    .mergeValues(true)
    .alignValue(TimelineValueAlignment.Left)
    .rowHeight(0.9)
    .legend(
      new VizLegendOptionsBuilder()
        .displayMode(LegendDisplayMode.List)
        .placement(LegendPlacement.Bottom)
        .showLegend(true),
    )
    .tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Single).sort(SortOrder.None));
  return draft(spec, { width: 24, height: 10 }, panel);
}

/** Maps 0/1 gauges such as `up` or `poll_success` to words and colours. */
export function booleanMapping(zero: string, one: string): ValueMapping {
  return {
    type: MappingType.ValueToText,
    options: { '0': { text: zero, color: 'red', index: 0 }, '1': { text: one, color: 'green', index: 1 } },
  };
}
