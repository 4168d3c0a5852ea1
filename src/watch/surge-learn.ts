import { localParts } from '../core/cron-fields.js';
import {
  type CourseHistory,
  countReturns,
  type OpeningWave,
  openingWaves,
  type SeatReturn,
  seatReturns,
} from './seat-returns.js';
import {
  backgroundOf,
  densest,
  type Item,
  instances,
  perCourse,
  significant,
  tally,
  windowOf,
} from './surge-clusters.js';

export { NEIGHBOURHOOD_MINUTES, poissonTail, SIGNIFICANCE } from './surge-clusters.js';

/**
 * Learned surge windows (issue 32): when seats actually came back, read from the seat history, and
 * the patterns in it: a time of day (a nightly batch at 00:00), a time of week (a teacher's weekly
 * clean-up), or a delay after an opening wave (unpaid pre-registrations cancelled 60 min after it).
 * Pure: the history, the time and the time zone come in as arguments. Daylight-saving shifts are not
 * modelled (a pattern repeats every 24 h of real time).
 */

export type PatternKind = 'daily' | 'weekly' | 'after-wave';

export interface ReturnPattern {
  kind: PatternKind;
  portal: string;
  /**
   * Where the window starts: daily, the local minute of the day (0–1439); weekly, the local minute
   * of the week from Sunday 00:00 (0–10079); after-wave, minutes after the wave.
   */
  startMinute: number;
  durationMinutes: number;
  /** Returns inside the window (the evidence). */
  returns: number;
  /** Days, weeks or waves that had at least one return inside the window … */
  occurrences: number;
  /** … out of the days, weeks or waves the history covers. */
  chances: number;
  /** Returns per course. */
  courses: Record<string, number>;
  /** The newest return inside the window. */
  lastAtMs: number;
  /** No return at the last few chances: the pattern stopped happening (kept only to say so). */
  stopped: boolean;
}

/** A window raised by an opening wave the portal just showed: the wave's time + the learned delay. */
export interface OneOffWindow {
  fromMs: number;
  toMs: number;
  waveAtMs: number;
  pattern: ReturnPattern;
}

export interface LearnOptions {
  /** Returns this close (minutes) count as one cluster. */
  spanMinutes?: number;
  /** The window opens this long before the earliest return (a return is dated by the check after it). */
  leadMinutes?: number;
  tailMinutes?: number;
  /** Fewest days / weeks / waves with a return for a pattern. */
  minOccurrences?: number;
  /** Fewest share of the chances with a return. */
  minShare?: number;
  /** A cluster must hold this many times the returns the hour around it would put in its span. */
  minLift?: number;
  /** Returns at most this long after a wave are read as following it. */
  maxLagMinutes?: number;
}

export const LEARN_DEFAULTS = {
  spanMinutes: 5,
  leadMinutes: 2,
  tailMinutes: 1,
  minOccurrences: 3,
  minShare: 0.5,
  minLift: 3,
  maxLagMinutes: 360,
} as const satisfies Required<LearnOptions>;

/** Chances in a row without a return after which a pattern counts as stopped. */
export const STOP_AFTER: Record<PatternKind, number> = { daily: 4, weekly: 2, 'after-wave': 3 };
const DAY_MIN = 1440;
const PERIOD_MIN: Record<'daily' | 'weekly', number> = { daily: DAY_MIN, weekly: 7 * DAY_MIN };
/** At most this many patterns of one kind per portal. */
const MAX_PATTERNS = 6;

export interface Learned {
  returns: ReturnType<typeof countReturns>;
  waves: number;
  patterns: ReturnPattern[];
  oneOff: OneOffWindow[];
}

/** Everything the seat history says about when seats come back, at `nowMs`. */
export function learnSurges(input: {
  histories: readonly CourseHistory[];
  nowMs: number;
  timeZone: string;
  options?: LearnOptions;
}): Learned {
  const o = { ...LEARN_DEFAULTS, ...input.options };
  const returns = seatReturns(input.histories).filter((r) => r.atMs <= input.nowMs);
  const waves = openingWaves(input.histories).filter((w) => w.atMs <= input.nowMs);
  const firstMs = Math.min(
    ...input.histories.flatMap((h) => (h.changes[0] ? [Date.parse(h.changes[0].at)] : [])),
  );
  const patterns: ReturnPattern[] = [];
  const oneOff: OneOffWindow[] = [];
  for (const portal of [...new Set(returns.map((r) => r.portal))].sort()) {
    const mine = returns.filter((r) => r.portal === portal);
    const range = { firstMs, nowMs: input.nowMs };
    const daily = cyclic('daily', mine, input.timeZone, range, o);
    const explained = new Set(daily.members);
    const weekly = cyclic(
      'weekly',
      mine.filter((r) => !explained.has(r)),
      input.timeZone,
      range,
      o,
    );
    const myWaves = waves.filter((w) => w.portal === portal);
    const lagged = afterWave(mine, myWaves, input.nowMs, o);
    patterns.push(...daily.patterns, ...weekly.patterns, ...lagged);
    for (const p of lagged.filter((x) => !x.stopped)) {
      for (const w of myWaves) {
        const toMs = w.atMs + (p.startMinute + p.durationMinutes) * 60_000;
        if (toMs > input.nowMs)
          oneOff.push({ fromMs: w.atMs + p.startMinute * 60_000, toMs, waveAtMs: w.atMs, pattern: p });
      }
    }
  }
  return { returns: countReturns(returns), waves: waves.length, patterns, oneOff };
}

function cyclic(
  kind: 'daily' | 'weekly',
  returns: readonly SeatReturn[],
  timeZone: string,
  range: { firstMs: number; nowMs: number },
  o: Required<LearnOptions>,
): { patterns: ReturnPattern[]; members: SeatReturn[] } {
  const period = PERIOD_MIN[kind];
  let items: Item[] = returns.map((ret) => {
    const p = localParts(ret.atMs, timeZone);
    const minuteOfDay = p.hour * 60 + p.minute + p.second / 60;
    const pos = kind === 'daily' ? minuteOfDay : p.weekday * DAY_MIN + minuteOfDay;
    const dayNumber = Math.round(Date.UTC(p.year, p.month - 1, p.day) / 86_400_000);
    return { pos, occ: kind === 'daily' ? dayNumber : Math.floor((dayNumber - p.weekday) / 7), ret };
  });
  const patterns: ReturnPattern[] = [];
  // Stryker disable next-line ArrayDeclaration: a foreign element in the set of explained returns matches none
  const members: SeatReturn[] = [];
  // densest() finds nothing once the items run out.
  while (patterns.length < MAX_PATTERNS) {
    const found = densest(items, o.spanMinutes, period);
    if (!found) break;
    const { start, duration } = windowOf(found.anchor, found.members, o);
    const startMs = found.anchor.ret.atMs - (found.anchor.pos - start) * 60_000;
    const stats = instances(
      startMs,
      period * 60_000,
      duration * 60_000,
      range,
      found.members,
      STOP_AFTER[kind],
    );
    const background = Math.max(
      (items.length * o.spanMinutes) / period,
      backgroundOf(items, found.members, found.anchor, o.spanMinutes, period),
    );
    if (!significant(stats, found.members.length, background, period / o.spanMinutes, o)) break;
    patterns.push({
      kind,
      portal: found.anchor.ret.portal,
      startMinute: ((start % period) + period) % period,
      durationMinutes: duration,
      ...stats,
      returns: found.members.length,
      courses: perCourse(found.members),
      lastAtMs: Math.max(...found.members.map((m) => m.ret.atMs)),
    });
    const taken = new Set(found.members.map((m) => m.ret));
    members.push(...taken);
    items = items.filter((i) => !taken.has(i.ret));
  }
  return { patterns, members };
}

function afterWave(
  returns: readonly SeatReturn[],
  waves: readonly OpeningWave[],
  nowMs: number,
  o: Required<LearnOptions>,
): ReturnPattern[] {
  let items: Item[] = [];
  waves.forEach((w, occ) => {
    for (const ret of returns) {
      const lag = (ret.atMs - w.atMs) / 60_000;
      if (lag > 0 && lag <= o.maxLagMinutes) items.push({ pos: lag, occ, ret });
    }
  });
  const patterns: ReturnPattern[] = [];
  // densest() finds nothing once the items run out.
  while (patterns.length < MAX_PATTERNS) {
    const found = densest(items, o.spanMinutes, undefined);
    if (!found) break;
    const { start, duration } = windowOf(found.anchor, found.members, o);
    const due = waves.flatMap((w, i) => (w.atMs + (start + duration) * 60_000 <= nowMs ? [i] : []));
    const hit = new Set(found.members.map((m) => m.occ));
    const stats = tally(0, due.length - 1, (k) => hit.has(due[k]!), STOP_AFTER['after-wave']);
    const taken = new Set(found.members.map((m) => m.ret));
    const background = backgroundOf(items, found.members, found.anchor, o.spanMinutes, undefined);
    if (!significant(stats, taken.size, background, o.maxLagMinutes / o.spanMinutes, o)) break;
    patterns.push({
      kind: 'after-wave',
      portal: found.anchor.ret.portal,
      startMinute: Math.max(0, start),
      durationMinutes: duration,
      ...stats,
      returns: taken.size,
      courses: perCourse(found.members),
      lastAtMs: Math.max(...found.members.map((m) => m.ret.atMs)),
    });
    items = items.filter((i) => !taken.has(i.ret));
  }
  return patterns;
}
