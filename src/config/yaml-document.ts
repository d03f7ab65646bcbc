// Parsing a YAML file's text, shared by the main config file and the web config file.

import { parseDocument } from 'yaml';
import type { ConfigError } from './config-error.js';

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/**
 * The document as plain data. `invalid` makes the error for a syntax problem (duplicate keys
 * included), each file naming it in its own way.
 */
export function parseYaml(text: string, invalid: (problem: string) => ConfigError): unknown {
  // prettyErrors would quote the offending line, which may hold a secret; report the position only.
  const document = parseDocument(text, { prettyErrors: false });
  const problem = document.errors[0] ?? document.warnings[0];
  if (problem !== undefined) {
    throw invalid(`is not valid YAML: ${problem.message} at ${lineAndColumn(text, problem.pos[0])}`);
  }
  return document.toJS();
}
