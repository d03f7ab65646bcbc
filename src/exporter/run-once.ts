import type { StorageLock } from '../state/storage-directory.js';
import type { Fleet } from './fleet.js';

/**
 * --once: every organization polls everything once, each saves its state when this run holds the
 * storage lock, and the exposition goes to stdout. Resolves whether every poll succeeded.
 */
export async function runOnce(fleet: Fleet, lock: StorageLock | undefined): Promise<boolean> {
  const ok = await fleet.pollAll();
  if (lock !== undefined) {
    await Promise.all(
      fleet.members.map(async ({ exporter, state }) => {
        await state.organizationLearned();
        await state.save(exporter.pollers);
      }),
    );
  }
  lock?.release();
  // stdout to a pipe is asynchronous: exiting before the write drains would cut the output.
  await new Promise<void>((resolve) => process.stdout.write(fleet.cache.plain, () => resolve()));
  return ok;
}
