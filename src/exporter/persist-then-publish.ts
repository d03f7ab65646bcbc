import type { CategoryPoller } from '../poller/category-poller.js';

export interface DurableState {
  save(pollers: readonly CategoryPoller[]): Promise<void>;
}

/** What is published after a poll: the exporter's view of its pollers and its exposition. */
export interface Publisher {
  readonly pollers: readonly CategoryPoller[];
  /** Brings what is derived from the poll's ledger up to date (saved with it); true when it changed. */
  derive(poller: CategoryPoller): Promise<boolean>;
  afterPoll(poller: CategoryPoller, changed: boolean): Promise<void>;
}

/**
 * What runs after each scheduled poll. Durable before visible: a value Prometheus has scraped
 * must survive a kill -9, or the restarted exporter would serve less and Prometheus would see a
 * counter reset. A failing save is counted and logged by the state keeper; serving goes on.
 */
export function persistThenPublish(exporter: Publisher, state: DurableState) {
  return async (poller: CategoryPoller, changed: boolean): Promise<void> => {
    const derived = await exporter.derive(poller);
    if (changed || derived) await state.save(exporter.pollers);
    await exporter.afterPoll(poller, changed);
  };
}
