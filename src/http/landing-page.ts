// A page a person can read: is polling working, how fresh is the data, what went wrong, where are
// the metrics and the docs. Everything that comes from outside (error texts, names) is escaped.

export interface WidthStatus {
  readonly width: string;
  /** The first poll at this width has finished (successfully or not). */
  readonly attempted: boolean;
  readonly lastSuccess?: number;
  readonly lastError?: string;
}

export interface CategoryStatus {
  readonly category: string;
  readonly widths: readonly WidthStatus[];
  readonly newestBucketEnd?: number;
  readonly series: number;
}

/** A poll with no width and no buckets: the names, the limits. */
export type PollerStatus = Omit<WidthStatus, 'width'>;

/** The poll of project, API key and user names. */
export type NamesStatus = PollerStatus;

/** What one organization polls, and how that went. */
export interface OrganizationStatus {
  /** The `organization` label value; the page names it above the organization's table. */
  readonly organization?: string;
  readonly categories: readonly CategoryStatus[];
  /** Absent when names are not polled. */
  readonly names?: NamesStatus;
  /** The poll of spend limits, spend alerts and rate limits; absent when limits are not polled. */
  readonly limits?: PollerStatus;
  /** Why the organization is not polled at all (its rotated key answers for another organization). */
  readonly refused?: string;
}

export interface LandingStatus extends OrganizationStatus {
  readonly version: string;
  readonly nowSeconds: number;
  /** Every organization, each in its own group; without it the page shows the one status above. */
  readonly organizations?: readonly OrganizationStatus[];
  /** The upstream is the built-in simulator. */
  readonly demo?: boolean;
}

export type CategoryState = 'ok' | 'failing' | 'waiting';

export const DOCS_URL = 'https://github.com/openai-usage-exporter/openai-usage-exporter#readme';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** A category fails when any of its widths failed last time; it waits until every width was tried. */
export function categoryState(category: CategoryStatus): CategoryState {
  if (category.widths.some((w) => w.lastError !== undefined)) return 'failing';
  if (category.widths.some((w) => !w.attempted)) return 'waiting';
  return 'ok';
}

const STATE_TEXT: Record<CategoryState, string> = {
  ok: 'ok',
  failing: 'failing',
  waiting: 'waiting for first poll',
};

function ago(nowSeconds: number, then: number): string {
  const seconds = Math.max(0, Math.round(nowSeconds - then));
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m ago`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)}h ago`;
  return `${Math.round(seconds / 86_400)}d ago`;
}

/** Relative for a quick read, the exact UTC time on hover. */
function when(nowSeconds: number, then: number | undefined): string {
  if (then === undefined) return 'never';
  const iso = new Date(then * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  return `<time datetime="${iso}" title="${iso}">${ago(nowSeconds, then)}</time>`;
}

function categoryRow(category: CategoryStatus, nowSeconds: number): string {
  const state = categoryState(category);
  const successes = category.widths
    .map((w) => `<div>${escapeHtml(w.width)}: ${when(nowSeconds, w.lastSuccess)}</div>`)
    .join('');
  const errors = category.widths
    .filter((w) => w.lastError !== undefined)
    .map((w) => `<div>${escapeHtml(w.width)}: ${escapeHtml(w.lastError ?? '')}</div>`)
    .join('');
  return [
    `<tr class="${state}">`,
    `<th scope="row">${escapeHtml(category.category)}</th>`,
    `<td class="state">${STATE_TEXT[state]}</td>`,
    `<td>${when(nowSeconds, category.newestBucketEnd)}</td>`,
    `<td>${successes}</td>`,
    `<td class="number">${category.series}</td>`,
    `<td class="error">${errors}</td>`,
    '</tr>',
  ].join('');
}

/** A row for a poll with no buckets: `what` stands where a category shows its newest data. */
function pollerRow(subject: string, what: string, status: PollerStatus, nowSeconds: number): string {
  const state: CategoryState =
    status.lastError !== undefined ? 'failing' : status.attempted ? 'ok' : 'waiting';
  return [
    `<tr class="${state}">`,
    `<th scope="row">${subject}</th>`,
    `<td class="state">${STATE_TEXT[state]}</td>`,
    `<td>${what}</td>`,
    `<td>${when(nowSeconds, status.lastSuccess)}</td>`,
    '<td class="number"></td>',
    `<td class="error">${escapeHtml(status.lastError ?? '')}</td>`,
    '</tr>',
  ].join('');
}

const DEMO_NOTE =
  '<p class="demo">Demo mode: every number here is simulated by the built-in simulator, not read from OpenAI.</p>';

function summary(categories: readonly CategoryStatus[]): string {
  const failing = categories.filter((c) => categoryState(c) === 'failing');
  const waiting = categories.filter((c) => categoryState(c) === 'waiting');
  if (failing.length > 0) {
    const names = failing.map((c) => escapeHtml(c.category)).join(', ');
    return `<p class="summary failing">${failing.length} of ${categories.length} categories failing: ${names}. Their metrics keep the last good values and the polls are retried on schedule; the last error of each is shown below.</p>`;
  }
  if (waiting.length > 0) {
    return `<p class="summary waiting">Waiting for the first poll of ${waiting.length} of ${categories.length} categories; <a href="/-/ready">/-/ready</a> answers 503 until they finish.</p>`;
  }
  return `<p class="summary ok">All ${categories.length} categories polled successfully.</p>`;
}

/** One organization: its name, how it is doing, and a row per category, the names and the limits. */
function organizationSection(status: OrganizationStatus, nowSeconds: number): string {
  const rows = [
    ...status.categories.map((category) => categoryRow(category, nowSeconds)),
    ...(status.names === undefined
      ? []
      : [pollerRow('names', 'project, API key and user names', status.names, nowSeconds)]),
    ...(status.limits === undefined
      ? []
      : [pollerRow('limits', 'spend limits, spend alerts and rate limits', status.limits, nowSeconds)]),
  ].join('\n');
  const name = status.organization;
  return `${name === undefined ? '' : `<h2>Organization <code>${escapeHtml(name)}</code></h2>\n`}${
    status.refused === undefined
      ? ''
      : `<p class="summary failing refused">${escapeHtml(status.refused)}</p>\n`
  }${summary(status.categories)}
<table><thead><tr><th scope="col">Category</th><th scope="col">Status</th><th scope="col">Newest data</th><th scope="col">Last successful poll</th><th scope="col">Series</th><th scope="col">Last error</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

export function renderLandingPage(status: LandingStatus, telemetryPath: string): string {
  const sections = (status.organizations ?? [status])
    .map((organization) => organizationSection(organization, status.nowSeconds))
    .join('\n');
  const path = escapeHtml(telemetryPath);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>OpenAI usage exporter</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:80em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}td.number{text-align:right}.failing .state,.error,.summary.failing{color:#b00}.ok .state,.summary.ok{color:#070}.waiting .state{color:#850}.demo{background:#fff3c4;padding:.5em;font-weight:bold}</style>
</head><body>
<h1>OpenAI usage exporter</h1>
<p>Version ${escapeHtml(status.version)} · <a href="${path}">Metrics</a> · <a href="/-/healthy">Health</a> · <a href="/-/ready">Readiness</a> · <a href="${DOCS_URL}">Documentation</a></p>
${status.demo === true ? `${DEMO_NOTE}\n` : ''}${sections}
<p>Usage reaches the API minutes late and keeps growing for a while after each minute ends; the exporter re-reads a trailing window and counts only the growth. Times are UTC on hover.</p>
</body></html>
`;
}
