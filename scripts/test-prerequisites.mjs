// Runs before `npm test`: the suite needs Debian's `prometheus` package (prometheus and promtool).
// On a Debian machine where we are root it is installed; elsewhere we say what to install.
import { execFileSync, spawnSync } from 'node:child_process';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const missing = ['prometheus', 'promtool'].filter((command) => !has(command));
if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    process.stderr.write(`installing Debian's prometheus package (missing: ${missing.join(', ')})\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'], {
      stdio: 'inherit',
      env,
    });
  } else {
    process.stderr.write(
      `The test suite needs ${missing.join(' and ')} on PATH: install Debian's "prometheus" package ` +
        '(sudo apt-get install prometheus) or put a Prometheus 2.x release on PATH.\n',
    );
    process.exit(1);
  }
}
