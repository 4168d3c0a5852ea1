import type { CourseHistory, SeatReading } from '../src/watch/seat-returns.js';
import { poissonIn, seeded } from './detection-sim.js';

/**
 * Issue 32's simulated world: the week measured, the three weeks before it that train the learner, the
 * seats freed in them (with a pattern or without), and the seat history the plain schedule's checks
 * would have written. Used by surge-sim.ts.
 */

export const TZ = 'Asia/Shanghai';
export const DAY = 86_400_000;
export const MIN = 60_000;
/** Monday 2026-07-06 00:00 in Shanghai: the measured week; the three weeks before it train. */
export const WEEK_START = Date.parse('2026-07-06T00:00:00+08:00');
export const TRAIN_START = WEEK_START - 21 * DAY;
export const WEEK_END = WEEK_START + 7 * DAY;
/** Watched courses the seats come back to; wave courses are others (a new batch opening). */
const COURSES = 8;

export const PLAIN_CRON = '* * * * *';
export const JITTER_SECONDS = 20;
export const BUDGET = 120;
/** Portal requests per check, and more per freed seat for the check that sees it and the one after. */
export const REQUESTS_PER_CHECK = 1;
export const EXTRA_PER_RELEASE = 2;
/** Structured weeks: releases without a pattern an hour between 07:00 and 23:00 (about a quarter of all). */
export const NOISE_PER_HOUR = 0.25;

export interface Release {
  atMs: number;
  course: number;
  kind: 'deadline' | 'nightly' | 'noise';
}

/** A seeded Poisson count. */
function poissonCount(mean: number, random: () => number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const u = random();
  while (u > s) {
    k += 1;
    p *= mean / k;
    s += p;
  }
  return k;
}

function activeHours(from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let d = from; d < to; d += DAY) out.push([d + 7 * 3_600_000, d + 23 * 3_600_000]);
  return out;
}

/** Waves (09:00 on weekdays, some days one more at an odd time) and the releases, for [from, to). */
export function structured(from: number, to: number, seed: number): { waves: number[]; releases: Release[] } {
  const random = seeded(seed);
  const waves: number[] = [];
  const releases: Release[] = [];
  const course = () => Math.floor(random() * COURSES);
  for (let d = from; d < to; d += DAY) {
    const weekday = new Date(d + 8 * 3_600_000).getUTCDay();
    if (weekday !== 0 && weekday !== 6) waves.push(d + 9 * 60 * MIN);
    if (random() < 0.3) waves.push(d + (10 * 60 + Math.floor(random() * 600)) * MIN);
    const nightly = poissonCount(4, random);
    for (let i = 0; i < nightly; i++)
      releases.push({ atMs: d + random() * 60_000, course: course(), kind: 'nightly' });
  }
  for (const w of waves) {
    const n = poissonCount(6, random);
    for (let i = 0; i < n; i++)
      releases.push({ atMs: w + 60 * MIN + random() * 90_000, course: course(), kind: 'deadline' });
  }
  for (const atMs of poissonIn(activeHours(from, to), NOISE_PER_HOUR, random))
    releases.push({ atMs, course: course(), kind: 'noise' });
  return { waves: waves.sort((a, b) => a - b), releases: releases.sort((a, b) => a.atMs - b.atMs) };
}

/** Poisson releases only, 4 an hour between 07:00 and 23:00 (issue 17's week). */
export function unstructured(
  from: number,
  to: number,
  seed: number,
): { waves: number[]; releases: Release[] } {
  const random = seeded(seed);
  return {
    waves: [],
    releases: poissonIn(activeHours(from, to), 4, random).map((atMs) => ({
      atMs,
      course: Math.floor(random() * COURSES),
      kind: 'noise' as const,
    })),
  };
}

export const firstAtOrAfter = (sorted: readonly number[], t: number): number | undefined => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
};

/**
 * The seat history the checks at `checks` would have written: each watched course full, a freed seat
 * open from the first check after it until the first check after it was taken (2 min later), and the
 * wave courses closed → open at each wave → full 5 min later → closed.
 */
export function historyFrom(
  world: { waves: number[]; releases: Release[] },
  checks: readonly number[],
  from: number,
): CourseHistory[] {
  const reading = (at: number, state: SeatReading['state'], seats: number | null): SeatReading => ({
    at: new Date(at).toISOString(),
    state,
    seats,
  });
  const histories: CourseHistory[] = [];
  for (let c = 0; c < COURSES; c++) {
    const changes: SeatReading[] = [reading(from, 'full', 0)];
    let openUntil = 0;
    for (const r of world.releases.filter((x) => x.course === c)) {
      const seen = firstAtOrAfter(checks, r.atMs);
      const gone = firstAtOrAfter(checks, r.atMs + 2 * MIN);
      if (seen === undefined || gone === undefined || seen >= gone || seen < openUntil) continue;
      changes.push(reading(seen, 'open', 1), reading(gone, 'full', 0));
      openUntil = gone;
    }
    histories.push({ portal: 'demo', courseId: `C${c}`, changes });
  }
  const wave: SeatReading[] = [reading(from, 'closed', null)];
  for (const w of world.waves) {
    const seen = firstAtOrAfter(checks, w);
    const full = firstAtOrAfter(checks, w + 5 * MIN);
    const closed = firstAtOrAfter(checks, w + 40 * MIN);
    if (seen === undefined || full === undefined || closed === undefined) continue;
    wave.push(reading(seen, 'open', 20), reading(full, 'full', 0), reading(closed, 'closed', null));
  }
  histories.push({ portal: 'demo', courseId: 'W', changes: wave });
  return histories;
}
