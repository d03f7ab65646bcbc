// Runs Debian's promtool. Missing promtool is a failure, not a skip: CI installs the prometheus
// package, and a rules file nobody checked must not look green.

import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class PromtoolMissingError extends Error {
  constructor() {
    super(
      'promtool is not on the PATH: install it (Debian/Ubuntu: apt-get install prometheus) to check and test the Prometheus rules',
    );
    this.name = 'PromtoolMissingError';
  }
}

export function requirePromtool(env: NodeJS.ProcessEnv = process.env): void {
  const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8', env });
  if (probe.error !== undefined || probe.status !== 0) throw new PromtoolMissingError();
}

export interface PromtoolResult {
  readonly ok: boolean;
  readonly output: string;
}

export async function promtool(args: readonly string[], cwd: string): Promise<PromtoolResult> {
  requirePromtool();
  try {
    const { stdout, stderr } = await run('promtool', [...args], { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` || failed.message };
  }
}
