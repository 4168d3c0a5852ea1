import type { SeatChange } from '../../store/history.js';

/**
 * Pure readings of the seat history. An opening is a change into "open with seats" from a reading
 * that was not: a course first seen open is not one (nothing came back), nor is 1 → 2 seats.
 */

const isOpen = (c: Pick<SeatChange, 'state' | 'seats'>) =>
  c.state === 'open' && (c.seats === null || c.seats > 0);

/** Instants (ms) of the openings in `changes` (oldest first) at or after `sinceMs`. */
export function openingsOf(changes: readonly SeatChange[], sinceMs = Number.NEGATIVE_INFINITY): number[] {
  const out: number[] = [];
  for (let i = 1; i < changes.length; i++) {
    const prev = changes[i - 1]!;
    const cur = changes[i]!;
    const at = Date.parse(cur.at);
    if (at >= sinceMs && isOpen(cur) && !isOpen(prev)) out.push(at);
  }
  return out;
}

export interface CourseHistorySummary {
  courseId: string;
  openings14d: number;
  /** ISO-8601 instant of the newest opening in the history kept; null when none. */
  lastOpeningAt: string | null;
}

/** Per course (in the given order): openings in the last 14 days and the newest one. */
export function summariseHistory(
  courseIds: readonly string[],
  changes: ReadonlyMap<string, readonly SeatChange[]>,
  now: Date,
): CourseHistorySummary[] {
  const since = now.getTime() - 14 * 86_400_000;
  return courseIds.map((courseId) => {
    const all = openingsOf(changes.get(courseId) ?? []);
    const last = all.at(-1);
    return {
      courseId,
      openings14d: all.filter((ms) => ms >= since).length,
      lastOpeningAt: last === undefined ? null : new Date(last).toISOString(),
    };
  });
}

/** Openings counted by local hour of day (0–23) and day of week (0 = Monday … 6 = Sunday). */
export function openingHistogram(
  openings: readonly number[],
  timeZone: string,
): { byHour: number[]; byWeekday: number[] } {
  const byHour = new Array<number>(24).fill(0);
  const byWeekday = new Array<number>(7).fill(0);
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hour: 'numeric',
    hourCycle: 'h23',
    weekday: 'short',
  });
  const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  for (const ms of openings) {
    let hour = 0;
    let weekday = 0;
    for (const part of fmt.formatToParts(ms)) {
      if (part.type === 'hour') hour = Number(part.value) % 24;
      if (part.type === 'weekday') weekday = days.indexOf(part.value);
    }
    byHour[hour] = (byHour[hour] ?? 0) + 1;
    byWeekday[weekday] = (byWeekday[weekday] ?? 0) + 1;
  }
  return { byHour, byWeekday };
}
