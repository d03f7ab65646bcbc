// Options that shape the conversation with the upstream API: where, how fast, how often, how far back.

import { baseUrl } from './address-decoders.js';
import { option } from './option-spec.js';
import { duration, fraction, integer, positiveNumber } from './scalar-decoders.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const UPSTREAM_OPTIONS = {
  baseUrl: option({
    flag: 'openai.base-url',
    env: 'OPENAI_BASE_URL',
    default: 'https://api.openai.com/v1',
    placeholder: '<url>',
    filePath: 'openai.base_url',
    description: 'Base URL of the OpenAI API.',
    decode: baseUrl,
  }),
  timeout: option({
    flag: 'openai.timeout',
    env: 'OPENAI_EXPORTER_OPENAI_TIMEOUT',
    default: '30s',
    placeholder: '<duration>',
    filePath: 'openai.timeout',
    description: 'Timeout of one upstream request.',
    decode: duration({ min: 1 }),
  }),
  maxRetries: option({
    flag: 'openai.max-retries',
    env: 'OPENAI_EXPORTER_OPENAI_MAX_RETRIES',
    default: '4',
    placeholder: '<int>',
    filePath: 'openai.max_retries',
    description: 'Retries of a failed upstream request (0-20).',
    decode: integer(0, 20),
  }),
  requestsPerSecond: option({
    flag: 'openai.requests-per-second',
    env: 'OPENAI_EXPORTER_OPENAI_REQUESTS_PER_SECOND',
    default: '2',
    placeholder: '<number>',
    filePath: 'openai.requests_per_second',
    description:
      'Ceiling on upstream requests per second, shared by all categories of an organization; each organization has its own.',
    decode: positiveNumber,
  }),
  pollInterval: option({
    flag: 'poll.interval',
    env: 'OPENAI_EXPORTER_POLL_INTERVAL',
    default: '60s',
    placeholder: '<duration>',
    filePath: 'poll.interval',
    description: 'How often to poll 1m usage buckets (at least 1s).',
    decode: duration({ min: SECOND }),
  }),
  pollWindow: option({
    flag: 'poll.window',
    env: 'OPENAI_EXPORTER_POLL_WINDOW',
    default: '60m',
    placeholder: '<duration>',
    filePath: 'poll.window',
    description:
      'Trailing window of 1m buckets re-read on each poll to catch late revisions (whole minutes, 1m-24h, below --poll.hourly-window).',
    decode: duration({ min: MINUTE, max: DAY, whole: 'minutes' }),
  }),
  hourlyInterval: option({
    flag: 'poll.hourly-interval',
    env: 'OPENAI_EXPORTER_POLL_HOURLY_INTERVAL',
    default: '15m',
    placeholder: '<duration>',
    filePath: 'poll.hourly_interval',
    description: 'How often to poll 1h usage buckets (at least 1s).',
    decode: duration({ min: SECOND }),
  }),
  hourlyWindow: option({
    flag: 'poll.hourly-window',
    env: 'OPENAI_EXPORTER_POLL_HOURLY_WINDOW',
    default: '24h',
    placeholder: '<duration>',
    filePath: 'poll.hourly_window',
    description: 'Trailing window of 1h buckets re-read on each hourly poll (whole hours, 1h-168h).',
    decode: duration({ min: HOUR, max: 7 * DAY, whole: 'hours' }),
  }),
  concurrency: option({
    flag: 'poll.concurrency',
    env: 'OPENAI_EXPORTER_POLL_CONCURRENCY',
    default: '2',
    placeholder: '<int>',
    filePath: 'poll.concurrency',
    description:
      'Categories of one organization polled at the same time (at least 1); organizations poll side by side.',
    decode: integer(1),
  }),
  jitter: option({
    flag: 'poll.jitter',
    env: 'OPENAI_EXPORTER_POLL_JITTER',
    default: '0.1',
    placeholder: '<fraction>',
    filePath: 'poll.jitter',
    description: 'Random delay added to each poll, as a fraction (0-1) of its interval.',
    decode: fraction,
  }),
  costsInterval: option({
    flag: 'costs.interval',
    env: 'OPENAI_EXPORTER_COSTS_INTERVAL',
    default: '5m',
    placeholder: '<duration>',
    filePath: 'costs.interval',
    description: 'How often to poll daily cost buckets (at least 1s).',
    decode: duration({ min: SECOND }),
  }),
  settleDays: option({
    flag: 'costs.settle-days',
    env: 'OPENAI_EXPORTER_COSTS_SETTLE_DAYS',
    default: '2',
    placeholder: '<int>',
    filePath: 'costs.settle_days',
    description: 'Days before today whose costs are re-read because they may still change (0-31).',
    decode: integer(0, 31),
  }),
  backfillMax: option({
    flag: 'backfill.max',
    env: 'OPENAI_EXPORTER_BACKFILL_MAX',
    default: '7d',
    placeholder: '<duration>',
    filePath: 'backfill.max',
    description: 'How far back to fill a gap after downtime (at most 7d).',
    decode: duration({ max: 7 * DAY }),
  }),
} as const;
