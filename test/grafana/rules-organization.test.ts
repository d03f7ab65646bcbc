import { describe, expect, it } from 'vitest';
import { allRules } from './rules-files.js';

// Several organizations behind one exporter differ only by the organization label: a rule that
// aggregates or joins without it sums two organizations' spend, or makes one alert of two.

/** up and the build info describe the scrape target, which serves every organization at once. */
const TARGET_RULES = new Set(['OpenAIUsageExporterDown']);

/** Every `by (...)`, `without (...)` and `on (...)` clause of a PromQL expression, its labels listed. */
function groupingClauses(expr: string): { keyword: string; labels: string[] }[] {
  return [...expr.matchAll(/\b(by|without|on)\s*\(([^)]*)\)/g)].map((match) => ({
    keyword: match[1] as string,
    labels: (match[2] as string)
      .split(',')
      .map((label) => label.trim())
      .filter((label) => label !== ''),
  }));
}

function problems(name: string, expr: string): string[] {
  return groupingClauses(expr)
    .filter(({ keyword, labels }) => {
      if (keyword === 'without') return labels.includes('organization');
      // `or on ()` joins an absent() that has no labels at all.
      if (keyword === 'on' && labels.length === 0) return false;
      return !labels.includes('organization');
    })
    .map(({ keyword, labels }) => `${name}: ${keyword} (${labels.join(', ')})`);
}

describe('the rules and several organizations', () => {
  it('keep organization in every by and on clause, so two organizations never sum or fire as one', () => {
    const found = allRules()
      .filter((rule) => !TARGET_RULES.has(rule.alert ?? ''))
      .flatMap((rule) => problems(rule.record ?? rule.alert ?? '', rule.expr));
    expect(found).toEqual([]);
  });

  it('find by and on clauses to check in the rules', () => {
    const clauses = allRules().flatMap((rule) => groupingClauses(rule.expr));
    expect(clauses.filter((clause) => clause.keyword === 'by').length).toBeGreaterThan(20);
    expect(clauses.filter((clause) => clause.keyword === 'on').length).toBeGreaterThan(20);
  });

  it('report a by or on clause without organization, and without (organization)', () => {
    expect(
      problems(
        'probe',
        'sum by (job, instance) (x) / on (job, instance, organization) y or on () absent(z) + sum without (organization) (w)',
      ),
    ).toEqual(['probe: by (job, instance)', 'probe: without (organization)']);
    expect(groupingClauses('sum by(organization,project_id)(x)')).toEqual([
      { keyword: 'by', labels: ['organization', 'project_id'] },
    ]);
  });

  it('leave only the scrape-target alert out, and it reads only target metrics', () => {
    const target = allRules().filter((rule) => TARGET_RULES.has(rule.alert ?? ''));
    expect(target.map((rule) => rule.alert)).toEqual([...TARGET_RULES]);
    for (const rule of target) expect(rule.expr).not.toMatch(/openai_(?!exporter_build_info)/);
  });
});
