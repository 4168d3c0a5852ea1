import { describe, expect, it } from 'vitest';
import type { CourseHistory } from '../../src/watch/seat-returns.js';
import { learnSurges } from '../../src/watch/surge-learn.js';
import { DAY, daily, MIN, MONDAY, returning, TZ, waving } from './surge-fixtures.js';

/** The learner's edges (src/watch/surge-learn.ts): what counts, per portal, windows, waves. */
const start = MONDAY - 21 * DAY;
const now = MONDAY + 8 * 60 * MIN; // Monday 08:00
const learn = (histories: CourseHistory[], nowMs = now, options = {}) =>
  learnSurges({ histories, nowMs, timeZone: TZ, options });
const shape = (h: CourseHistory[], nowMs = now, options = {}) =>
  learn(h, nowMs, options).patterns.map((p) => `${p.portal} ${p.kind} ${p.startMinute}+${p.durationMinutes}`);
/** Irregular wave times (no time of day repeats): day i at 08:00 + 37·i minutes. */
const oddWaves = (n: number) =>
  Array.from({ length: n }, (_, i) => start + i * DAY + (8 * 60 + 37 * i) * MIN);

describe('learnSurges: what counts', () => {
  it('returns and waves after now are not read', () => {
    const past = returning('A', start, daily(start, 21, 0));
    const later = returning('B', start, daily(now + MIN, 5, 600));
    const learned = learn([past, later]);
    expect(learned.returns.total).toBe(21);
    expect(shape([past, later])).toEqual(['p daily 1438+3']);
    const wavesLater = waving('W', start, [now + MIN, now + DAY]);
    expect(learn([past, wavesLater]).waves).toBe(0);
  });

  it('a return and a wave exactly at now are read', () => {
    const learned = learn([returning('A', start, [now]), waving('W', start, [now])]);
    expect(learned.returns.total).toBe(1);
    expect(learned.waves).toBe(1);
  });

  it('a course with no reading yet changes nothing', () => {
    const histories = [returning('A', start, daily(start, 21, 0))];
    const empty: CourseHistory = { portal: 'p', courseId: 'E', changes: [] };
    expect(learn([...histories, empty]).patterns).toEqual(learn(histories).patterns);
    expect(learn([...histories, empty]).patterns[0]).toMatchObject({ occurrences: 20, chances: 21 });
  });

  it('learns per portal, portals in name order, each with its own returns and waves', () => {
    const histories = [
      returning('B1', start, daily(start, 21, 0), { portal: 'zeta' }),
      returning('A1', start, daily(start, 21, 600), { portal: 'alpha' }),
      waving('W', start, oddWaves(20), 'zeta'),
      returning(
        'A2',
        start,
        oddWaves(20).map((w) => w + 30 * MIN),
        { portal: 'alpha' },
      ),
    ];
    const learned = learn(histories);
    expect(learned.patterns.map((p) => `${p.portal} ${p.kind} ${p.startMinute}`)).toEqual([
      'alpha daily 598',
      'zeta daily 1438',
    ]);
    expect(learned.patterns.map((p) => p.returns)).toEqual([21, 21]);
  });

  it('the seventh daily pattern of a portal is left out', () => {
    const histories = [0, 120, 240, 360, 480, 600, 720].map((m, i) =>
      returning(`C${i}`, start, daily(start + DAY, 20, m)),
    );
    const dailies = (h: CourseHistory[]) => learn(h).patterns.filter((p) => p.kind === 'daily');
    expect(dailies(histories)).toHaveLength(6);
    expect(dailies(histories.slice(0, 2))).toHaveLength(2);
  });

  it('two daily patterns, each with its own returns and newest return', () => {
    const night = daily(start, 21, 0);
    const ten = daily(start, 21, 600, (i) => i * 1000);
    const learned = learn([returning('A', start, night), returning('B', start, ten)]);
    expect(learned.patterns.map((p) => [p.startMinute, p.returns, p.lastAtMs])).toEqual([
      [1438, 21, night[20]],
      [598, 21, ten[20]],
    ]);
    expect(learned.patterns[1]?.courses).toEqual({ B: 21 });
  });

  it('a daily pattern counts days, not weeks: five days of one week beat four weeks of one day', () => {
    const days = [8, 9, 10, 11, 12].map((d) => start + d * DAY);
    const histories = [
      returning('B1', start, days),
      returning(
        'B2',
        start,
        days.map((d) => d + 1000),
      ),
      returning(
        'A',
        start,
        [0, 7, 14, 21].map((d) => start + d * DAY + 600 * MIN),
      ),
    ];
    expect(shape(histories, MONDAY + 12 * 60 * MIN, { minShare: 0 })).toEqual([
      'p daily 1438+4',
      'p daily 598+3',
    ]);
  });

  it('a weekly pattern on a Wednesday starts at its minute of the week', () => {
    const wed = [1, 2, 3].map((w) => MONDAY - w * 7 * DAY + 2 * DAY + 20 * 60 * MIN);
    expect(shape([returning('A', start, wed)])).toEqual([`p weekly ${3 * 1440 + 20 * 60 - 2}+3`]);
  });

  it('a window not over yet is no chance: the window is 23:58–00:01, at 00:00:30 tonight is not one', () => {
    const histories = [returning('A', start, daily(start, 21, 0))];
    expect(learn(histories, MONDAY + MIN).patterns[0]).toMatchObject({ occurrences: 20, chances: 21 });
    expect(learn(histories, MONDAY + 30_000).patterns[0]).toMatchObject({ occurrences: 20, chances: 20 });
    expect(learn(histories, MONDAY + 8 * 60 * MIN).patterns[0]).toMatchObject({
      occurrences: 20,
      chances: 21,
    });
  });

  it('three days in a row at 10:00 in a three-day history is a pattern', () => {
    const first = MONDAY - 3 * DAY;
    const histories = [returning('A', first, daily(first, 3, 600))];
    expect(shape(histories, MONDAY)).toEqual(['p daily 598+3']);
  });
});

describe('learnSurges: after waves', () => {
  it('a return at the wave itself or before it does not follow it', () => {
    const w = oddWaves(20);
    expect(shape([waving('W', start, w), returning('A', start, w)])).toEqual([]);
    expect(
      shape([
        waving('W', start, w),
        returning(
          'A',
          start,
          w.map((x) => x - 30 * MIN),
        ),
      ]),
    ).toEqual([]);
  });

  it('a return exactly maxLag after the wave follows it; one later does not', () => {
    const w = oddWaves(20);
    const at = (lag: number) => [
      waving('W', start, w),
      returning(
        'A',
        start,
        w.map((x) => x + lag * MIN),
      ),
    ];
    expect(shape(at(60), now, { maxLagMinutes: 60 })).toEqual(['p after-wave 58+3']);
    expect(shape(at(61), now, { maxLagMinutes: 60 })).toEqual([]);
  });

  it('scattered returns after waves are no pattern', () => {
    const w = oddWaves(20);
    const scattered = w.map((x, i) => x + ((i * 53) % 300) * MIN + 7 * MIN);
    expect(shape([waving('W', start, w), returning('A', start, scattered)])).toEqual([]);
  });

  it('two delays after the waves are two patterns', () => {
    const w = oddWaves(20);
    const histories = [
      waving('W', start, w),
      returning(
        'A',
        start,
        w.map((x) => x + 30 * MIN),
      ),
      returning(
        'B',
        start,
        w.map((x) => x + 120 * MIN),
      ),
    ];
    expect(shape(histories)).toEqual(['p after-wave 28+3', 'p after-wave 118+3']);
    expect(learn(histories).patterns.map((p) => p.returns)).toEqual([20, 20]);
  });

  it('a wave counts as a chance once its window is over, not before', () => {
    const w = oddWaves(5);
    const last = w[4] as number;
    const histories = [
      waving('W', start, w),
      returning(
        'A',
        start,
        w.slice(0, 4).map((x) => x + 60 * MIN),
      ),
    ];
    // The window is 58–61 min after the wave.
    expect(learn(histories, last + 61 * MIN).patterns[0]).toMatchObject({ occurrences: 4, chances: 5 });
    expect(learn(histories, last + 61 * MIN - 1).patterns[0]).toMatchObject({ occurrences: 4, chances: 4 });
    expect(learn(histories, last + 56 * MIN).patterns[0]).toMatchObject({ occurrences: 4, chances: 4 });
  });

  it('one-off windows: from a live pattern only, while not over', () => {
    const w = oddWaves(20);
    const latest = w[19] as number;
    const histories = [
      waving('W', start, w),
      returning(
        'A',
        start,
        w.slice(0, 19).map((x) => x + 60 * MIN),
      ),
    ];
    const during = learn(histories, latest + 30 * MIN);
    expect(during.oneOff).toEqual([
      { fromMs: latest + 58 * MIN, toMs: latest + 61 * MIN, waveAtMs: latest, pattern: during.patterns[0] },
    ]);
    expect(learn(histories, latest + 61 * MIN).oneOff).toEqual([]);
    expect(learn(histories, latest + 61 * MIN - 1).oneOff).toHaveLength(1);
    // Waves after which nothing came back three times in a row: stopped, no one-off window.
    const stoppedHistories = [
      waving('W', start, w),
      returning(
        'A',
        start,
        w.slice(0, 15).map((x) => x + 60 * MIN),
      ),
    ];
    const stopped = learn(stoppedHistories, latest + 30 * MIN);
    expect(stopped.patterns[0]).toMatchObject({ kind: 'after-wave', stopped: true });
    expect(stopped.oneOff).toEqual([]);
  });
});
