// Prometheus-style durations (the syntax of `--storage.tsdb.retention.time` and friends), so the
// flags read like every other exporter's: units from largest to smallest, each at most once.

import { ExporterError } from '../errors.js';
import { quote } from './config-error.js';

export class InvalidDurationError extends ExporterError {
  override readonly name = 'InvalidDurationError';
}

const UNIT_MS = {
  y: 365 * 86_400_000,
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
} as const;

type Unit = keyof typeof UNIT_MS;
const UNITS_LARGEST_FIRST: readonly Unit[] = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

const DURATION_PATTERN = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;

/** `500ms`, `30s`, `5m`, `1h30m`, `7d` ⇒ milliseconds. `0` is accepted on its own, as in Prometheus. */
export function parseDuration(text: string): number {
  if (text === '0') return 0;
  const match = text === '' ? null : DURATION_PATTERN.exec(text);
  if (match === null) {
    throw new InvalidDurationError(
      `${quote(text)} is not a duration; expected a number with a unit (ms, s, m, h, d, w, y), e.g. 30s, 5m or 1h30m`,
    );
  }
  let total = 0;
  UNITS_LARGEST_FIRST.forEach((unit, index) => {
    const digits = match[index + 1];
    if (digits !== undefined) total += Number(digits) * UNIT_MS[unit];
  });
  if (!Number.isSafeInteger(total)) {
    throw new InvalidDurationError(`${quote(text)} is too long a duration`);
  }
  return total;
}

/** The inverse of `parseDuration`, for defaults and limits in messages: 5_400_000 ⇒ `1h30m`. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  // Years and weeks are left out: `7d` reads better than `1w` next to limits stated in days.
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const count = Math.floor(rest / UNIT_MS[unit]);
    if (count > 0) {
      text += `${count}${unit}`;
      rest -= count * UNIT_MS[unit];
    }
  }
  return text;
}
