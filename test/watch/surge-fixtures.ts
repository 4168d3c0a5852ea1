import type { SeatState } from '../../src/core/types.js';
import type { CourseHistory, SeatReading } from '../../src/watch/seat-returns.js';

/** Test fixtures for the surge learner: seat histories built from a few lines. */

export const TZ = 'Asia/Shanghai';
export const DAY = 86_400_000;
export const MIN = 60_000;
/** Monday 2026-07-06 00:00 in Shanghai. */
export const MONDAY = Date.parse('2026-07-06T00:00:00+08:00');

const reading = (ms: number, state: SeatState, seats: number | null): SeatReading => ({
  at: new Date(ms).toISOString(),
  state,
  seats,
});

/**
 * A course that is full from `startMs` on and whose seats come back at each of `returnsMs` (a seat
 * for `openForMs`, then full again).
 */
export function returning(
  courseId: string,
  startMs: number,
  returnsMs: readonly number[],
  options: { portal?: string; openForMs?: number } = {},
): CourseHistory {
  const changes: SeatReading[] = [reading(startMs, 'full', 0)];
  const openFor = options.openForMs ?? 30_000;
  for (const at of [...returnsMs].sort((a, b) => a - b)) {
    changes.push(reading(at, 'open', 1), reading(at + openFor, 'full', 0));
  }
  return { portal: options.portal ?? 'p', courseId, changes };
}

/** A course that opens for registration at each wave and is full five minutes later. */
export function waving(
  courseId: string,
  startMs: number,
  wavesMs: readonly number[],
  portal = 'p',
): CourseHistory {
  const changes: SeatReading[] = [reading(startMs, 'closed', null)];
  for (const at of [...wavesMs].sort((a, b) => a - b)) {
    changes.push(
      reading(at, 'open', 20),
      reading(at + 5 * MIN, 'full', 0),
      reading(at + 40 * MIN, 'closed', null),
    );
  }
  return { portal, courseId, changes };
}

/** The same local time on `days` days from `fromMs` (+ `jitterMs(i)`). */
export function daily(
  fromMs: number,
  days: number,
  minuteOfDay: number,
  jitterMs = (_i: number) => 0,
): number[] {
  return Array.from({ length: days }, (_, i) => fromMs + i * DAY + minuteOfDay * MIN + jitterMs(i));
}

/** A seeded generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson arrivals at `perHour` from `fromMs` to `toMs`, only between 07:00 and 23:00. */
export function noise(fromMs: number, toMs: number, perHour: number, random: () => number): number[] {
  const out: number[] = [];
  for (let t = fromMs; ; ) {
    t += (-Math.log(1 - random()) / perHour) * 3_600_000;
    if (t >= toMs) return out;
    const hour = new Date(t + 8 * 3_600_000).getUTCHours();
    if (hour >= 7 && hour < 23) out.push(t);
  }
}
