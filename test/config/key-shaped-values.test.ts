import { describe, expect, it } from 'vitest';
import { configErrorOf, load, loadYaml } from './support.js';

// A key pasted into the wrong option must be refused, not carried into --check-config output,
// a label on /metrics or a file name.
const SECRET = 'T3BlbkFJ0123456789abcdefXYZ';
const KEYS = [
  `sk-admin-${SECRET}`,
  `sk-proj-${SECRET}`,
  `sk-svcacct-${SECRET}`,
  `sk-${SECRET}${SECRET}`,
] as const;
const REFUSAL =
  'looks like an OpenAI API key; refusing to use it as a value (keys belong in OPENAI_ADMIN_KEY or OPENAI_ADMIN_KEY_FILE)';

function refusal(run: () => unknown) {
  const error = configErrorOf(run);
  expect(error.message).not.toContain(SECRET);
  expect(error.problem).toBe(REFUSAL);
  return error;
}

describe('an option value shaped like an OpenAI API key', () => {
  it.each(KEYS)('is refused as a flag value, naming the flag: %s', (key) => {
    expect(refusal(() => load({ argv: [`--storage.path=${key}`] })).option).toBe('--storage.path');
  });

  it('is refused anywhere inside a value: a path, an address, a base URL', () => {
    const key = KEYS[1];
    expect(refusal(() => load({ argv: [`--storage.path=/var/lib/${key}/x`] })).option).toBe('--storage.path');
    expect(refusal(() => load({ argv: ['--openai.base-url', `https://${key}.example/v1`] })).option).toBe(
      '--openai.base-url',
    );
  });

  it('is refused as a map key, such as the project of a budget', () => {
    const error = refusal(() => load({ argv: [`--budget.project-daily-usd=${KEYS[0]}=10`] }));
    expect(error.option).toBe('--budget.project-daily-usd');
  });

  it('is refused as a list item', () => {
    const error = refusal(() => load({ argv: [`--categories=completions,${KEYS[2]}`] }));
    expect(error.option).toBe('--categories');
  });

  it('is refused from the environment, naming the variable', () => {
    const error = refusal(() => load({ env: { OPENAI_EXPORTER_STORAGE_PATH: KEYS[3] } }));
    expect(error.option).toBe('OPENAI_EXPORTER_STORAGE_PATH');
  });

  it('is refused from the environment even when a flag overrides it', () => {
    const error = refusal(() =>
      load({ argv: ['--storage.path=/data'], env: { OPENAI_EXPORTER_STORAGE_PATH: KEYS[3] } }),
    );
    expect(error.option).toBe('OPENAI_EXPORTER_STORAGE_PATH');
  });

  it('is refused from the config file: values, list items and project ids', () => {
    expect(refusal(() => loadYaml(`storage:\n  path: ${KEYS[0]}\n`)).option).toBe('storage.path');
    expect(
      refusal(() => loadYaml(`categories:\n  completions:\n    filters:\n      models: [a, ${KEYS[1]}]\n`))
        .option,
    ).toMatch(/^categories\.completions\.filters/);
    const budget = refusal(() => loadYaml(`budget:\n  projects:\n    ${KEYS[2]}:\n      daily_usd: 10\n`));
    expect(budget.option).toBe('budget.projects');
    expect(budget.file).toBe('/etc/exporter.yaml');
  });

  it('is refused as a config file key that the file does not have', () => {
    const error = refusal(() => loadYaml(`storage:\n  ${KEYS[0]}: 1\n`));
    expect(error.option).toBe('storage');
  });

  it('leaves ordinary values alone, including ones containing "sk-"', () => {
    const loaded = load({
      argv: ['--storage.path=/var/lib/task-sk-queue', '--budget.project-daily-usd=proj_sk-abc=5'],
    });
    expect(loaded.config.storage.path).toBe('/var/lib/task-sk-queue');
  });
});
