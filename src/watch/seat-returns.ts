import type { SeatState } from '../core/types.js';

/**
 * The events surge learning reads from the seat history (issue 32). Pure: the history comes in as
 * data. A reading is dated by the check that first saw it, so an event is known to within one check.
 */

/** One reading of a course (the seat history's change record, without the title). */
export interface SeatReading {
  /** ISO-8601 instant of the first check that saw this reading. */
  at: string;
  seats: number | null;
  state: SeatState;
}

/** The readings of one course on one portal, oldest first. */
export interface CourseHistory {
  portal: string;
  courseId: string;
  changes: readonly SeatReading[];
}

/** A course whose seats came back: full (or 0 seats) before, seats after. */
export interface SeatReturn {
  atMs: number;
  portal: string;
  courseId: string;
}

/** Courses of one portal that opened for registration together (closed before, open or full after). */
export interface OpeningWave {
  atMs: number;
  portal: string;
  courses: number;
}

/** Registration openings closer than this to the previous one belong to the same wave. */
export const WAVE_GAP_MS = 10 * 60_000;

const taken = (r: SeatReading) => r.state === 'full' || (r.state === 'open' && r.seats === 0);
const hasSeats = (r: SeatReading) => r.state === 'open' && (r.seats === null || r.seats > 0);
const unlisted = (r: SeatReading) => r.state === 'closed' || r.state === 'not_found';
const listed = (r: SeatReading) => r.state === 'open' || r.state === 'full';

function pairs(h: CourseHistory, when: (prev: SeatReading, cur: SeatReading) => boolean): number[] {
  const out: number[] = [];
  for (let i = 1; i < h.changes.length; i++) {
    const cur = h.changes[i]!;
    if (when(h.changes[i - 1]!, cur)) out.push(Date.parse(cur.at));
  }
  return out;
}

/** Every return in the histories, oldest first. A course first seen with seats is not one. */
export function seatReturns(histories: readonly CourseHistory[]): SeatReturn[] {
  return histories
    .flatMap((h) =>
      pairs(h, (prev, cur) => taken(prev) && hasSeats(cur)).map((atMs) => ({
        atMs,
        portal: h.portal,
        courseId: h.courseId,
      })),
    )
    .sort((a, b) => a.atMs - b.atMs);
}

/** Opening waves per portal, oldest first: registration openings chained less than 10 min apart. */
export function openingWaves(histories: readonly CourseHistory[]): OpeningWave[] {
  const byPortal = new Map<string, number[]>();
  for (const h of histories) {
    const list = byPortal.get(h.portal) ?? [];
    list.push(...pairs(h, (prev, cur) => unlisted(prev) && listed(cur)));
    byPortal.set(h.portal, list);
  }
  const waves: OpeningWave[] = [];
  for (const [portal, openings] of byPortal) {
    let wave: OpeningWave | undefined;
    let lastMs = 0;
    for (const atMs of openings.sort((a, b) => a - b)) {
      if (wave && atMs - lastMs < WAVE_GAP_MS) wave.courses += 1;
      else {
        wave = { atMs, portal, courses: 1 };
        waves.push(wave);
      }
      lastMs = atMs;
    }
  }
  return waves.sort((a, b) => a.atMs - b.atMs);
}

/** How many returns each key (portal or course) had: the "per portal, per course, overall" view. */
export function countReturns(returns: readonly SeatReturn[]): {
  total: number;
  byPortal: Record<string, number>;
  byCourse: Record<string, number>;
} {
  const byPortal: Record<string, number> = {};
  const byCourse: Record<string, number> = {};
  for (const r of returns) {
    byPortal[r.portal] = (byPortal[r.portal] ?? 0) + 1;
    byCourse[r.courseId] = (byCourse[r.courseId] ?? 0) + 1;
  }
  return { total: returns.length, byPortal, byCourse };
}
