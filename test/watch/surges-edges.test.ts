import { describe, expect, it } from 'vitest';
import { activeSurge, planSurge, type SurgeWindow, suggestSurges } from '../../src/watch/surges.js';

/** Edges of the surge windows: names, ties, half-written windows, window ends, suggestion bounds. */

const TZ = 'Asia/Shanghai';
const sh = (text: string) => Date.parse(`${text.replace(' ', 'T')}:00+08:00`);
const hours = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, h) => entries[h] ?? 0);

const range: SurgeWindow = { from: '2026-07-15 11:55', to: '2026-07-15 13:00', everySeconds: 10 };
const weekdays: SurgeWindow = { cron: '55 11 * * 1-5', durationMinutes: 40, everySeconds: 30 };

describe('activeSurge', () => {
  it('names an unnamed window by its cron and duration, or by its range', () => {
    expect(activeSurge([weekdays], sh('2026-07-15 12:00'), TZ)?.name).toBe('55 11 * * 1-5 for 40 min');
    expect(activeSurge([range], sh('2026-07-15 12:00'), TZ)?.name).toBe(
      '2026-07-15 11:55 – 2026-07-15 13:00',
    );
  });

  it('of overlapping windows takes the faster one, and the first of two as fast', () => {
    const at = sh('2026-07-15 12:00');
    expect(activeSurge([range, weekdays], at, TZ)).toMatchObject({ index: 0, everySeconds: 10 });
    const same = { ...weekdays, everySeconds: 10 };
    expect(activeSurge([range, same], at, TZ)?.index).toBe(0);
    expect(activeSurge([same, range], at, TZ)?.index).toBe(0);
  });

  it('a window with a start but no end is not a range: its cron decides', () => {
    const halfRange: SurgeWindow = { ...weekdays, from: '2026-07-15 11:00' };
    expect(activeSurge([halfRange], sh('2026-07-15 12:34'), TZ)).toMatchObject({
      startedAtMs: sh('2026-07-15 11:55'),
    });
    const halfEnd: SurgeWindow = { ...weekdays, to: '2026-07-15 13:00' };
    expect(activeSurge([halfEnd], sh('2026-07-15 12:34'), TZ)).toMatchObject({
      startedAtMs: sh('2026-07-15 11:55'),
    });
  });

  it('a window without a range or a cron, or with a cron it cannot read, is never in force', () => {
    expect(activeSurge([{ everySeconds: 10 }], sh('2026-07-15 12:00'), TZ)).toBeUndefined();
    expect(
      activeSurge([{ durationMinutes: 60, everySeconds: 10 }], sh('2026-07-15 12:00'), TZ),
    ).toBeUndefined();
    expect(
      activeSurge([{ cron: '55 11 * * 1-5', everySeconds: 10 }], sh('2026-07-15 12:00'), TZ),
    ).toBeUndefined();
    expect(
      activeSurge([{ cron: 'at noon', durationMinutes: 60, everySeconds: 10 }], sh('2026-07-15 12:00'), TZ),
    ).toBeUndefined();
  });
});

describe('planSurge near the end of a window', () => {
  const windows: SurgeWindow[] = [{ from: '2026-07-15 12:00', to: '2026-07-15 12:10', everySeconds: 30 }];
  const plan = (nowMs: number, lastCheckAtMs: number) =>
    planSurge({ windows, timeZone: TZ, nowMs, lastCheckAtMs, random: 0.5 });

  it('a check due exactly at the end is not made', () => {
    const end = sh('2026-07-15 12:10');
    expect(plan(end - 15_000, end - 30_000)).toEqual({ kind: 'idle', recheckAtMs: end });
  });

  it('looks again shortly when the end is further away than that', () => {
    const end = sh('2026-07-15 12:10');
    const now = end - 19_000;
    expect(plan(now, end - 20_000)).toEqual({ kind: 'idle', recheckAtMs: now + 15_000 });
  });

  it('outside every window with a cron window only, looks again shortly', () => {
    const now = sh('2026-07-15 10:00');
    expect(
      planSurge({ windows: [weekdays], timeZone: TZ, nowMs: now, lastCheckAtMs: undefined, random: 0 }),
    ).toEqual({
      kind: 'idle',
      recheckAtMs: now + 15_000,
    });
  });
});

describe('suggestSurges bounds', () => {
  it('suggests nothing without openings, even with no minimum', () => {
    expect(suggestSurges(hours({}), { minOpenings: 0 })).toEqual([]);
  });

  it('counts an hour at exactly the minimum, and at exactly twice the average', () => {
    expect(suggestSurges(hours({ 12: 2 })).map((s) => s.startHour)).toEqual([12]);
    const flat = Object.fromEntries(Array.from({ length: 22 }, (_, i) => [i, 1]));
    // 24 openings: the average hour has 1, hour 22 has 2 = twice that.
    expect(suggestSurges(hours({ ...flat, 22: 2 }), { minOpenings: 1 }).map((s) => s.startHour)).toEqual([
      22,
    ]);
  });

  it('orders windows with as many openings by their hour', () => {
    expect(suggestSurges(hours({ 18: 3, 5: 3 })).map((s) => s.startHour)).toEqual([5, 18]);
  });
});
