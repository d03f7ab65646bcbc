// Every organization the exporter polls, each an Exporter of its own (its own clients, request
// gate, Scheduler, state directory and key), and the one exposition they are served through. No
// organization waits on another: each polls on its own Scheduler, so one failing, paused by a 429
// or refused for its key never delays the others.

import type { LandingStatus } from '../http/landing-page.js';
import type { ExpositionCache } from '../metrics/exposition-cache.js';
import type { FleetExposition } from '../metrics/fleet-exposition.js';
import type { SchedulerClock } from '../poller/scheduler.js';
import type { FleetMember } from './assemble-organization.js';
import { organizationStatus, pendingPolls } from './landing-status.js';
import { VERSION } from './version.js';

export interface FleetStartOptions {
  readonly clock: SchedulerClock;
  readonly random?: () => number;
}

export class Fleet {
  constructor(
    readonly members: readonly FleetMember[],
    private readonly exposition: FleetExposition,
  ) {}

  /** What /metrics serves: every organization's series. */
  get cache(): ExpositionCache {
    return this.exposition.cache;
  }

  /** Starts every organization's polling; each saves its own state before serving a change. */
  start(options: FleetStartOptions): void {
    for (const member of this.members) member.exporter.start({ ...options, state: member.state });
  }

  /** Stops every organization (polls in flight are aborted) and saves each state one last time. */
  async stop(): Promise<void> {
    await Promise.all(this.members.map((member) => member.exporter.stop()));
  }

  /** Every organization finished its first polls (successfully or not). */
  get ready(): boolean {
    return this.members.every((member) => member.exporter.ready);
  }

  /** The polls readiness still waits for, as `category width`, or `organization category width`. */
  pending(): string[] {
    const named = this.members.length > 1;
    return this.members.flatMap((member) =>
      pendingPolls(member.exporter).map((poll) => (named ? `${member.name} ${poll}` : poll)),
    );
  }

  /** Serves every organization's restored counters before its first poll ends. */
  async renderAll(): Promise<void> {
    for (const member of this.members) await member.exporter.renderAll();
  }

  /** --once: every organization polls everything once, side by side; true when every poll succeeded. */
  async pollAll(): Promise<boolean> {
    const results = await Promise.all(this.members.map((member) => member.exporter.pollAll()));
    return results.every(Boolean);
  }

  /** The landing page's status, one group per organization. */
  landing(nowMs: number, demo = false): LandingStatus {
    const organizations = this.members.map((member) => ({
      organization: member.name,
      ...organizationStatus(member.exporter),
      ...(member.guard.refused ? { refused: member.guard.refusal } : {}),
    }));
    return { version: VERSION, nowSeconds: nowMs / 1000, demo, categories: [], organizations };
  }
}
