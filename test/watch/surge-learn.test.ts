import { describe, expect, it } from 'vitest';
import type { CourseHistory } from '../../src/watch/seat-returns.js';
import { learnSurges, type PatternKind } from '../../src/watch/surge-learn.js';
import { DAY, daily, MIN, MONDAY, noise, returning, seeded, TZ, waving } from './surge-fixtures.js';

const start = MONDAY - 21 * DAY;
const now = MONDAY + 8 * 60 * MIN; // Monday 08:00
const lateBy = (s: number) => (i: number) => ((i * 37) % s) * 1000;

/** Wave times: 09:00 on weekdays, plus a few at odd times. */
const waves = [
  ...daily(start, 21, 9 * 60).filter((ms) => new Date(ms).getUTCDay() % 6 !== 0),
  start + 2 * DAY + 14 * 60 * MIN + 20 * MIN,
  start + 12 * DAY + 16 * 60 * MIN + 40 * MIN,
];

interface Case {
  name: string;
  histories: CourseHistory[];
  expected: { kind: PatternKind; startMinute: number; durationMinutes: number; stopped?: boolean }[];
}

const cases: Case[] = [
  {
    name: 'a nightly batch at 00:00: one daily window from 23:58',
    histories: [returning('A', start, daily(start, 21, 0, lateBy(50)))],
    expected: [{ kind: 'daily', startMinute: 1438, durationMinutes: 4 }],
  },
  {
    name: 'a deadline 60 min after each wave: after-wave 58 min, and 10:00 daily (the weekday waves)',
    histories: [
      waving('W', start, waves),
      returning(
        'A',
        start,
        waves.map((w) => w + 60 * MIN + 20_000),
      ),
      returning(
        'B',
        start,
        waves.map((w) => w + 61 * MIN),
      ),
    ],
    expected: [
      { kind: 'daily', startMinute: 9 * 60 + 58, durationMinutes: 4 },
      { kind: 'after-wave', startMinute: 58, durationMinutes: 4 },
    ],
  },
  {
    name: 'a teacher clearing seats on Sunday at 20:00: weekly',
    histories: [
      returning(
        'A',
        start,
        [0, 7, 14].map((d) => MONDAY - DAY - d * DAY + 20 * 60 * MIN),
      ),
    ],
    expected: [{ kind: 'weekly', startMinute: 20 * 60 - 2, durationMinutes: 3 }],
  },
  {
    name: 'pure Poisson noise, 4 an hour for three weeks: nothing',
    histories: [returning('A', start, noise(start, now, 4, seeded(7)), { openForMs: 1000 })],
    expected: [],
  },
  {
    name: 'a nightly batch that ended a week ago: stopped',
    histories: [returning('A', start, daily(start, 14, 0))],
    expected: [{ kind: 'daily', startMinute: 1438, durationMinutes: 3, stopped: true }],
  },
  {
    name: 'twice at the same time: too little evidence',
    histories: [returning('A', start, daily(MONDAY - 2 * DAY, 2, 600))],
    expected: [],
  },
];

describe('learnSurges', () => {
  it.each(cases)('$name', ({ histories, expected }) => {
    const learned = learnSurges({ histories, nowMs: now, timeZone: TZ });
    expect(
      learned.patterns.map((p) => ({
        kind: p.kind,
        startMinute: p.startMinute,
        durationMinutes: p.durationMinutes,
        ...(p.stopped ? { stopped: true } : {}),
      })),
    ).toEqual(expected);
  });

  it('counts evidence: returns, days with one, days covered (Monday 00:00 had none), per course', () => {
    const histories = [
      returning('A', start, daily(start, 21, 0)),
      returning('B', start, daily(start + 10 * DAY, 11, 1)),
    ];
    const [p] = learnSurges({ histories, nowMs: now, timeZone: TZ }).patterns;
    expect(p).toMatchObject({ returns: 32, occurrences: 20, chances: 21, courses: { A: 21, B: 11 } });
  });
});
