/**
 * The spa style lists dated events rather than weekly classes: each seeded course becomes one session on
 * a day of the summer holiday, on its own weekday, in a week picked from its place in the catalogue, so
 * every start and every reset gives the same dates.
 */
import type { CourseRecord } from '../seed.js';

/** Monday of the holiday's first week (UTC calendar date; no time zone enters the arithmetic). */
export const HOLIDAY_START = '2027-07-05';
export const HOLIDAY_WEEKS = 6;

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of the course's session: its weekday (1 = Monday) in week `index % HOLIDAY_WEEKS`. */
export function eventDate(course: Pick<CourseRecord, 'weekday'>, index: number): string {
  const week = ((index % HOLIDAY_WEEKS) + HOLIDAY_WEEKS) % HOLIDAY_WEEKS;
  const start = Date.parse(`${HOLIDAY_START}T00:00:00Z`);
  return new Date(start + (week * 7 + (course.weekday - 1)) * DAY_MS).toISOString().slice(0, 10);
}

/** Course id → date, for the whole catalogue in seed order. */
export function eventDates(courses: readonly Pick<CourseRecord, 'id' | 'weekday'>[]): Map<string, string> {
  return new Map(courses.map((course, i) => [course.id, eventDate(course, i)]));
}
