import type { CategoryPoller } from '../poller/category-poller.js';
import type { Exporter } from './exporter.js';

export interface DurableState {
  save(pollers: readonly CategoryPoller[]): Promise<void>;
}

/**
 * What runs after each scheduled poll. Durable before visible: a value Prometheus has scraped
 * must survive a kill -9, or the restarted exporter would serve less and Prometheus would see a
 * counter reset. A failing save is counted and logged by the state keeper; serving goes on.
 */
export function persistThenPublish(exporter: Exporter, state: DurableState) {
  return async (poller: CategoryPoller, changed: boolean): Promise<void> => {
    if (changed) await state.save(exporter.pollers);
    await exporter.afterPoll(poller, changed);
  };
}
