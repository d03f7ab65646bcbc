// Reads and checks a `--web.config.file` (Prometheus exporter-toolkit format) once, at startup.

import { parseDocument } from 'yaml';
import { decodeBasicAuthUsers } from './basic-auth-section.js';
import { type ReadFile, readAsBuffer, readFailure, readFromDisk } from './file-reader.js';
import { decodeHttpSection } from './http-section.js';
import { decodeRateLimitSection } from './rate-limit-section.js';
import { decodeTlsSection } from './tls-section.js';
import type { WebConfig } from './web-config.js';
import { WebConfigError } from './web-config-error.js';
import { YamlSection } from './yaml-section.js';

const TOP_LEVEL_KEYS = ['tls_server_config', 'http_server_config', 'basic_auth_users', 'rate_limit'];

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

function parseYaml(text: string, file: string): unknown {
  // prettyErrors would quote the offending line, which may hold a hash or an inline key.
  const document = parseDocument(text, { prettyErrors: false });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem !== undefined) {
    throw new WebConfigError(
      file,
      '',
      `is not valid YAML: ${problem.message} at ${lineAndColumn(text, problem.pos[0])}`,
    );
  }
  return document.toJS();
}

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
  const root = YamlSection.at(path, '', parseYaml(text, path));
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
