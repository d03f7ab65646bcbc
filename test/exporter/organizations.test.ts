import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { BucketQuery } from '../../src/domain/bucket.js';
import { Exporter } from '../../src/exporter/exporter.js';
import { ALL_PARTS, ServedElsewhereError } from '../../src/exporter/exposition-parts.js';
import { FleetExposition } from '../../src/metrics/fleet-exposition.js';
import { SelfMetrics } from '../../src/metrics/self-metrics.js';
import { parseExposition } from '../support/exposition.js';

const NOW_MS = Date.UTC(2026, 10, 20, 12, 0, 0);
const NOW = NOW_MS / 1000;
const config = loadConfig(['--categories=embeddings'], {}).config;
const logger = pino({ level: 'silent' });

/** One embeddings row per bucket, `tokens` input tokens in the newest finished minute or day. */
function source(tokens: number) {
  return {
    fetchBuckets: async (query: BucketQuery) => {
      const width = query.width === '1m' ? 60 : query.width === '1h' ? 3600 : 86400;
      const start = NOW - (NOW % width) - width;
      const rows =
        query.width === '1m' ? [{ labels: ['proj_x', 'text-embedding-3-small'], values: [tokens, 1] }] : [];
      return {
        buckets: start >= query.startTime ? [{ startTime: start, endTime: start + width, rows }] : [],
      };
    },
  };
}

function fleetOf(names: readonly string[], self = new SelfMetrics({ version: 'test', revision: 'test' })) {
  const fleet = new FleetExposition(names, ALL_PARTS);
  const exporters = names.map(
    (organization, i) =>
      new Exporter({
        config,
        source: source(100 * (i + 1)),
        logger,
        nowMs: () => NOW_MS,
        organization,
        metrics: self.organization(organization),
        parts: fleet.partsFor(organization),
      }),
  );
  return { fleet, exporters };
}

describe('several organizations in one exposition', () => {
  it('serves each organization’s counters under its own label, and the self-metrics once', async () => {
    const { fleet, exporters } = fleetOf(['acme', 'globex']);
    for (const exporter of exporters) expect(await exporter.pollAll()).toBe(true);
    const parsed = parseExposition(fleet.cache.plain.toString());
    const tokens = parsed.samples.filter((s) => s.name === 'openai_embeddings_input_tokens_total');
    expect(tokens.map((s) => [s.labels.organization, s.labels.project_id, s.value])).toEqual([
      ['acme', 'proj_x', 100],
      ['globex', 'proj_x', 200],
    ]);
    const polls = parsed.samples.filter(
      (s) => s.name === 'openai_exporter_poll_success' && s.labels.bucket_width === '1m',
    );
    expect(polls.map((s) => [s.labels.organization, s.value])).toEqual([
      ['acme', 1],
      ['globex', 1],
    ]);
    expect(parsed.samples.filter((s) => s.name === 'openai_exporter_build_info')).toHaveLength(1);
  });

  it('has no cache of its own to serve when it renders into shared parts', () => {
    const { exporters } = fleetOf(['acme', 'globex']);
    expect(() => exporters[0]?.cache).toThrow(ServedElsewhereError);
  });

  it('labels a lone exporter’s series organization="default" unless named', async () => {
    const alone = new Exporter({ config, source: source(5), logger, nowMs: () => NOW_MS });
    const named = new Exporter({
      config,
      source: source(5),
      logger,
      nowMs: () => NOW_MS,
      organization: 'acme',
    });
    for (const [exporter, organization] of [
      [alone, 'default'],
      [named, 'acme'],
    ] as const) {
      await exporter.pollAll();
      const samples = parseExposition(exporter.cache.plain.toString()).samples;
      const own = samples.filter(
        (s) => s.name.startsWith('openai_') && s.name !== 'openai_exporter_build_info',
      );
      expect(own.length).toBeGreaterThan(0);
      expect(new Set(own.map((s) => s.labels.organization))).toEqual(new Set([organization]));
    }
  });

  it('renders the shared self-metrics once for a burst of every organization’s polls, showing each poll', async () => {
    const self = new SelfMetrics({ version: 'test', revision: 'test' });
    const names = ['acme', 'globex', 'initech'];
    const { fleet, exporters } = fleetOf(names, self);
    const render = vi.spyOn(self, 'render');
    await Promise.all(
      exporters.map((exporter, i) => {
        exporter.metrics.pollFinished('embeddings', '1m', true, 0.5, NOW + i);
        return exporter.refreshSelfMetrics();
      }),
    );
    expect(render).toHaveBeenCalledTimes(1);
    const polled = parseExposition(fleet.cache.plain.toString()).samples.filter(
      (s) => s.name === 'openai_exporter_last_success_timestamp_seconds' && s.labels.bucket_width === '1m',
    );
    expect(polled.map((s) => [s.labels.organization, s.value])).toEqual(
      names.map((name, i) => [name, NOW + i]),
    );
  });

  it('renders the self-metrics once more for a poll that ends during a render, and serves it when that refresh resolves', async () => {
    const self = new SelfMetrics({ version: 'test', revision: 'test' });
    const { fleet, exporters } = fleetOf(['acme', 'globex'], self);
    const [acme, globex] = exporters as [Exporter, Exporter];
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = () => {};
    const reading = new Promise<void>((resolve) => {
      started = resolve;
    });
    const real = self.render.bind(self);
    const render = vi.spyOn(self, 'render').mockImplementationOnce(async () => {
      const text = await real();
      started();
      await held;
      return text;
    });
    acme.metrics.pollFinished('embeddings', '1m', true, 0.5, NOW);
    const first = acme.refreshSelfMetrics();
    // The first render has read the registry before globex's poll ends.
    await reading;
    globex.metrics.pollFinished('embeddings', '1m', true, 0.5, NOW + 1);
    const second = globex.refreshSelfMetrics();
    release();
    await second;
    await first;
    expect(render).toHaveBeenCalledTimes(2);
    const polled = parseExposition(fleet.cache.plain.toString()).samples.filter(
      (s) => s.name === 'openai_exporter_last_success_timestamp_seconds' && s.labels.bucket_width === '1m',
    );
    expect(polled.map((s) => [s.labels.organization, s.value])).toEqual([
      ['acme', NOW],
      ['globex', NOW + 1],
    ]);
  });
});
