import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { createOrganizationsRouter, type Fault, type RunningSimulator } from '../../simulator/index.js';
import { CATEGORY_IDS } from '../../src/catalog/categories.js';
import { STATE_FILE_NAME } from '../../src/state/state-file.js';
import { counterResets, productCounterFamilies } from '../support/counter-resets.js';
import { familySumMismatches, organizationPart } from '../support/exactness.js';
import { type ParsedExposition, parseExposition, sumOf } from '../support/exposition.js';
import {
  fetchText,
  freePort,
  killAll,
  type RunningPrometheus,
  spawnExporter,
  startPrometheus,
  tempDirectory,
  waitFor,
} from '../support/processes.js';

// Issue 16's done-when. One exporter process, one config file, three organizations behind one
// simulated API host (the router picks the organization by the key): acme and initech read their
// keys from files, globex from an environment variable. Every counter ends equal to each
// organization's final totals, per `organization` label, while:
//   - globex fails for a while (401, then a 429 storm, then an outage where requests hang) and
//     acme and initech stay exact and fresh; globex then recovers and is exact too;
//   - acme's key is rotated in its file and revoked upstream: polls succeed again, no restart;
//   - initech's key file is given a key of globex: that entry is refused, no data mixes.
// acme's and initech's traffic ends early, so they are final (and checkable) before globex fails;
// globex's goes on through its failures, so it must catch up on what it missed.
const FINALIZATION = 8;
const KEYS = {
  acme: 'sk-admin-e2e-acme-0123456789abcdef',
  acmeRotated: 'sk-admin-e2e-acme-rotated-fedcba9876543210',
  globex: 'sk-admin-e2e-globex-0123456789abcdef',
  globexSecond: 'sk-admin-e2e-globex-second-00112233445566',
  initech: 'sk-admin-e2e-initech-0123456789abcdef',
} as const;
const NAMES = ['acme', 'globex', 'initech'] as const;
type Name = (typeof NAMES)[number];
/** Per organization, what the fleet counts when a key answers for another organization. */
const MISMATCH_METRIC = 'openai_exporter_organization_mismatch_total';
const CATEGORY_SET = new Set<string>(CATEGORY_IDS);

let upstream: RunningSimulator | undefined;
let prometheus: RunningPrometheus | undefined;

afterAll(async () => {
  killAll();
  await prometheus?.stop();
  await upstream?.close();
});

/** Replaces a key file the way a Kubernetes secret volume does: a new file renamed into place. */
function writeKeyFile(path: string, key: string): void {
  writeFileSync(`${path}.next`, `${key}\n`, { mode: 0o600 });
  renameSync(`${path}.next`, path);
}

const ofOrganization = (parsed: ParsedExposition, name: string, metric: string) =>
  parsed.samples.filter((s) => s.name === metric && s.labels.organization === name);

/** The category pollers' poll_success and last-success samples, keyed by category and width. */
function pollerSamples(parsed: ParsedExposition, name: Name, metric: string): Map<string, number> {
  return new Map(
    ofOrganization(parsed, name, metric)
      .filter((s) => CATEGORY_SET.has(s.labels.category ?? ''))
      .map((s) => [`${s.labels.category}/${s.labels.bucket_width}`, s.value]),
  );
}

/** Every category poll of `name` succeeded last time, and each succeeded again since `before`. */
function freshness(before: ParsedExposition, after: ParsedExposition, name: Name): string[] {
  const problems: string[] = [];
  const success = pollerSamples(after, name, 'openai_exporter_poll_success');
  if (success.size === 0) problems.push(`${name}: no poll_success`);
  for (const [poller, value] of success) if (value !== 1) problems.push(`${name} ${poller}: poll_success 0`);
  const then = pollerSamples(before, name, 'openai_exporter_last_success_timestamp_seconds');
  const now = pollerSamples(after, name, 'openai_exporter_last_success_timestamp_seconds');
  for (const [poller, value] of then)
    if (!((now.get(poller) ?? 0) > value)) problems.push(`${name} ${poller}: no success since ${value}`);
  return problems;
}

const failedPolls = (parsed: ParsedExposition, name: Name): number =>
  [...pollerSamples(parsed, name, 'openai_exporter_poll_success').values()].filter((v) => v === 0).length;

const requestsWithCode = (parsed: ParsedExposition, name: Name, code: string): number =>
  sumOf(parsed, 'openai_exporter_upstream_requests_total', { organization: name, code });

describe('one exporter process with several organizations', () => {
  it('keeps every organization exact and fresh through failures and key rotations', async () => {
    const start = Math.floor(Date.now() / 1000);
    const trafficEnd: Record<Name, number> = { acme: start + 10, globex: start + 45, initech: start + 10 };
    const simulated = (name: Name, seed: number) => ({
      seed,
      finalizationDelaySeconds: FINALIZATION,
      trafficEndTime: trafficEnd[name],
      credits: true,
    });
    const routed = createOrganizationsRouter([
      { name: 'acme', keys: [KEYS.acme], options: simulated('acme', 101) },
      { name: 'globex', keys: [KEYS.globex, KEYS.globexSecond], options: simulated('globex', 202) },
      { name: 'initech', keys: [KEYS.initech], options: simulated('initech', 303) },
    ]);
    upstream = await routed.listen();
    const hooks = upstream.baseUrl.replace(/\/v1$/, '/__orgs');

    const secrets = tempDirectory('oue-orgs-secrets-');
    const acmeKeyFile = join(secrets, 'acme-admin-key');
    const initechKeyFile = join(secrets, 'initech-admin-key');
    writeKeyFile(acmeKeyFile, KEYS.acme);
    writeKeyFile(initechKeyFile, KEYS.initech);
    const configFile = join(secrets, 'exporter.yml');
    writeFileSync(
      configFile,
      [
        'organizations:',
        '  - name: acme',
        `    admin_key_file: ${acmeKeyFile}`,
        '  - name: globex',
        '    admin_key_env: GLOBEX_ADMIN_KEY',
        '  - name: initech',
        `    admin_key_file: ${initechKeyFile}`,
        '',
      ].join('\n'),
    );
    const storage = tempDirectory('oue-orgs-storage-');
    const port = await freePort();
    prometheus = await startPrometheus([`127.0.0.1:${port}`]);
    const exporter = spawnExporter(
      [
        `--config.file=${configFile}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--openai.base-url=${upstream.baseUrl}`,
        '--poll.interval=2s',
        '--poll.window=5m',
        '--poll.hourly-interval=4s',
        '--costs.interval=3s',
        '--openai.requests-per-second=100',
        // Long enough that a loaded machine (CI runs several end-to-end files at once) does not time
        // out a names listing, whose retry comes only minutes later; globex's hanging phase still
        // times out within its wait.
        '--openai.timeout=10s',
        '--openai.max-retries=1',
        `--storage.path=${storage}`,
      ],
      // With a list, a key of the implicit organization is an error: none leaks in from the test's environment.
      { GLOBEX_ADMIN_KEY: KEYS.globex, OPENAI_ADMIN_KEY: undefined, OPENAI_ADMIN_KEY_FILE: undefined },
    );
    const base = `http://127.0.0.1:${port}`;
    /** The exporter's last warnings and errors about one organization, to explain a failure. */
    const problemsLogged = (name: Name): string =>
      exporter
        .output()
        .split('\n')
        .filter((line) => line.includes(`"organization":"${name}"`) && /"level":[45]\d/.test(line))
        .slice(-8)
        .join('\n');
    const scrape = async (): Promise<ParsedExposition> =>
      parseExposition((await fetchText(`${base}/metrics`)).text);
    const mismatches = (parsed: ParsedExposition, name: Name): string[] =>
      familySumMismatches(
        organizationPart(parsed, name),
        routed.organization(name).truth,
        trafficEnd[name] + 60,
      );
    /** Scrapes until each of `names` equals its organization's final totals. */
    const untilExact = async (names: readonly Name[], timeoutMs = 40_000): Promise<ParsedExposition> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const parsed = await scrape();
        const problems = Object.fromEntries(
          names
            .map((name) => [name, mismatches(parsed, name)] as const)
            .filter(([, found]) => found.length > 0),
        );
        if (Object.keys(problems).length === 0) return parsed;
        if (Date.now() > deadline) {
          expect(problems, exporter.output().slice(-4000)).toEqual({});
          return parsed;
        }
        await sleep(1000);
      }
    };
    /** Scrapes until every category poll of `name` has succeeded again since `before`. */
    const untilFresh = async (before: ParsedExposition, name: Name, timeoutMs = 30_000): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const problems = freshness(before, await scrape(), name);
        if (problems.length === 0) return;
        if (Date.now() > deadline) {
          expect(problems, problemsLogged(name)).toEqual([]);
          return;
        }
        await sleep(1000);
      }
    };
    const faults = (name: Name, fault?: Fault) =>
      fetch(
        `${hooks}/${name}/__faults`,
        fault === undefined
          ? { method: 'DELETE' }
          : {
              method: 'POST',
              body: JSON.stringify(fault),
            },
      );

    // A refused config exits at once: say why instead of waiting for readiness.
    const exitedEarly = exporter.exited.then((code) => {
      throw new Error(`the exporter exited (${code}) before it was ready`);
    });
    await Promise.race([
      exitedEarly,
      waitFor(
        'the exporter to be ready',
        async () => ((await fetchText(`${base}/-/ready`)).status === 200 ? true : undefined),
        60_000,
      ),
    ]).catch((error: Error) => {
      throw new Error(`${error.message}\n${exporter.output().slice(-4000)}`);
    });
    exitedEarly.catch(() => undefined);

    // Different keys, different data: each organization's names are its own.
    const projectsOf = (name: Name) => routed.organization(name).organization.projects.map((p) => p.id);
    const named = (parsed: ParsedExposition, name: Name) =>
      ofOrganization(parsed, name, 'openai_project_info').map((s) => s.labels.project_id);
    const withNames = await waitFor(
      "every organization's project names",
      async () => {
        const parsed = await scrape();
        return NAMES.every((name) => named(parsed, name).length > 0) ? parsed : undefined;
      },
      60_000,
    );
    for (const name of NAMES) expect(new Set(named(withNames, name))).toEqual(new Set(projectsOf(name)));

    // acme and initech settle while globex's traffic goes on.
    await sleep(Math.max(0, (trafficEnd.acme + FINALIZATION + 4) * 1000 - Date.now()));
    await untilExact(['acme', 'initech']);

    // globex fails three ways in turn; each time acme and initech stay exact and keep polling.
    const phases: { fault: Fault; code: string; requests: number }[] = [
      { fault: { kind: 'status', status: 401 }, code: '401', requests: 3 },
      { fault: { kind: 'status', status: 429, retryAfter: '1' }, code: '429', requests: 10 },
      { fault: { kind: 'hang' }, code: 'timeout', requests: 3 },
    ];
    for (const { fault, code, requests } of phases) {
      const before = await scrape();
      const seen = requestsWithCode(before, 'globex', code);
      expect((await faults('globex', fault)).status).toBe(201);
      await waitFor(
        `globex to fail with ${code}`,
        async () => {
          const parsed = await scrape();
          return requestsWithCode(parsed, 'globex', code) >= seen + requests &&
            failedPolls(parsed, 'globex') > 0
            ? true
            : undefined;
        },
        45_000,
      );
      // A few more polls of the others while globex keeps failing.
      await sleep(5000);
      const during = await scrape();
      for (const name of ['acme', 'initech'] as const) {
        expect(mismatches(during, name), `${name} during globex's ${code}`).toEqual([]);
        expect(
          freshness(before, during, name),
          `${name} during globex's ${code}\n${problemsLogged(name)}`,
        ).toEqual([]);
      }
      expect((await faults('globex')).status).toBe(204);
    }

    // globex recovers: it catches up, polls succeed again, and every organization is exact.
    const recovered = await scrape();
    await sleep(Math.max(0, (trafficEnd.globex + FINALIZATION + 4) * 1000 - Date.now()));
    const settled = await untilExact(NAMES);
    await untilFresh(recovered, 'globex');
    // None of globex's answers reached the others' requests (a timeout may: a loaded machine).
    const failedElsewhere = settled.samples.filter(
      (s) =>
        s.name === 'openai_exporter_upstream_requests_total' &&
        s.labels.organization !== 'globex' &&
        ['401', '429'].includes(s.labels.code ?? ''),
    );
    expect(failedElsewhere, `${problemsLogged('acme')}\n${problemsLogged('initech')}`).toEqual([]);

    // acme's key rotates: the new key is written to its file and the old one revoked upstream.
    routed.addKey('acme', KEYS.acmeRotated);
    writeKeyFile(acmeKeyFile, KEYS.acmeRotated);
    routed.revokeKey(KEYS.acme);
    await waitFor('the rotated acme key to be used', async () =>
      routed.requestsWith(KEYS.acmeRotated) > 0 ? true : undefined,
    );
    await untilFresh(await scrape(), 'acme');
    await untilExact(NAMES);
    const oldKeyUses = routed.requestsWith(KEYS.acme);
    await sleep(4000);
    expect(routed.requestsWith(KEYS.acme), 'the revoked key is no longer sent').toBe(oldKeyUses);
    expect(exporter.child.exitCode, 'no restart').toBeNull();

    // initech's key file is given a key of globex: the entry is refused, nothing of globex mixes in.
    writeKeyFile(initechKeyFile, KEYS.globexSecond);
    await waitFor('initech to be refused', async () =>
      sumOf(await scrape(), MISMATCH_METRIC, { organization: 'initech' }) >= 1 ? true : undefined,
    );
    const globexId = routed.organization('globex').organization.id;
    /** The exporter's log lines about initech naming globex's organization id. */
    const refusalsLogged = (): { level: number; category?: string; bucket_width?: string }[] =>
      exporter
        .output()
        .split('\n')
        .filter((line) => line.includes('"organization":"initech"') && line.includes(globexId))
        .map((line) => JSON.parse(line));
    await sleep(2000); // requests already on their way when the answer came
    const refusedUses = routed.requestsWith(KEYS.globexSecond);
    await sleep(8000);
    expect(routed.requestsWith(KEYS.globexSecond), 'the refused entry stops polling').toBe(refusedUses);
    // Logged as an error naming the organization the key answers for; each poller says it once, not
    // again at every poll.
    const logged = refusalsLogged();
    expect(logged.some((line) => line.level === 50)).toBe(true);
    const pollers = logged.map((line) => `${line.category ?? '-'} ${line.bucket_width ?? '-'}`);
    expect(pollers.filter((poller, index) => pollers.indexOf(poller) !== index)).toEqual([]);
    const refused = await untilExact(NAMES);
    const globexProjects = new Set(projectsOf('globex'));
    const mixed = refused.samples.filter(
      (s) => s.labels.organization === 'initech' && globexProjects.has(s.labels.project_id ?? ''),
    );
    expect(mixed).toEqual([]);
    expect(sumOf(refused, MISMATCH_METRIC, { organization: 'acme' })).toBe(0);
    expect(sumOf(refused, MISMATCH_METRIC, { organization: 'globex' })).toBe(0);

    // Prometheus scraped it all along: three organizations, and no product counter ever went down.
    const scraped = await prometheus.query('count by (organization) (openai_exporter_poll_success)');
    expect(new Set(scraped.map((r) => r.metric.organization))).toEqual(new Set(NAMES));
    const families = productCounterFamilies(refused);
    expect(families.length).toBeGreaterThan(20);
    for (const family of families) {
      expect.soft(await counterResets(prometheus, family, start), `resets() of ${family}`).toEqual([]);
    }

    // Secrets never leak, and each listed organization saved its state in its own directory.
    const text = (await fetchText(`${base}/metrics`)).text;
    exporter.child.kill('SIGTERM');
    expect(await exporter.exited, `the exporter's last lines:\n${exporter.output().slice(-3000)}`).toBe(0);
    for (const key of Object.values(KEYS)) {
      expect(text).not.toContain(key);
      expect(exporter.output()).not.toContain(key);
    }
    for (const name of NAMES) expect(existsSync(join(storage, name, STATE_FILE_NAME)), name).toBe(true);
  }, 300_000);
});
