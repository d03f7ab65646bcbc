// A page a person can read: is polling working, how fresh is the data, where are the metrics.

export interface CategoryStatus {
  readonly category: string;
  readonly widths: readonly {
    readonly width: string;
    readonly lastSuccess?: number;
    readonly lastError?: string;
  }[];
  readonly newestBucketEnd?: number;
  readonly series: number;
}

export interface LandingStatus {
  readonly version: string;
  readonly nowSeconds: number;
  readonly categories: readonly CategoryStatus[];
}

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

function ago(nowSeconds: number, then: number | undefined): string {
  if (then === undefined) return 'never';
  const seconds = Math.max(0, Math.round(nowSeconds - then));
  if (seconds < 120) return `${seconds}s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m ago`;
  return `${Math.round(seconds / 3600)}h ago`;
}

export function renderLandingPage(status: LandingStatus, telemetryPath: string): string {
  const rows = status.categories
    .map((category) => {
      const widths = category.widths
        .map((w) => {
          const state = w.lastError === undefined ? 'ok' : 'failing';
          const error =
            w.lastError === undefined ? '' : ` <span class="error">${escapeHtml(w.lastError)}</span>`;
          return `<div class="${state}">${escapeHtml(w.width)}: ${state}, last success ${ago(status.nowSeconds, w.lastSuccess)}${error}</div>`;
        })
        .join('');
      const freshness = ago(status.nowSeconds, category.newestBucketEnd);
      return `<tr><td>${escapeHtml(category.category)}</td><td>${widths}</td><td>${freshness}</td><td>${category.series}</td></tr>`;
    })
    .join('\n');
  const path = escapeHtml(telemetryPath);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>OpenAI usage exporter</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}.failing,.error{color:#b00}.ok{color:#070}</style>
</head><body>
<h1>OpenAI usage exporter</h1>
<p>Version ${escapeHtml(status.version)}. <a href="${path}">Metrics</a> · <a href="/-/healthy">Health</a> · <a href="/-/ready">Readiness</a> · <a href="https://github.com/openai-usage-exporter/openai-usage-exporter#readme">Documentation</a></p>
<table><thead><tr><th>Category</th><th>Polls</th><th>Newest data</th><th>Series</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
