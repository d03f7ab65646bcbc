import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_DOCS, renderGeneratedSections } from '../../scripts/docs/readme-sections.js';
import { CATEGORY_IDS } from '../../src/catalog/categories.js';
import { BUDGET_KEYS, ENTRY_KEYS } from '../../src/config/organizations-file.js';
import { githubAnchor } from '../grafana/rules-files.js';

const ROOT = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, ROOT), 'utf8');
const readme = read('README.md');

/** Written on other branches; the integrator checks they exist after merging. */
const DOCS_FROM_OTHER_BRANCHES = new Set(['docs/state-and-upgrades.md', 'docs/costs.md']);

const headingAnchors = (text: string) =>
  new Set([...text.matchAll(/^#{1,4} (.+)$/gm)].map((m) => githubAnchor(m[1] as string)));

/** Relative Markdown links of a file, resolved against the repository root. */
function relativeLinks(file: string): { target: string; anchor: string }[] {
  const base = new URL(file, ROOT);
  return [...read(file).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((link) => !/^[a-z]+:/.test(link))
    .map((link) => {
      const [path = '', anchor = ''] = link.split('#');
      const target = path === '' ? file : new URL(path, base).pathname.slice(new URL(ROOT).pathname.length);
      return { target, anchor };
    });
}

describe('the generated documentation', () => {
  it.each(Object.entries(GENERATED_DOCS))(
    '%s has tables generated from the code (run `npm run docs` after changing options or metrics)',
    (file, sections) => {
      const text = read(file);
      expect(renderGeneratedSections(text, sections, file)).toBe(text);
    },
  );

  it('documents every config file key, including per-category filters and per-project budgets', () => {
    const reference = read('docs/configuration.md');
    for (const id of CATEGORY_IDS) {
      for (const key of ['enabled', 'group_by', 'filters'])
        expect(reference).toContain(`\`categories.${id}.${key}\``);
    }
    expect(reference).toContain('`budget.projects.<project_id>.daily_usd`');
    expect(reference).toContain('`budget.projects.<project_id>.monthly_usd`');
  });

  it('documents every key of an organizations entry', () => {
    const reference = read('docs/configuration.md');
    const budget = BUDGET_KEYS.map((key) =>
      key === 'projects' ? 'budget.projects.<project_id>.daily_usd' : `budget.${key}`,
    );
    for (const key of [...ENTRY_KEYS.filter((key) => key !== 'budget'), ...budget])
      expect(reference).toContain(`\`organizations[].${key}\``);
  });
});

describe('the README', () => {
  it('starts with a quick start whose test command is the one CI runs', () => {
    const ci = read('.ci/run');
    expect(readme).toMatch(/^npm ci$/m);
    expect(readme).toMatch(/npm start -- --demo/);
    expect(readme).toMatch(/^npm test\b/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it('is a front door, with the reference material in docs/', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(15 * 1024);
    expect(readme).not.toContain('<!-- options:start -->');
    expect(readme).not.toContain('<!-- metrics:start -->');
  });

  it('has a table of contents whose every entry is a section', () => {
    const toc = readme.slice(readme.indexOf('## Contents'), readme.indexOf('## Quick start'));
    const entries = [...toc.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    const sections = [...readme.matchAll(/^## (.+)$/gm)].map((m) => githubAnchor(m[1] as string));
    expect(entries).toEqual(sections.filter((anchor) => anchor !== 'contents'));
  });

  it('names every usage category in its introduction, spelling organization one way', () => {
    const intro = readme.slice(0, readme.indexOf('## Contents')).replace(/\s+/g, ' ');
    for (const id of CATEGORY_IDS.filter((category) => category !== 'costs'))
      expect(intro, id).toContain(id.replaceAll('_', ' '));
    for (const file of [
      'README.md',
      ...Object.keys(GENERATED_DOCS),
      'docs/runbook.md',
      'docs/security.md',
      'docs/organizations.md',
    ])
      expect(read(file), file).not.toMatch(/organis/i);
  });

  it('names only metrics that the metrics reference documents', () => {
    const reference = read('docs/metrics.md');
    const named = new Set([...readme.matchAll(/\b(openai_[a-z_]+)\b/g)].map((m) => m[1] as string));
    for (const metric of named) expect(reference, metric).toContain(`\`${metric}`);
  });

  it.each([
    'README.md',
    'docs/configuration.md',
    'docs/metrics.md',
    'docs/runbook.md',
    'docs/security.md',
    'docs/reliability.md',
    'docs/how-it-works.md',
    'docs/organizations.md',
  ])('%s links only to files and sections that exist', (file) => {
    for (const { target, anchor } of relativeLinks(file)) {
      if (DOCS_FROM_OTHER_BRANCHES.has(target)) continue;
      expect(existsSync(new URL(target, ROOT)), `${file} → ${target}`).toBe(true);
      if (anchor !== '' && target.endsWith('.md'))
        expect(headingAnchors(read(target)), `${file} → ${target}#${anchor}`).toContain(anchor);
    }
  });
});
