import { describe, expect, it } from 'vitest';
import { type CategoryStatus, categoryState, renderLandingPage } from '../../src/http/landing-page.js';

const NOW = 1_800_000_000;
const polled = (category: string, extra: Partial<CategoryStatus> = {}): CategoryStatus => ({
  category,
  widths: [
    { width: '1m', attempted: true, lastSuccess: NOW - 30 },
    { width: '1h', attempted: true, lastSuccess: NOW - 400 },
  ],
  newestBucketEnd: NOW - 60,
  series: 12,
  ...extra,
});

describe('the landing page', () => {
  it('says a category is waiting, not ok, until every width finished its first poll', () => {
    const waiting = polled('embeddings', {
      widths: [
        { width: '1m', attempted: true, lastSuccess: NOW - 5 },
        { width: '1h', attempted: false },
      ],
    });
    expect(categoryState(waiting)).toBe('waiting');
    const html = renderLandingPage({ version: '1.2.3', nowSeconds: NOW, categories: [waiting] }, '/metrics');
    expect(html).toContain('<td class="state">waiting for first poll</td>');
    expect(html).toContain('Waiting for the first poll of 1 of 1 categories');
  });

  it('calls a category failing when any width failed, even if another succeeded', () => {
    const failing = polled('costs', {
      widths: [{ width: '1d', attempted: true, lastSuccess: NOW - 900, lastError: 'costs: boom' }],
    });
    expect(categoryState(failing)).toBe('failing');
    expect(categoryState(polled('completions'))).toBe('ok');
  });

  it('says so when every category is fine, with ages a person can read', () => {
    const html = renderLandingPage(
      { version: '1.2.3', nowSeconds: NOW, categories: [polled('completions'), polled('images')] },
      '/metrics',
    );
    expect(html).toContain('All 2 categories polled successfully.');
    expect(html).toContain('>30s ago</time>');
    expect(html).toContain('>7m ago</time>');
    expect(html).toContain(`datetime="${new Date((NOW - 60) * 1000).toISOString().slice(0, 19)}Z"`);
  });

  it('escapes everything that comes from outside: version, path, names, widths and errors', () => {
    const hostile = '<b onmouseover="x">&\'';
    const html = renderLandingPage(
      {
        version: hostile,
        nowSeconds: NOW,
        categories: [polled(hostile, { widths: [{ width: hostile, attempted: true, lastError: hostile }] })],
      },
      `/m"${hostile}`,
    );
    expect(html).not.toContain('<b ');
    expect(html).not.toContain('"x"');
    expect(html).toContain('&lt;b onmouseover=&quot;x&quot;&gt;&amp;&#39;');
    expect(html).toContain('href="/m&quot;&lt;b');
  });

  it('groups the status by organization, each with its own summary, and says why one is refused', () => {
    const failing = polled('costs', {
      widths: [{ width: '1d', attempted: true, lastError: 'costs: upstream answered HTTP 401' }],
    });
    const html = renderLandingPage(
      {
        version: '1.2.3',
        nowSeconds: NOW,
        categories: [],
        organizations: [
          { organization: 'acme', categories: [polled('completions'), polled('costs')] },
          { organization: 'globex', categories: [failing], refused: 'its key answers for org-b, not org-a' },
        ],
      },
      '/metrics',
    );
    const acme = html.indexOf('<h2>Organization <code>acme</code></h2>');
    const globex = html.indexOf('<h2>Organization <code>globex</code></h2>');
    expect(acme).toBeGreaterThan(0);
    expect(globex).toBeGreaterThan(acme);
    expect(html.slice(acme, globex)).toContain('All 2 categories polled successfully.');
    expect(html.slice(globex)).toContain('1 of 1 categories failing: costs');
    expect(html.slice(globex)).toContain('its key answers for org-b, not org-a');
    expect(html.match(/<table>/g)).toHaveLength(2);
  });

  it('escapes organization names', () => {
    const html = renderLandingPage(
      {
        version: '1',
        nowSeconds: NOW,
        categories: [],
        organizations: [{ organization: '<i>x', categories: [] }],
      },
      '/metrics',
    );
    expect(html).toContain('<code>&lt;i&gt;x</code>');
  });
});
