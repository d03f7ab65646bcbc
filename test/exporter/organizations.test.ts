import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
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

function fleetOf(names: readonly string[]) {
  const self = new SelfMetrics({ version: 'test', revision: 'test' });
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
});
