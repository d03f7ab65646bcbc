// Debian's Chromium for the browser tests. Missing Chromium is a failure, not a skip: CI installs
// it (.ci/run), and a page nobody looked at must not look green.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export class ChromiumMissingError extends Error {
  constructor(path: string) {
    super(
      `${path} does not exist: install Debian's Chromium (apt-get install chromium) to run the browser tests`,
    );
    this.name = 'ChromiumMissingError';
  }
}

export function requireChromium(path = CHROMIUM_PATH): void {
  if (!existsSync(path)) throw new ChromiumMissingError(path);
}

export interface HeadlessBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

// Quiet and offline apart from the pages under test: no QUIC, sync, updates or background traffic.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium with a fresh profile, removed again on close. */
export async function launchChromium(): Promise<HeadlessBrowser> {
  requireChromium();
  const userDataDir = mkdtempSync(join(tmpdir(), 'chromium-profile-'));
  // Playwright refuses --user-data-dir among the arguments: a persistent context is how it is given.
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    timeout: 30_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
