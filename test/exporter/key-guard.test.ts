import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { KeyGuard } from '../../src/exporter/key-guard.js';
import { OrganizationMismatchError, UpstreamHttpError } from '../../src/openai/index.js';
import type { KeyCheck, KeySource } from '../../src/secrets/rotating-key.js';

const OLD = 'sk-admin-GuardOld0123456789abcdef';
const NEW = 'sk-admin-GuardNew0123456789abcdef';
const FOREIGN = 'sk-admin-GuardForeign0123456789ab';

/** A key source the test rotates, an upstream that names each key's organization, a recorded id. */
function setup(
  options: { recorded?: string | undefined; organizations?: Record<string, string | undefined> } = {},
) {
  let current: KeyCheck = { key: OLD, version: 0 };
  const source: KeySource = { initial: OLD, check: () => current };
  const organizations = options.organizations ?? { [OLD]: 'org-a', [NEW]: 'org-a', [FOREIGN]: 'org-b' };
  const verified: string[] = [];
  let failNext: Error | undefined;
  const record = {
    organizationId: options.recorded ?? ('org-a' as string | undefined),
    rotations: [] as [string, string | undefined][],
    keyRotated(key: string, organizationId: string | undefined) {
      this.rotations.push([key, organizationId]);
      if (organizationId !== undefined) this.organizationId = organizationId;
    },
  };
  if ('recorded' in options && options.recorded === undefined) record.organizationId = undefined;
  let mismatches = 0;
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const guard = new KeyGuard({
    organization: 'acme',
    source,
    verify: async (key) => {
      verified.push(key);
      const failure = failNext;
      failNext = undefined;
      if (failure !== undefined) throw failure;
      return organizations[key];
    },
    record,
    reporter: { organizationMismatch: () => void mismatches++ },
    logger,
  });
  return {
    guard,
    record,
    verified,
    lines,
    mismatches: () => mismatches,
    rotate: (key: string) => {
      current = { key, version: current.version + 1 };
    },
    failVerificationWith: (error: Error) => {
      failNext = error;
    },
  };
}

describe('the key guard of an organization', () => {
  it('admits requests with the start-up key without asking the upstream', async () => {
    const { guard, verified } = setup();
    await guard.admit('costs', undefined);
    expect(guard.key).toBe(OLD);
    expect(verified).toEqual([]);
  });

  it('asks once which organization a rotated key answers for, then sends it', async () => {
    const { guard, verified, record, rotate } = setup();
    rotate(NEW);
    expect(guard.key).toBe(OLD);
    await Promise.all([guard.admit('costs', undefined), guard.admit('completions', undefined)]);
    await guard.admit('names', undefined);
    expect(verified).toEqual([NEW]);
    expect(guard.key).toBe(NEW);
    expect(record.rotations).toEqual([[NEW, 'org-a']]);
  });

  it('refuses a rotated key of another organization: logs once, counts once, sends nothing', async () => {
    const { guard, verified, rotate, mismatches, lines, record } = setup();
    rotate(FOREIGN);
    for (const subject of ['costs', 'completions', 'names']) {
      await expect(guard.admit(subject, undefined)).rejects.toBeInstanceOf(OrganizationMismatchError);
    }
    expect(guard.key).toBe(OLD);
    expect(guard.refused).toBe(true);
    expect(verified).toEqual([FOREIGN]);
    expect(mismatches()).toBe(1);
    const errors = lines.filter((line) => line.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(/answers for org-b, not org-a/);
    expect(record.rotations).toEqual([]);
    expect(record.organizationId).toBe('org-a');
  });

  it('polls again once the key file changes to a key of its organization', async () => {
    const { guard, rotate, mismatches } = setup();
    rotate(FOREIGN);
    await expect(guard.admit('costs', undefined)).rejects.toThrow(/refused/);
    rotate(NEW);
    await guard.admit('costs', undefined);
    expect(guard.key).toBe(NEW);
    expect(guard.refused).toBe(false);
    expect(mismatches()).toBe(1);
  });

  it('decides nothing while the upstream cannot answer, and asks again at the next request', async () => {
    const { guard, verified, rotate, failVerificationWith } = setup();
    rotate(NEW);
    failVerificationWith(new UpstreamHttpError('costs', 401, 'invalid key'));
    await expect(guard.admit('costs', undefined)).rejects.toBeInstanceOf(UpstreamHttpError);
    expect(guard.key).toBe(OLD);
    await guard.admit('costs', undefined);
    expect(verified).toEqual([NEW, NEW]);
    expect(guard.key).toBe(NEW);
  });

  it('accepts a key whose organization cannot be named, with a warning, keeping the recorded one', async () => {
    const { guard, record, rotate, lines } = setup({ organizations: {} });
    rotate(NEW);
    await guard.admit('costs', undefined);
    expect(guard.key).toBe(NEW);
    expect(record.rotations).toEqual([[NEW, undefined]]);
    expect(record.organizationId).toBe('org-a');
    expect(lines.some((line) => line.level === 40 && /could not be verified/.test(line.msg))).toBe(true);
  });

  it('accepts a rotated key before any organization was recorded, recording the one it answers for', async () => {
    const { guard, record, rotate } = setup({ recorded: undefined });
    rotate(FOREIGN);
    await guard.admit('costs', undefined);
    expect(guard.key).toBe(FOREIGN);
    expect(record.organizationId).toBe('org-b');
  });

  it('refuses the start-up key when it answers for another organization than the saved counters', async () => {
    const { guard, rotate, mismatches, verified } = setup();
    guard.refuseInitial('org-a', 'org-b');
    await expect(guard.admit('costs', undefined)).rejects.toThrow(/answers for org-b, not org-a/);
    expect(guard.refused).toBe(true);
    expect(mismatches()).toBe(1);
    rotate(NEW);
    await guard.admit('costs', undefined);
    expect(verified).toEqual([NEW]);
    expect(guard.refused).toBe(false);
  });
});
