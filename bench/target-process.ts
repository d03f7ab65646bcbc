// What every bench target (a child process the runner forks: the exporter, prom-client, the static
// floor, the fleet) shares: its messages to the runner, and a failure reported instead of a hang.

import type { TargetMessage } from './protocol.js';

export function send(message: TargetMessage): void {
  process.send?.(message);
}

/** Runs the target when the runner forked it (imported for its types, it does nothing). */
export function runTarget(main: () => Promise<void>): void {
  if (process.send === undefined) return;
  main().catch((error: unknown) => {
    send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exitCode = 1;
    process.disconnect?.();
  });
}
