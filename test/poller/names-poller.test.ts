import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  type DirectoryApiKey,
  type DirectoryProject,
  type DirectoryUser,
  MalformedPageError,
  UpstreamHttpError,
} from '../../src/openai/index.js';
import { type DirectorySource, NamesPoller } from '../../src/poller/names-poller.js';
import { namesTask } from '../../src/poller/poll-tasks.js';
import { Scheduler, type SchedulerClock } from '../../src/poller/scheduler.js';

const project = (id: string, status = 'active'): DirectoryProject => ({ id, name: `Project ${id}`, status });
const user = (id: string): DirectoryUser => ({
  id,
  name: `User ${id}`,
  email: `${id}@example.com`,
  role: 'reader',
});
const key = (id: string, projectId: string): DirectoryApiKey => ({ id, name: `Key ${id}`, projectId });

class FakeDirectory implements DirectorySource {
  projects: DirectoryProject[] = [project('proj_b'), project('proj_a')];
  users: DirectoryUser[] = [user('user-2'), user('user-1')];
  keys = new Map<string, DirectoryApiKey[] | Error>([
    ['proj_a', [key('key_2', 'proj_a')]],
    ['proj_b', [key('key_1', 'proj_b')]],
  ]);
  failUsers: Error | undefined;

  async listProjects() {
    return this.projects;
  }
  async listUsers() {
    if (this.failUsers !== undefined) throw this.failUsers;
    return this.users;
  }
  async listProjectApiKeys(projectId: string) {
    const keys = this.keys.get(projectId) ?? [];
    if (keys instanceof Error) throw keys;
    return keys;
  }
}

function setup() {
  const directory = new FakeDirectory();
  const finished: { category: string; width: string; ok: boolean }[] = [];
  const malformed: string[] = [];
  const poller = new NamesPoller(
    directory,
    {
      pollFinished: (category, width, ok) => finished.push({ category, width, ok }),
      malformed: (category) => malformed.push(category),
    },
    pino({ level: 'silent' }),
    () => 1_785_542_400_000,
  );
  return { directory, poller, finished, malformed };
}

const forbidden = () => new UpstreamHttpError('names', 403, 'no access');

describe('the names poller', () => {
  it('lists projects, users and every project’s keys, sorted by id, and reports as names with no width', async () => {
    const { poller, finished } = setup();
    expect(await poller.poll()).toBe(true);
    expect(poller.names?.projects.map((p) => p.id)).toEqual(['proj_a', 'proj_b']);
    expect(poller.names?.users.map((u) => u.id)).toEqual(['user-1', 'user-2']);
    expect(poller.names?.apiKeys.map((k) => [k.id, k.projectId])).toEqual([
      ['key_1', 'proj_b'],
      ['key_2', 'proj_a'],
    ]);
    expect(finished).toEqual([{ category: 'names', width: '', ok: true }]);
    expect(poller.progress).toMatchObject({ attempted: true, lastSuccess: 1_785_542_400 });
  });

  it('says whether the names changed since the last poll', async () => {
    const { poller, directory } = setup();
    expect(await poller.poll()).toBe(true);
    expect(await poller.poll()).toBe(false);
    directory.projects = [project('proj_a'), { ...project('proj_b'), name: 'Renamed' }];
    expect(await poller.poll()).toBe(true);
  });

  it('keeps each id once, so no duplicate series can break a scrape', async () => {
    const { poller, directory } = setup();
    directory.users = [user('user-1'), user('user-1'), user('user-2')];
    directory.keys.set('proj_a', [key('key_1', 'proj_a'), key('key_2', 'proj_a')]);
    await poller.poll();
    expect(poller.names?.users.map((u) => u.id)).toEqual(['user-1', 'user-2']);
    expect(poller.names?.apiKeys.map((k) => k.id)).toEqual(['key_1', 'key_2']);
  });

  it('skips the keys of a project that vanished (404) or is archived and refuses listing them', async () => {
    const { poller, directory } = setup();
    directory.projects = [project('proj_a'), project('proj_b'), project('proj_old', 'archived')];
    directory.keys.set('proj_a', new UpstreamHttpError('names', 404, 'No such project'));
    directory.keys.set('proj_old', forbidden());
    expect(await poller.poll()).toBe(true);
    expect(poller.progress.lastError).toBeUndefined();
    expect(poller.names?.apiKeys.map((k) => k.id)).toEqual(['key_1']);
    expect(poller.names?.projects.map((p) => p.id)).toEqual(['proj_a', 'proj_b', 'proj_old']);
  });

  it('fails as a whole when an active project’s keys cannot be listed, keeping the last names', async () => {
    const { poller, directory, finished } = setup();
    await poller.poll();
    const before = poller.names;
    directory.keys.set('proj_b', forbidden());
    directory.projects = [project('proj_a'), project('proj_b'), project('proj_new')];
    expect(await poller.poll()).toBe(false);
    expect(poller.names).toBe(before);
    expect(poller.progress.lastError).toContain('HTTP 403');
    expect(finished.at(-1)).toEqual({ category: 'names', width: '', ok: false });
  });

  it('counts an untrustworthy listing as a malformed page of names', async () => {
    const { poller, directory, malformed } = setup();
    directory.failUsers = new MalformedPageError('names', 'list item 0 has id missing');
    expect(await poller.poll()).toBe(false);
    expect(malformed).toEqual(['names']);
    expect(poller.names).toBeUndefined();
  });
});

/** A clock whose sleeps are recorded and resolve at once, until the test stops the schedule. */
function recordingClock(): SchedulerClock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

describe('the names schedule', () => {
  it('polls every interval, retries sooner after a failure, and stops when asked', async () => {
    const { poller, directory } = setup();
    const clock = recordingClock();
    const polled: boolean[] = [];
    let schedule: Scheduler | undefined;
    const done = new Promise<void>((resolve) => {
      const onPolled = async (changed: boolean) => {
        polled.push(changed);
        if (polled.length === 2) directory.failUsers = forbidden();
        if (polled.length === 3) directory.failUsers = undefined;
        if (polled.length === 4) resolve();
      };
      schedule = new Scheduler([namesTask(poller, 3_600_000, onPolled, 60_000)], {
        concurrency: 1,
        jitter: 0.5,
        random: () => 0.5,
        clock,
      });
      schedule.start();
    });
    await done;
    await schedule?.stop();
    expect(polled.slice(0, 4)).toEqual([true, false, false, false]);
    expect(clock.sleeps.slice(0, 3)).toEqual([4_500_000, 4_500_000, 75_000]);
  });
});

describe('the names poller’s log', () => {
  it('reports a failing names poll once, then only as a reminder, and reports the recovery', async () => {
    const lines: { level: number; msg: string }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
        callback();
      },
    });
    const directory = new FakeDirectory();
    let now = 1_785_542_400_000;
    const poller = new NamesPoller(
      directory,
      { pollFinished() {}, malformed() {} },
      pino({ level: 'info' }, sink),
      () => now,
    );
    directory.failUsers = forbidden();
    for (let i = 0; i < 4; i++) {
      await poller.poll();
      now += 60_000;
    }
    directory.failUsers = undefined;
    await poller.poll();
    expect(lines.map((line) => line.level)).toEqual([50, 30]);
    expect(lines[1]?.msg).toMatch(/names poll recovered after 4 failures/);
  });
});

describe('a names poll cut short by shutdown', () => {
  it('is no failure: the last names and their success stay as they were', async () => {
    const { poller, directory, finished } = setup();
    await poller.poll();
    const controller = new AbortController();
    controller.abort();
    directory.failUsers = new DOMException('This operation was aborted', 'AbortError');
    expect(await poller.poll(controller.signal)).toBe(false);
    expect(poller.progress.lastError).toBeUndefined();
    expect(finished).toEqual([{ category: 'names', width: '', ok: true }]);
  });
});
