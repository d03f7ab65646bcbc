// The subset of Grafana's dashboard JSON model (schemaVersion 39) that our dashboards use.
// Typed so a typo in a field name fails the build instead of silently producing a panel Grafana ignores.

/** Every panel and target points at the dashboard's `datasource` variable, never at a concrete uid. */
export interface DatasourceRef {
  readonly type: 'prometheus';
  readonly uid: '${datasource}';
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's own variable syntax, not a template literal
export const DATASOURCE: DatasourceRef = { type: 'prometheus', uid: '${datasource}' };

export interface Target {
  readonly refId: string;
  readonly datasource: DatasourceRef;
  readonly expr: string;
  readonly legendFormat: string;
  readonly instant: boolean;
  readonly range: boolean;
  readonly format: 'time_series' | 'table';
}

export interface GridPos {
  readonly h: number;
  readonly w: number;
  readonly x: number;
  readonly y: number;
}

export interface ThresholdStep {
  readonly color: string;
  readonly value: number | null;
}

export interface ValueMapping {
  readonly type: 'value';
  readonly options: Readonly<
    Record<string, { readonly text: string; readonly color: string; readonly index: number }>
  >;
}

export interface FieldDefaults {
  readonly unit: string;
  readonly decimals?: number;
  readonly min?: number;
  readonly max?: number;
  readonly color: { readonly mode: string };
  readonly thresholds: { readonly mode: 'absolute'; readonly steps: readonly ThresholdStep[] };
  readonly mappings: readonly ValueMapping[];
  readonly custom?: Readonly<Record<string, unknown>>;
}

export interface FieldConfig {
  readonly defaults: FieldDefaults;
  readonly overrides: readonly unknown[];
}

export type PanelType = 'timeseries' | 'stat' | 'bargauge' | 'table' | 'state-timeline';

export interface Panel {
  readonly id: number;
  readonly type: PanelType;
  readonly title: string;
  readonly description: string;
  readonly gridPos: GridPos;
  readonly datasource: DatasourceRef;
  /** Minimum query interval; it is also the floor of `$__rate_interval`. */
  readonly interval?: string;
  readonly targets: readonly Target[];
  readonly fieldConfig: FieldConfig;
  readonly options: Readonly<Record<string, unknown>>;
  readonly transformations?: readonly unknown[];
}

export interface RowPanel {
  readonly id: number;
  readonly type: 'row';
  readonly title: string;
  readonly collapsed: false;
  readonly gridPos: GridPos;
  readonly panels: readonly [];
}

export interface DatasourceVariable {
  readonly type: 'datasource';
  readonly name: string;
  readonly label: string;
  readonly query: 'prometheus';
  readonly regex: string;
  readonly current: Readonly<Record<string, never>>;
  readonly options: readonly [];
  readonly hide: 0;
  readonly refresh: 1;
  readonly multi: false;
  readonly includeAll: false;
}

export interface QueryVariable {
  readonly type: 'query';
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly datasource: DatasourceRef;
  readonly definition: string;
  readonly query: string;
  readonly regex: string;
  readonly refresh: 2;
  readonly sort: 1;
  readonly multi: boolean;
  readonly includeAll: boolean;
  readonly allValue?: string;
  readonly current: Readonly<Record<string, never>>;
  readonly options: readonly [];
  readonly hide: 0;
}

export type Variable = DatasourceVariable | QueryVariable;

export interface DashboardLink {
  readonly type: 'dashboards';
  readonly title: string;
  readonly tags: readonly string[];
  readonly asDropdown: boolean;
  readonly includeVars: boolean;
  readonly keepTime: boolean;
}

export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly timezone: 'utc';
  readonly editable: true;
  readonly graphTooltip: 1;
  readonly schemaVersion: 39;
  readonly version: 1;
  readonly refresh: string;
  readonly time: { readonly from: string; readonly to: 'now' };
  readonly links: readonly DashboardLink[];
  readonly annotations: { readonly list: readonly unknown[] };
  readonly templating: { readonly list: readonly Variable[] };
  readonly panels: readonly (Panel | RowPanel)[];
}
