// Writes the dashboards to grafana/dashboards/: `npx tsx grafana/src/generate.ts`.
// With `--check` it writes nothing and exits 1 when a committed file is out of date (for CI).

import { readFile, writeFile } from 'node:fs/promises';
import { buildDashboards, DASHBOARDS_DIR, renderDashboard } from './dashboards.js';

async function readOrEmpty(url: URL): Promise<string> {
  try {
    return await readFile(url, 'utf8');
  } catch {
    return '';
  }
}

const check = process.argv.includes('--check');
let stale = 0;
for (const { file, dashboard } of buildDashboards()) {
  const url = new URL(file, DASHBOARDS_DIR);
  const rendered = renderDashboard(dashboard);
  if ((await readOrEmpty(url)) === rendered) continue;
  stale += 1;
  if (check) {
    console.error(`grafana/dashboards/${file} is out of date: run npx tsx grafana/src/generate.ts`);
  } else {
    await writeFile(url, rendered);
    process.stdout.write(`wrote grafana/dashboards/${file}\n`);
  }
}
if (check && stale > 0) process.exitCode = 1;
