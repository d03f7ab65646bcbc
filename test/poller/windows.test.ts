import { describe, expect, it } from 'vitest';
import { dayWindow, hourWindow, minuteWindow, type WindowSettings } from '../../src/poller/windows.js';

const settings: WindowSettings = {
  minuteWindowSeconds: 3600,
  hourWindowSeconds: 86400,
  settleDays: 2,
  backfillMaxSeconds: 7 * 86400,
};
const DAY = 86400;
const NOW = Date.UTC(2026, 10, 20, 13, 47, 29) / 1000;

describe('poll windows', () => {
  it('align every start to the bucket width', () => {
    expect(minuteWindow(NOW, settings).startTime % 60).toBe(0);
    expect(hourWindow(NOW, undefined, settings).startTime % 3600).toBe(0);
    expect(dayWindow(NOW, undefined, settings).startTime % DAY).toBe(0);
  });

  it('re-read the trailing minute window on every poll', () => {
    expect(minuteWindow(NOW, settings).startTime).toBe(Date.UTC(2026, 10, 20, 12, 47) / 1000);
  });

  it('reach back over downtime with hour buckets, but no further than the backfill limit', () => {
    const twoDaysAgo = NOW - 2 * DAY;
    expect(hourWindow(NOW, twoDaysAgo, settings).startTime).toBe(Date.UTC(2026, 10, 17, 13) / 1000);
    expect(hourWindow(NOW, NOW - 30 * DAY, settings).startTime).toBe(Date.UTC(2026, 10, 13, 13) / 1000);
    expect(hourWindow(NOW, NOW - 60, settings).startTime).toBe(Date.UTC(2026, 10, 19, 13) / 1000);
  });

  it('read the whole month of costs on a first start, then only the days still settling', () => {
    expect(dayWindow(NOW, undefined, settings).startTime).toBe(Date.UTC(2026, 10, 1) / 1000);
    expect(dayWindow(NOW, NOW - 300, settings).startTime).toBe(Date.UTC(2026, 10, 18) / 1000);
    expect(dayWindow(NOW, NOW - 300, settings).pruneBefore).toBe(Date.UTC(2026, 10, 1) / 1000);
  });

  it('read the settling days of the previous month early in a month', () => {
    const early = Date.UTC(2026, 11, 1, 0, 5) / 1000;
    expect(dayWindow(early, undefined, settings).startTime).toBe(Date.UTC(2026, 10, 29) / 1000);
  });
});

describe('backfill windows', () => {
  it('are marked only when they reach back beyond the regular window', () => {
    expect(hourWindow(NOW, NOW - 60, settings).backfill).toBe(false);
    expect(hourWindow(NOW, NOW - 2 * DAY, settings).backfill).toBe(true);
    expect(dayWindow(NOW, NOW - 300, settings).backfill).toBe(false);
    expect(dayWindow(NOW, NOW - 4 * DAY, settings).backfill).toBe(true);
  });
});

describe('the backfill limit', () => {
  const noBackfill: WindowSettings = { ...settings, backfillMaxSeconds: 0 };

  it('never shortens the regular trailing hour window', () => {
    expect(hourWindow(NOW, NOW - 60, noBackfill).startTime).toBe(Date.UTC(2026, 10, 19, 13) / 1000);
    expect(hourWindow(NOW, NOW - 30 * DAY, noBackfill).startTime).toBe(Date.UTC(2026, 10, 19, 13) / 1000);
  });

  it('never stops the days still settling from being read again', () => {
    expect(dayWindow(NOW, NOW - 300, noBackfill).startTime).toBe(Date.UTC(2026, 10, 18) / 1000);
    const shortLimit: WindowSettings = { ...settings, backfillMaxSeconds: 3600 };
    expect(dayWindow(NOW, NOW - 60, shortLimit).startTime).toBe(Date.UTC(2026, 10, 18) / 1000);
  });

  it('only limits how far a gap before the regular window is filled', () => {
    const threeDays: WindowSettings = { ...settings, backfillMaxSeconds: 3 * DAY };
    expect(hourWindow(NOW, NOW - 10 * DAY, threeDays).startTime).toBe(Date.UTC(2026, 10, 17, 13) / 1000);
    expect(dayWindow(NOW, NOW - 10 * DAY, threeDays).backfill).toBe(true);
  });
});

describe('month to date after a gap longer than the backfill limit', () => {
  const threeDays: WindowSettings = { ...settings, backfillMaxSeconds: 3 * DAY };

  it('reads every day of the month in one window but counts only from the limit', () => {
    const window = dayWindow(NOW, NOW - 10 * DAY, threeDays);
    expect(window.startTime).toBe(Date.UTC(2026, 10, 1) / 1000);
    expect(window.countFrom).toBe(Date.UTC(2026, 10, 17) / 1000);
  });

  it('counts everything it reads when the gap is within the limit', () => {
    expect(dayWindow(NOW, NOW - 4 * DAY, settings).countFrom).toBeUndefined();
    expect(dayWindow(NOW, NOW - 300, threeDays).countFrom).toBeUndefined();
  });
});
