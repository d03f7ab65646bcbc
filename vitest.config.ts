import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The slow tier, which `npm run check` leaves out: tests that start real processes (the exporter,
 * the simulator, Prometheus, promtool) are `*.e2e.test.ts` or live in test/e2e; tests that drive
 * Chromium are `*.browser.test.ts`; long in-process scenarios (simulated hours, scale) are
 * `*.slow.test.ts` or live in test/hostile. test/conventions/test-tiers.test.ts fails when a
 * fast-tier test starts a process.
 */
const SLOW_TEST_FOLDERS: readonly string[] = ['test/e2e/', 'test/hostile/'];
const SLOW_TEST_SUFFIXES: readonly string[] = [
  '.e2e.test.ts',
  '.browser.test.ts',
  '.slow.test.ts',
  '.realtime.test.ts',
];

/**
 * The real-time tier: end-to-end tests whose verdict depends on minutes of wall-clock time in a
 * real Prometheus (an alert's `for:`), which no injected clock can shorten. `npm test` runs them in
 * the same run as the rest: vitest orders the projects by name, so this one starts right after the
 * fast tier and waits on one worker while the slow tier runs on the others.
 */
export const REALTIME_TESTS: readonly string[] = ['test/**/*.realtime.test.ts'];

export const SLOW_TESTS: readonly string[] = [
  ...SLOW_TEST_FOLDERS.map((folder) => `${folder}**/*.test.ts`),
  ...SLOW_TEST_SUFFIXES.map((suffix) => `test/**/*${suffix}`),
];

/** Whether a test file (path relative to the repository root) belongs to the slow tier. */
export function isSlowTest(path: string): boolean {
  return (
    SLOW_TEST_FOLDERS.some((folder) => path.startsWith(folder)) ||
    SLOW_TEST_SUFFIXES.some((suffix) => path.endsWith(suffix))
  );
}

export const config = defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most of the suite's wall time is end-to-end tests waiting on real processes (Prometheus,
    // the exporter), not CPU, so more files run at once than there are cores.
    maxWorkers: 4,
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          // Fast-tier files share their workers' module cache instead of re-importing the source
          // tree per file: no fast test mocks modules, stubs globals or fakes timers.
          isolate: false,
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SLOW_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: 'slow',
          include: [...SLOW_TESTS],
          exclude: [...configDefaults.exclude, ...REALTIME_TESTS],
        },
      },
      { extends: true, test: { name: 'realtime', include: [...REALTIME_TESTS] } },
    ],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'simulator/**/*.ts', 'grafana/src/**/*.ts'],
      reporter: ['text-summary', 'html', 'json-summary'],
      reportsDirectory: 'coverage',
      // A flaky failure should not hide the coverage figures of the run.
      reportOnFailure: true,
      // Just below the level of the whole suite (npm test) on 2026-12-02, after issues 12 and 15 and
      // the estimate of issue 14 merged: lines 94.14%, statements 92.92%, functions 93.94%, branches
      // 86.91%. CI fails when coverage drops; raise them as it grows.
      thresholds: { lines: 93.5, statements: 92.5, functions: 93.5, branches: 86.5 },
    },
  },
});

// biome-ignore lint/style/noDefaultExport: vitest loads its configuration from the default export
export default config;
