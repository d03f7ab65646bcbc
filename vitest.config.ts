import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most of the suite's wall time is end-to-end tests waiting on real processes (Prometheus,
    // the exporter), not CPU, so more files run at once than there are cores.
    maxWorkers: 4,
  },
});

// biome-ignore lint/style/noDefaultExport: vitest loads its configuration from the default export
export default config;
