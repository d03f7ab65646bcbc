// The README's metrics reference, generated from the category catalog and the self-metrics
// registry, so documentation and exposition cannot disagree.

import { CATEGORIES, CATEGORY_IDS } from '../../src/catalog/categories.js';
import { ESTIMATE_FAMILIES } from '../../src/metrics/estimate-metrics.js';
import { LIMITS_FAMILIES } from '../../src/metrics/limits-metrics.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { ORGANIZATION_LABEL } from '../../src/metrics/text-format.js';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function labelList(labels: readonly string[]): string {
  return labels.length === 0 ? '' : labels.map((label) => `\`${label}\``).join(', ');
}

export function renderMetricsMarkdown(): string {
  const rows = ['| Metric | Type | Labels (default) | Meaning |', '|---|---|---|---|'];
  for (const id of CATEGORY_IDS) {
    const spec = CATEGORIES[id];
    const optIn = `; opt-in: ${labelList(spec.dimensions.filter((d) => !spec.defaultGroupBy.includes(d))) || 'none'}`;
    const defaults = [ORGANIZATION_LABEL, ...spec.defaultGroupBy];
    const labels = `${labelList(defaults)}${optIn}`;
    for (const field of spec.fields) {
      const unit = field.unitFrom === undefined ? '' : `, \`unit\` (always; from ${field.unitFrom})`;
      const fieldLabels = `${labelList(defaults)}${unit}${optIn}`;
      rows.push(`| \`${field.metric}\` | ${field.kind} | ${fieldLabels} | ${cell(field.help)} |`);
    }
    for (const gauge of Object.values(spec.netGauges ?? {})) {
      rows.push(`| \`${gauge.metric}\` | gauge | ${labels} | ${cell(gauge.help)} |`);
    }
  }
  for (const family of ESTIMATE_FAMILIES) {
    rows.push(
      `| \`${family.metric}\` | ${family.type} | ${labelList(family.labels)} | ${cell(family.help)} |`,
    );
  }
  for (const family of LIMITS_FAMILIES) {
    rows.push(`| \`${family.metric}\` | gauge | ${labelList(family.labels)} | ${cell(family.help)} |`);
  }
  const self = new SelfMetrics({ version: 'docs', revision: 'docs' });
  const metrics = self
    .allFamilies()
    .filter((metric) => metric.name.startsWith('openai_'))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const metric of metrics) {
    const labels = (metric as unknown as { labelNames?: readonly string[] }).labelNames ?? [];
    rows.push(`| \`${metric.name}\` | ${metric.type} | ${labelList(labels)} | ${cell(metric.help)} |`);
  }
  rows.push(
    '| `process_*`, `nodejs_*` | various |  | prom-client default process and Node.js runtime metrics. |',
  );
  return `${rows.join('\n')}\n`;
}
