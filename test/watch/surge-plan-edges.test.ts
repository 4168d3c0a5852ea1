import { describe, expect, it } from 'vitest';
import { zhToolsCli } from '../../src/i18n/tools-cli.js';
import { enToolsCli } from '../../src/i18n/tools-cli-en.js';
import type { Learned, ReturnPattern } from '../../src/watch/surge-learn.js';
import {
  budgetAllowsAt,
  budgetedEverySeconds,
  proposeWindows,
  usualLags,
  usualTimes,
} from '../../src/watch/surge-plan.js';
import { TZ } from './surge-fixtures.js';

/** Budgeting learned windows (src/watch/surge-plan.ts), at its bounds. */
const zeros = new Array<number>(1440).fill(0);
const ones = new Array<number>(1440).fill(1);
const o = (maxRequestsPerHour: number, requestsPerCheck = 1, extraPerReturn = 4) => ({
  cron: '* * * * *',
  maxRequestsPerHour,
  requestsPerCheck,
  extraPerReturn,
});
const pattern = (over: Partial<ReturnPattern>): ReturnPattern => ({
  kind: 'daily',
  portal: 'p',
  startMinute: 600,
  durationMinutes: 4,
  returns: 0,
  occurrences: 10,
  chances: 10,
  courses: { A: 1 },
  lastAtMs: Date.parse('2026-07-01T00:00:00Z'),
  stopped: false,
  ...over,
});
const learned = (patterns: ReturnPattern[], oneOff: Learned['oneOff'] = []): Learned => ({
  returns: { total: 0, byPortal: {}, byCourse: {} } as unknown as Learned['returns'],
  waves: 0,
  patterns,
  oneOff,
});

describe('budgetedEverySeconds', () => {
  it('an empty hour: the 10 s floor, its checks and nothing else', () => {
    expect(budgetedEverySeconds(600, 5, 0, zeros, o(60))).toEqual({ everySeconds: 10, requestsPerHour: 30 });
  });

  it('the cron outside the window in the same hour counts, the minutes inside do not', () => {
    expect(budgetedEverySeconds(605, 5, 0, ones, o(120))).toEqual({ everySeconds: 10, requestsPerHour: 85 });
  });

  it('requests per check scale the cron and the window', () => {
    expect(budgetedEverySeconds(605, 5, 0, ones, o(130, 2))).toEqual({
      everySeconds: 30,
      requestsPerHour: 130,
    });
  });

  it('a window ending on the hour does not touch the next hour', () => {
    const busyTen = zeros.map((_, m) => (m >= 600 && m < 660 ? 1 : 0));
    expect(budgetedEverySeconds(590, 10, 0, busyTen, o(60))).toEqual({
      everySeconds: 10,
      requestsPerHour: 60,
    });
  });

  it('no better than once a minute: no window', () => {
    expect(budgetedEverySeconds(600, 60, 0, zeros, o(60))).toBeUndefined();
    expect(budgetedEverySeconds(600, 60, 0, zeros, o(61))).toBeUndefined();
    expect(budgetedEverySeconds(600, 60, 0, zeros, o(62))).toEqual({ everySeconds: 59, requestsPerHour: 62 });
    expect(budgetedEverySeconds(600, 5, 1, zeros, o(4))).toBeUndefined();
  });
});

describe('proposeWindows', () => {
  it('a cron with seconds counts each second field; a cron that does not parse counts nothing', () => {
    const p = pattern({});
    const withSeconds = proposeWindows(learned([p]), TZ, { cron: '*/20 * * * * *', maxRequestsPerHour: 400 });
    expect(withSeconds.windows[0]?.requestsPerHour).toBe(168 + 24);
    const broken = proposeWindows(learned([p]), TZ, { cron: 'not a cron', maxRequestsPerHour: 400 });
    expect(broken.windows[0]?.requestsPerHour).toBe(24);
  });

  it('the returns expected in one occurrence: mean + 2 standard deviations', () => {
    const p = pattern({ returns: 16, occurrences: 4 });
    const [w] = proposeWindows(learned([p]), TZ, { cron: '0 0 1 1 *', maxRequestsPerHour: 400 }).windows;
    // 4 returns on average: ceil(4 + 2·2) = 8, 4 requests each.
    expect(w?.requestsPerHour).toBe(24 + 8 * 4);
  });

  it('keys, names and crons of daily and weekly windows', () => {
    const { windows } = proposeWindows(
      learned([pattern({ startMinute: 1438 }), pattern({ kind: 'weekly', startMinute: 3 * 1440 + 1198 })]),
      TZ,
      { cron: '0 0 1 1 *', maxRequestsPerHour: 400 },
    );
    expect(windows.map((w) => [w.key, w.window.name, w.window.cron])).toEqual([
      ['daily@1438', 'learned daily 58 23 * * *', '58 23 * * *'],
      ['weekly@5518', 'learned weekly 58 19 * * 3', '58 19 * * 3'],
    ]);
  });

  it('says why a pattern is dropped: stopped (chances or waves), or no room', () => {
    const last = Date.parse('2026-07-01T00:00:00Z');
    const { windows, dropped } = proposeWindows(
      learned([
        pattern({ stopped: true, lastAtMs: last }),
        pattern({ kind: 'after-wave', startMinute: 58, stopped: true, lastAtMs: last }),
        pattern({ startMinute: 300, returns: 100, occurrences: 1 }),
      ]),
      TZ,
      { cron: '* * * * *', maxRequestsPerHour: 100 },
    );
    expect(windows).toEqual([]);
    expect(dropped.map((d) => d.reason)).toEqual([
      { code: 'stopped', lastAt: '2026-07-01 08:00' },
      { code: 'stopped', lastAt: '2026-07-01 08:00' },
      { code: 'no_room', maxRequestsPerHour: 100 },
    ]);
    // The catalogue words them, the kind of chances included.
    const words = dropped.map((d) => [
      enToolsCli.surges.dropped(d.reason, d.pattern.kind),
      zhToolsCli.surges.dropped(d.reason, d.pattern.kind),
    ]);
    expect(words).toEqual([
      [
        'stopped: no seat came back at the last chances (last one 2026-07-01 08:00)',
        '停了：最近几天都没有名额空出来（最后一次 2026-07-01 08:00）',
      ],
      [
        'stopped: no seat came back at the last waves (last one 2026-07-01 08:00)',
        '停了：最近几次开放报名都没有名额空出来（最后一次 2026-07-01 08:00）',
      ],
      ['no room in 100 requests/hour beside the cron', '每小时 100 次请求里，除去 cron 的检查已经没有余量'],
    ]);
  });

  it('a one-off window is budgeted in its own local hour, keyed by its wave', () => {
    const waveAtMs = Date.parse('2026-07-06T09:30:00+08:00');
    const p = pattern({ kind: 'after-wave', startMinute: 58 });
    const oneOff = [{ fromMs: waveAtMs + 58 * 60_000, toMs: waveAtMs + 62 * 60_000, waveAtMs, pattern: p }];
    // Checks every minute from 10:00 to 10:59 only: the window at 10:28 has 4 requests to spare.
    const busy = proposeWindows(learned([], oneOff), TZ, { cron: '* 10 * * *', maxRequestsPerHour: 60 });
    expect(busy.windows).toEqual([]);
    expect(busy.dropped.map((d) => d.reason)).toEqual([{ code: 'no_room', maxRequestsPerHour: 60 }]);
    const quiet = proposeWindows(learned([], oneOff), TZ, { cron: '* 3 * * *', maxRequestsPerHour: 60 });
    expect(
      quiet.windows.map((w) => [w.key, w.window.from, w.window.to, w.window.everySeconds, w.waveAt]),
    ).toEqual([
      ['wave@2026-07-06T01:30:00.000Z+58', '2026-07-06 10:28', '2026-07-06 10:32', 10, '2026-07-06 09:30'],
    ]);
  });
});

describe('usualTimes and usualLags', () => {
  it('rounds to the quarter hour after the lead; lags of live after-wave patterns only', () => {
    expect(usualTimes(learned([pattern({ startMinute: 608 })]))).toEqual(['10:15']);
    const l = learned([
      pattern({ startMinute: 598 }),
      pattern({ kind: 'after-wave', startMinute: 58 }),
      pattern({ kind: 'after-wave', startMinute: 118, stopped: true }),
    ]);
    expect(usualLags(l)).toEqual([60]);
  });
});

describe('budgetAllowsAt', () => {
  const now = 10_000_000;
  const H = 3_600_000;
  it('the hour is (now − 1 h, now]: a check exactly an hour old no longer counts, one at now does', () => {
    expect(budgetAllowsAt([{ atMs: now - H, requests: 50 }], now, 50, 1)).toBe(now);
    expect(budgetAllowsAt([{ atMs: now, requests: 50 }], now, 50, 1)).toBe(now + H);
    expect(budgetAllowsAt([{ atMs: now + 1, requests: 50 }], now, 50, 1)).toBe(now);
  });

  it('waits until just enough of the oldest checks aged out, an exact fit included', () => {
    const recent = [
      { atMs: now - 50 * 60_000, requests: 20 },
      { atMs: now - 10 * 60_000, requests: 30 },
    ];
    expect(budgetAllowsAt(recent, now, 50, 20)).toBe(now - 50 * 60_000 + H);
    expect(budgetAllowsAt(recent, now, 50, 21)).toBe(now - 10 * 60_000 + H);
    expect(budgetAllowsAt(recent, now, 50, 51)).toBe(now + H);
  });
});
