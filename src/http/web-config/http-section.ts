// `http_server_config`. Only exporter-toolkit's fixed set of security headers may be added, so a web
// config cannot be used to tamper with what the exporter itself sets (content type, caching, auth).

import { validateHeaderValue } from 'node:http';
import { didYouMean } from '../../config/suggest.js';
import type { YamlSection } from '../../config/yaml-section.js';

/** Header ⇒ allowed values (`undefined`: any value). */
const ALLOWED_HEADERS: ReadonlyMap<string, readonly string[] | undefined> = new Map([
  ['Strict-Transport-Security', undefined],
  ['X-Content-Type-Options', ['nosniff']],
  ['X-Frame-Options', ['deny', 'sameorigin']],
  ['X-XSS-Protection', undefined],
  ['Content-Security-Policy', undefined],
]);

function decodeHeaders(section: YamlSection | undefined): Record<string, string> | undefined {
  if (section === undefined) return undefined;
  const known = [...ALLOWED_HEADERS.keys()];
  const headers: Record<string, string> = {};
  for (const name of section.keys()) {
    if (!ALLOWED_HEADERS.has(name)) {
      throw section.fail(
        name,
        `this header cannot be configured${didYouMean(name, known)}; allowed: ${known.join(', ')}`,
      );
    }
    const value = section.string(name);
    // Blank means unset, as exporter-toolkit documents.
    if (value === undefined) continue;
    const allowed = ALLOWED_HEADERS.get(name);
    if (allowed !== undefined && !allowed.includes(value)) {
      throw section.fail(name, `expected one of ${allowed.join(', ')}`);
    }
    try {
      validateHeaderValue(name, value);
    } catch {
      throw section.fail(name, 'is not a valid header value (line breaks or control characters)');
    }
    headers[name] = value;
  }
  return Object.keys(headers).length === 0 ? undefined : headers;
}

/** The extra response headers. `http2` is accepted for compatibility; this server speaks HTTP/1.1. */
export function decodeHttpSection(section: YamlSection | undefined): Record<string, string> | undefined {
  if (section === undefined) return undefined;
  section.expectOnly(['http2', 'headers']);
  section.boolean('http2');
  return decodeHeaders(section.section('headers'));
}
