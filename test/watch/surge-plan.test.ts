import { describe, expect, it } from 'vitest';
import { zhToolsCli } from '../../src/i18n/tools-cli.js';
import { enToolsCli } from '../../src/i18n/tools-cli-en.js';
import { type CourseHistory, countReturns, openingWaves, seatReturns } from '../../src/watch/seat-returns.js';
import { learnSurges, poissonTail, type ReturnPattern } from '../../src/watch/surge-learn.js';
import {
  budgetAllowsAt,
  budgetedEverySeconds,
  localDateTime,
  proposeWindows,
  usualLags,
  usualTimes,
} from '../../src/watch/surge-plan.js';
import { DAY, daily, MIN, MONDAY, returning, TZ, waving } from './surge-fixtures.js';

const at = (iso: string) => new Date(iso).toISOString();
const course = (
  changes: [string, CourseHistory['changes'][number]['state'], number | null][],
): CourseHistory => ({
  portal: 'p',
  courseId: 'A',
  changes: changes.map(([iso, state, seats]) => ({ at: at(iso), state, seats })),
});

describe('seatReturns and openingWaves', () => {
  it.each([
    [
      'full → open with seats',
      [
        ['2026-07-01T00:00Z', 'full', 0],
        ['2026-07-01T01:00Z', 'open', 2],
      ],
      1,
    ],
    [
      '0 seats → seats',
      [
        ['2026-07-01T00:00Z', 'open', 0],
        ['2026-07-01T01:00Z', 'open', 1],
      ],
      1,
    ],
    [
      'full → open, count unknown',
      [
        ['2026-07-01T00:00Z', 'full', null],
        ['2026-07-01T01:00Z', 'open', null],
      ],
      1,
    ],
    ['first seen open: nothing came back', [['2026-07-01T00:00Z', 'open', 3]], 0],
    [
      '1 → 2 seats: not a return',
      [
        ['2026-07-01T00:00Z', 'open', 1],
        ['2026-07-01T01:00Z', 'open', 2],
      ],
      0,
    ],
    [
      'closed → open: a wave, not a return',
      [
        ['2026-07-01T00:00Z', 'closed', null],
        ['2026-07-01T01:00Z', 'open', 5],
      ],
      0,
    ],
    [
      'full → closed',
      [
        ['2026-07-01T00:00Z', 'full', 0],
        ['2026-07-01T01:00Z', 'closed', null],
      ],
      0,
    ],
    [
      'full → open with 0 seats',
      [
        ['2026-07-01T00:00Z', 'full', 0],
        ['2026-07-01T01:00Z', 'open', 0],
      ],
      0,
    ],
  ] as const)('%s', (_name, changes, returns) => {
    expect(seatReturns([course(changes as never)])).toHaveLength(returns);
  });

  it('groups registration openings less than 10 min apart into one wave per portal', () => {
    const opens = (
      courseId: string,
      iso: string,
      portal = 'p',
      state: 'open' | 'full' = 'open',
    ): CourseHistory => ({
      portal,
      courseId,
      changes: [
        { at: at('2026-07-01T00:00Z'), state: 'not_found', seats: null },
        { at: at(iso), state, seats: state === 'open' ? 5 : 0 },
      ],
    });
    const waves = openingWaves([
      opens('A', '2026-07-01T01:00Z'),
      opens('B', '2026-07-01T01:09Z', 'p', 'full'),
      opens('C', '2026-07-01T01:18Z'),
      opens('D', '2026-07-01T01:28Z'),
      opens('E', '2026-07-01T01:05Z', 'q'),
    ]);
    expect(waves).toEqual([
      { atMs: Date.parse('2026-07-01T01:00Z'), portal: 'p', courses: 3 },
      { atMs: Date.parse('2026-07-01T01:05Z'), portal: 'q', courses: 1 },
      { atMs: Date.parse('2026-07-01T01:28Z'), portal: 'p', courses: 1 },
    ]);
  });

  it('counts returns overall, per portal and per course', () => {
    const returns = seatReturns([
      returning('A', MONDAY, [MONDAY + MIN, MONDAY + 2 * MIN]),
      returning('B', MONDAY, [MONDAY + 3 * MIN], { portal: 'q' }),
    ]);
    expect(countReturns(returns)).toEqual({ total: 3, byPortal: { p: 2, q: 1 }, byCourse: { A: 2, B: 1 } });
    expect(returns.map((r) => r.courseId)).toEqual(['A', 'A', 'B']);
  });
});

describe('one-off windows after an opening wave', () => {
  const start = MONDAY - 14 * DAY;
  const waves = Array.from({ length: 10 }, (_, i) => start + i * DAY + (8 + (i % 5)) * 60 * MIN);
  const today = MONDAY + 13 * 60 * MIN; // a wave at 13:00, seen
  const histories = [
    waving('W', start, [...waves, today]),
    returning(
      'A',
      start,
      waves.map((w) => w + 60 * MIN),
    ),
  ];

  it('a wave just seen raises a window at its learned delay, in the config time zone', () => {
    const learned = learnSurges({ histories, nowMs: today + 5 * MIN, timeZone: TZ });
    expect(learned.oneOff.map((w) => [localDateTime(w.fromMs, TZ), localDateTime(w.toMs, TZ)])).toEqual([
      ['2026-07-06 13:58', '2026-07-06 14:01'],
    ]);
    const proposal = proposeWindows(learned, TZ, { cron: '* * * * *', maxRequestsPerHour: 120 });
    expect(proposal.windows.map((w) => w.window)).toEqual([
      { name: 'after the 13:00 wave', from: '2026-07-06 13:58', to: '2026-07-06 14:01', everySeconds: 10 },
    ]);
    expect(proposal.windows[0]?.waveAt).toBe('2026-07-06 13:00');
    const why = proposal.windows[0]?.pattern;
    expect(why && enToolsCli.surges.afterWave('2026-07-06 13:00', enToolsCli.surges.pattern(why))).toBe(
      'opening wave seen at 2026-07-06 13:00; seats came back 58–61 min after an opening wave after 10 of 10 waves (10 return(s); A): likely an unpaid pre-registration deadline',
    );
    expect(why && zhToolsCli.surges.afterWave('2026-07-06 13:00', zhToolsCli.surges.pattern(why))).toBe(
      '2026-07-06 13:00 看到开放报名；10 次开放报名里有 10 次，开放后 58–61 分钟有名额空出来（共 10 个名额；A）：多半是预报名没付款、到期取消了',
    );
    expect(usualLags(learned)).toEqual([60]);
  });

  it('no window once the delay has passed, nor for a budget the cron already spends', () => {
    expect(learnSurges({ histories, nowMs: today + 62 * MIN, timeZone: TZ }).oneOff).toEqual([]);
    const learned = learnSurges({ histories, nowMs: today + 5 * MIN, timeZone: TZ });
    const proposal = proposeWindows(learned, TZ, { cron: '* * * * *', maxRequestsPerHour: 60 });
    expect(proposal.windows).toEqual([]);
    expect(proposal.dropped.map((d) => d.reason)).toEqual([{ code: 'no_room', maxRequestsPerHour: 60 }]);
  });

  it('three waves in a row without a return: the delay pattern stopped, no window', () => {
    const late = [1, 2, 3].map((d) => MONDAY + d * DAY + 9 * 60 * MIN);
    const stopped = [waving('W', start, [...waves, ...late]), histories[1]!];
    const learned = learnSurges({ histories: stopped, nowMs: MONDAY + 4 * DAY, timeZone: TZ });
    expect(learned.patterns.map((p) => [p.kind, p.stopped])).toEqual([['after-wave', true]]);
    expect(
      proposeWindows(learned, TZ, { cron: '* * * * *', maxRequestsPerHour: 120 }).dropped[0]?.reason,
    ).toEqual({ code: 'stopped', lastAt: expect.stringMatching(/^2026-07-0\d \d\d:\d\d$/) });
    expect(usualLags(learned)).toEqual([]);
  });
});

describe('windows within the request budget', () => {
  const everyMinute = new Array<number>(1440).fill(1);
  const o = { cron: '', maxRequestsPerHour: 120, requestsPerCheck: 1, extraPerReturn: 4 };

  it.each([
    // start, duration, returns, budget → every seconds
    ['a 4-min window beside a 1-min cron, plenty of room', 600, 4, 2, 120, 10],
    ['the same with a tight budget', 600, 4, 2, 70, 40],
    ['budget spent by the cron', 600, 4, 2, 60, undefined],
    ['a window over midnight is charged to both hours', 1438, 4, 0, 62, 30],
    ['a long window needs slower checks', 600, 60, 0, 120, 30],
  ])('%s', (_name, start, duration, returns, budget, every) => {
    const fit = budgetedEverySeconds(start, duration, returns, everyMinute, {
      ...o,
      maxRequestsPerHour: budget,
    });
    expect(fit?.everySeconds).toBe(every);
  });

  it('counts what the busiest hour may cost', () => {
    expect(budgetedEverySeconds(600, 4, 2, everyMinute, o)).toEqual({
      everySeconds: 10,
      requestsPerHour: 56 + 24 + 8,
    });
    const quiet = new Array<number>(1440).fill(0);
    expect(budgetedEverySeconds(600, 4, 0, quiet, { ...o, requestsPerCheck: 2 })).toEqual({
      everySeconds: 10,
      requestsPerHour: 48,
    });
  });

  it('the guard lets a check through while the trailing hour has room, else when the oldest ages out', () => {
    const now = 10 * 3_600_000;
    const spent = [
      { atMs: now - 3_700_000, requests: 50 }, // older than an hour
      { atMs: now - 3_000_000, requests: 30 },
      { atMs: now - 1_000_000, requests: 60 },
    ];
    expect(budgetAllowsAt(spent, now, 100, 10)).toBe(now);
    expect(budgetAllowsAt(spent, now, 95, 10)).toBe(now - 3_000_000 + 3_600_000);
    expect(budgetAllowsAt(spent, now, 60, 10)).toBe(now - 1_000_000 + 3_600_000);
    expect(budgetAllowsAt(spent, now, 5, 10)).toBe(now + 3_600_000);
    expect(budgetAllowsAt([{ atMs: now + 1, requests: 500 }], now, 20, 10)).toBe(now);
  });
});

describe('words', () => {
  const base: ReturnPattern = {
    kind: 'daily',
    portal: 'p',
    startMinute: 1438,
    durationMinutes: 4,
    returns: 12,
    occurrences: 9,
    chances: 10,
    courses: { B: 4, A: 8 },
    lastAtMs: 0,
    stopped: false,
  };

  it.each([
    [
      base,
      'seats came back between 23:58 and 00:02 on 9 of 10 days (12 return(s); A, B)',
      '10 天里有 9 天在 23:58 到 00:02 之间有名额空出来（共 12 个名额；A、B）',
    ],
    [
      { ...base, kind: 'weekly' as const, startMinute: 1440 * 2 + 598 },
      'seats came back on Tuesdays between 09:58 and 10:02 on 9 of 10 weeks (12 return(s); A, B)',
      '10 周里有 9 周的周二 09:58 到 10:02 之间有名额空出来（共 12 个名额；A、B）',
    ],
  ])('the catalogue explains a pattern: %#', (p, en, zh) => {
    expect(enToolsCli.surges.pattern(p)).toBe(en);
    expect(zhToolsCli.surges.pattern(p)).toBe(zh);
  });

  it('usual times: still-happening daily patterns, busiest first, on the quarter hour, once each', () => {
    const learned = {
      returns: { total: 0, byPortal: {}, byCourse: {} },
      waves: 0,
      oneOff: [],
      patterns: [
        { ...base, startMinute: 598, returns: 5 },
        { ...base, returns: 9 },
        { ...base, startMinute: 1440 + 600, kind: 'weekly' as const, returns: 50 },
        { ...base, startMinute: 600, returns: 4 },
        { ...base, startMinute: 700, returns: 40, stopped: true },
        { ...base, startMinute: 853, returns: 3 },
      ],
    };
    expect(usualTimes(learned)).toEqual(['00:00', '10:00', '14:15']);
  });

  it('poissonTail', () => {
    expect(poissonTail(0, 3)).toBe(1);
    expect(poissonTail(1, 0)).toBe(0);
    expect(poissonTail(0, 0)).toBe(1);
    expect(poissonTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 12);
    expect(poissonTail(3, 2)).toBeCloseTo(1 - 5 * Math.exp(-2), 12);
  });
});

it('weekly clusters on the cron line of suggestions start on their weekday', () => {
  const start = MONDAY - 28 * DAY;
  const sundays = [1, 2, 3, 4].map((w) => MONDAY - w * 7 * DAY - DAY + 20 * 60 * MIN);
  const learned = learnSurges({
    histories: [returning('A', start, [...sundays, ...daily(start, 3, 300)])],
    nowMs: MONDAY,
    timeZone: TZ,
  });
  const proposal = proposeWindows(learned, TZ, { cron: '*/2 7-22 * * *', maxRequestsPerHour: 120 });
  expect(proposal.windows.map((w) => w.window.cron)).toEqual(['58 19 * * 0']);
});
