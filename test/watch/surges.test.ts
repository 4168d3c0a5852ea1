import { describe, expect, it } from 'vitest';
import { cronMatches, localParts, parseCron, parseLocalDateTime } from '../../src/core/cron-fields.js';
import {
  activeSurge,
  planSurge,
  requestsPerHour,
  SURGE_IDLE_RECHECK_MS,
  type SurgeWindow,
  suggestSurges,
  surgeIntervalMs,
} from '../../src/watch/surges.js';

const TZ = 'Asia/Shanghai';
/** Wall-clock time in Shanghai (UTC+8, no DST) as epoch ms. */
const sh = (text: string) => Date.parse(`${text.replace(' ', 'T')}:00+08:00`);

describe('cron fields and local date-times (issue 17)', () => {
  it('reads numbers, ranges, steps and lists; 7 is Sunday like 0', () => {
    const fields = parseCron('*/20 9-17/4 1,15 * 7');
    expect(typeof fields).toBe('object');
    if (typeof fields === 'string') return;
    expect([...fields.minute]).toEqual([0, 20, 40]);
    expect([...fields.hour]).toEqual([9, 13, 17]);
    expect([...fields.dayOfMonth]).toEqual([1, 15]);
    expect(fields.dayOfWeek.has(0)).toBe(true);
    expect(fields.eitherDay).toBe(true);
  });

  it.each([
    ['55 11 * * 1-5', '2026-07-15 11:55', true], // a Wednesday
    ['55 11 * * 1-5', '2026-07-18 11:55', false], // a Saturday
    ['55 11 * * 1-5', '2026-07-15 11:56', false],
    ['0 0 1 * *', '2026-08-01 00:00', true],
    ['0 0 1 * 3', '2026-07-15 00:00', true], // both day fields given: either matches
  ])('%s matches %s in Shanghai: %s', (cron, at, expected) => {
    const fields = parseCron(cron);
    if (typeof fields === 'string') throw new Error(fields);
    expect(cronMatches(fields, localParts(sh(at), TZ))).toBe(expected);
  });

  it.each([
    ['2026-07-15 11:55', sh('2026-07-15 11:55')],
    ['2026-07-15T11:55:30', sh('2026-07-15 11:55') + 30_000],
    ['2026-07-15T11:55Z', Date.parse('2026-07-15T11:55:00Z')],
    ['2026-07-15T11:55-02:00', Date.parse('2026-07-15T13:55:00Z')],
    ['2026-02-29 10:00', undefined],
    ['2026-07-15 24:00', undefined],
    ['15/07/2026 11:55', undefined],
  ])('reads %s in the config timezone', (text, expected) => {
    expect(parseLocalDateTime(text, TZ)).toBe(expected);
  });

  it('reads a wall-clock time across a DST change in a zone that has one', () => {
    // New York, 2026-03-08: clocks go from 02:00 to 03:00 (EST −5 → EDT −4).
    expect(parseLocalDateTime('2026-03-08 01:30', 'America/New_York')).toBe(
      Date.parse('2026-03-08T06:30:00Z'),
    );
    expect(parseLocalDateTime('2026-03-08 12:00', 'America/New_York')).toBe(
      Date.parse('2026-03-08T16:00:00Z'),
    );
  });
});

describe('which surge is in force', () => {
  const payment: SurgeWindow = {
    name: '付款截止',
    from: '2026-07-15 11:55',
    to: '2026-07-15 13:00',
    everySeconds: 10,
  };
  const weekdays: SurgeWindow = { cron: '55 11 * * 1-5', durationMinutes: 40, everySeconds: 30 };
  const midnight: SurgeWindow = { cron: '50 23 * * *', durationMinutes: 20, everySeconds: 20 };

  it.each([
    ['before the range', [payment], '2026-07-15 11:54', undefined],
    ['at its start', [payment], '2026-07-15 11:55', { name: '付款截止', endsAtMs: sh('2026-07-15 13:00') }],
    ['at its end (exclusive)', [payment], '2026-07-15 13:00', undefined],
    [
      'inside a repeating window',
      [weekdays],
      '2026-07-15 12:34',
      { startedAtMs: sh('2026-07-15 11:55'), endsAtMs: sh('2026-07-15 12:35') },
    ],
    ['after it', [weekdays], '2026-07-15 12:35', undefined],
    ['on a day the cron skips', [weekdays], '2026-07-18 12:00', undefined],
    ['across midnight', [midnight], '2026-07-16 00:05', { endsAtMs: sh('2026-07-16 00:10') }],
    [
      'two overlapping: the faster one',
      [weekdays, payment],
      '2026-07-15 12:00',
      { index: 1, everySeconds: 10 },
    ],
  ])('%s', (_name, windows, at, expected) => {
    const found = activeSurge(windows, sh(at), TZ);
    if (expected === undefined) expect(found).toBeUndefined();
    else expect(found).toMatchObject(expected);
  });
});

describe('surge intervals', () => {
  it.each([
    [30, 0, 24_000],
    [30, 0.5, 30_000],
    [30, 1, 36_000],
    [10, 0, 10_000], // jitter never goes under the floor
    [10, 1, 12_000],
    [5, 0.5, 10_000], // a config below the floor (refused by the schema) still gets the floor
  ])('every %i s with random %f waits %i ms', (every, random, expected) => {
    expect(surgeIntervalMs(every, random)).toBe(expected);
  });

  it.each([
    [10, 360],
    [15, 240],
    [30, 120],
    [5, 360],
  ])('every %i s is %i requests an hour per account', (every, expected) => {
    expect(requestsPerHour(every)).toBe(expected);
  });
});

describe('planSurge', () => {
  const windows: SurgeWindow[] = [{ from: '2026-07-15 12:00', to: '2026-07-15 12:10', everySeconds: 30 }];
  const plan = (at: number, lastCheckAtMs?: number) =>
    planSurge({ windows, timeZone: TZ, nowMs: at, lastCheckAtMs, random: 0.5 });

  it('checks at once when a surge begins, then one interval after the last check', () => {
    const start = sh('2026-07-15 12:00');
    expect(plan(start)).toMatchObject({ kind: 'check', atMs: start });
    expect(plan(start + 5_000, start)).toMatchObject({ kind: 'check', atMs: start + 30_000 });
    // A check that took longer than the interval: the next one is due now.
    expect(plan(start + 45_000, start)).toMatchObject({ kind: 'check', atMs: start + 45_000 });
  });

  it('does not schedule past the end of the window; looks again when it ends', () => {
    const last = sh('2026-07-15 12:09') + 50_000;
    expect(plan(last + 1_000, last)).toEqual({ kind: 'idle', recheckAtMs: sh('2026-07-15 12:10') });
  });

  it('outside a surge looks again shortly, or exactly when a range starts', () => {
    const far = sh('2026-07-15 10:00');
    expect(plan(far)).toEqual({ kind: 'idle', recheckAtMs: far + SURGE_IDLE_RECHECK_MS });
    const soon = sh('2026-07-15 12:00') - 4_000;
    expect(plan(soon)).toEqual({ kind: 'idle', recheckAtMs: sh('2026-07-15 12:00') });
  });
});

describe('suggestSurges (from the hours openings were seen)', () => {
  const hours = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, h) => entries[h] ?? 0);

  it('joins adjacent busy hours into one window starting five minutes early', () => {
    expect(suggestSurges(hours({ 12: 5, 13: 3, 9: 1 }))).toEqual([
      {
        startHour: 12,
        hours: 2,
        openings: 8,
        share: 8 / 9,
        window: { cron: '55 11 * * *', durationMinutes: 125, everySeconds: 15 },
      },
    ]);
  });

  it('orders windows by openings and wraps midnight', () => {
    const found = suggestSurges(hours({ 0: 2, 18: 6, 12: 3 }), { max: 2 });
    expect(found.map((s) => [s.startHour, s.window.cron])).toEqual([
      [18, '55 17 * * *'],
      [12, '55 11 * * *'],
    ]);
    expect(suggestSurges(hours({ 0: 4 }))[0]?.window.cron).toBe('55 23 * * *');
  });

  it.each([
    ['no openings', hours({})],
    ['openings spread evenly', hours(Object.fromEntries(Array.from({ length: 24 }, (_, h) => [h, 2])))],
    ['a single opening', hours({ 12: 1 })],
  ])('suggests nothing for %s', (_name, byHour) => {
    expect(suggestSurges(byHour)).toEqual([]);
  });
});
