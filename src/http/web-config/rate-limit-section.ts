// `rate_limit`: exporter-toolkit's token bucket in front of every endpoint.

import type { YamlSection } from '../../config/yaml-section.js';
import { parseGoDuration } from './go-duration.js';
import type { RateLimitConfig } from './web-config.js';

function interval(section: YamlSection): number {
  const value = section.raw('interval');
  if (value === undefined || value === 0) return 0;
  const ms = typeof value === 'string' ? parseGoDuration(value) : undefined;
  if (ms === undefined) {
    throw section.fail('interval', 'expected a duration such as 1s or 500ms (0 disables rate limiting)');
  }
  return ms;
}

export function decodeRateLimitSection(section: YamlSection | undefined): RateLimitConfig | undefined {
  if (section === undefined) return undefined;
  section.expectOnly(['interval', 'burst']);
  const intervalMs = interval(section);
  const burst = section.raw('burst') ?? 0;
  if (typeof burst !== 'number' || !Number.isSafeInteger(burst) || burst < 0) {
    throw section.fail('burst', 'expected a whole number of requests, 0 or more');
  }
  if (intervalMs === 0) return undefined;
  // Go's limiter would accept this and then refuse every request; that is never what was meant.
  if (burst === 0)
    throw section.fail('burst', 'must be at least 1 when interval is set, or no request would pass');
  return { intervalMs, burst };
}
