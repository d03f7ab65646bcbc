// Where the running exporter can be reached, written after it binds, for the container's health
// probe: the probe cannot know every way the listen address may have been set (a flag after the
// image name, the config file), but it does know the storage directory, and the exporter knows
// the address it actually bound.

import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const BOUND_ADDRESS_FILE = 'listen-address';

export interface BoundAddress {
  /** e.g. `http://127.0.0.1:9863`: an address this machine can connect to. */
  readonly url: string;
}

/** A wildcard bind is reached through loopback; a specific address only through itself. */
export function reachableUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.hostname === '0.0.0.0') url.hostname = '127.0.0.1';
  else if (url.hostname === '[::]') url.hostname = '[::1]';
  return url.origin;
}

export async function writeBoundAddress(storageRoot: string, serverUrl: string): Promise<void> {
  await mkdir(storageRoot, { recursive: true });
  const bound: BoundAddress = { url: reachableUrl(serverUrl) };
  await writeFile(join(storageRoot, BOUND_ADDRESS_FILE), `${JSON.stringify(bound)}\n`);
}

export async function removeBoundAddress(storageRoot: string): Promise<void> {
  await rm(join(storageRoot, BOUND_ADDRESS_FILE), { force: true });
}
