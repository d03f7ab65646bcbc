// Runs before `npm test`. The suite needs Debian's `prometheus` package (prometheus and promtool)
// and Debian's `chromium` (the landing page is checked in a real browser). On a Debian machine
// where we are root they are installed; elsewhere we say what to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const packages = [];
if (!has('prometheus') || !has('promtool')) packages.push('prometheus');
if (!existsSync('/usr/bin/chromium')) packages.push('chromium');

if (packages.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && has('apt-get')) {
    process.stderr.write(`installing Debian packages the tests need: ${packages.join(' ')}\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
      stdio: 'inherit',
      env,
    });
  } else {
    process.stderr.write(
      `The test suite needs Debian's ${packages.join(' and ')} package(s): sudo apt-get install ${packages.join(' ')}\n`,
    );
    process.exit(1);
  }
}
