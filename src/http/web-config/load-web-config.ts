// Reads and checks a `--web.config.file` (Prometheus exporter-toolkit format) once, at startup.

import { parseYaml } from '../../config/yaml-document.js';
import { type SectionError, YamlSection } from '../../config/yaml-section.js';
import { decodeBasicAuthUsers } from './basic-auth-section.js';
import { type ReadFile, readAsBuffer, readFailure, readFromDisk } from './file-reader.js';
import { decodeHttpSection } from './http-section.js';
import { decodeRateLimitSection } from './rate-limit-section.js';
import { decodeTlsSection } from './tls-section.js';
import type { WebConfig } from './web-config.js';
import { WebConfigError } from './web-config-error.js';

const webConfigError: SectionError = (file, path, problem) => new WebConfigError(file, path, problem);

const TOP_LEVEL_KEYS = ['tls_server_config', 'http_server_config', 'basic_auth_users', 'rate_limit'];

/**
 * Throws `WebConfigError` for anything exporter-toolkit would refuse, and for a missing or unreadable
 * file. Relative `*_file` paths are resolved against the config file's directory.
 */
export function loadWebConfig(path: string, readFile: ReadFile = readFromDisk): WebConfig {
  let text: string;
  try {
    text = readAsBuffer(readFile, path).toString('utf8');
  } catch (error) {
    throw new WebConfigError(path, '', `cannot read the web config file: ${readFailure(error)}`);
  }
  const document = parseYaml(text, (problem) => new WebConfigError(path, '', problem));
  const root = YamlSection.at(path, '', document, webConfigError);
  if (root === undefined) return { basicAuthUsers: new Map() };
  root.expectOnly(TOP_LEVEL_KEYS);
  const tls = decodeTlsSection(root.section('tls_server_config'), readFile);
  const headers = decodeHttpSection(root.section('http_server_config'));
  const rateLimit = decodeRateLimitSection(root.section('rate_limit'));
  return {
    basicAuthUsers: decodeBasicAuthUsers(root.section('basic_auth_users')),
    ...(tls === undefined ? {} : { tls }),
    ...(headers === undefined ? {} : { headers }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
  };
}
