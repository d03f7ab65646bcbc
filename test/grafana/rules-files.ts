// Loads the Prometheus rules file and its promtool unit tests.

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const RULES_DIR = fileURLToPath(new URL('../../grafana/rules/', import.meta.url));
export const RULES_FILE = 'openai-usage-exporter.rules.yml';
export const RUNBOOK_URL_PREFIX =
  'https://github.com/openai-usage-exporter/openai-usage-exporter/blob/main/docs/runbook.md#';

export interface RuleJson {
  readonly record?: string;
  readonly alert?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RulesJson {
  readonly groups: readonly { readonly name: string; readonly rules: readonly RuleJson[] }[];
}

export interface AlertCaseJson {
  readonly eval_time: string;
  readonly alertname: string;
  readonly exp_alerts?: readonly unknown[] | null;
}

export interface UnitTestFileJson {
  readonly rule_files: readonly string[];
  readonly group_eval_order?: readonly string[];
  readonly tests: readonly { readonly name: string; readonly alert_rule_test?: readonly AlertCaseJson[] }[];
}

export function readRules(): RulesJson {
  return parse(readFileSync(`${RULES_DIR}${RULES_FILE}`, 'utf8')) as RulesJson;
}

export const allRules = (): RuleJson[] => readRules().groups.flatMap((group) => group.rules);

export function unitTestFiles(): string[] {
  return readdirSync(`${RULES_DIR}tests`)
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => `tests/${name}`);
}

export function readUnitTestFile(file: string): UnitTestFileJson {
  return parse(readFileSync(`${RULES_DIR}${file}`, 'utf8')) as UnitTestFileJson;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function githubAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}
