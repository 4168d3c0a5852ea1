import { schedulesClash } from '../core/schedule.js';
import type { BookedCourse, Schedule } from '../core/types.js';

/** A course a child has or is about to have, as far as clash checks care. */
export type Booked = BookedCourse;

/**
 * Some day belongs to both schedules and the times overlap (touching ends do not clash): a dated
 * event clashes only with what meets on its date, a weekly class without dates on its weekday.
 */
export function overlaps(a: Schedule, b: Schedule): boolean {
  return schedulesClash(a, b);
}

/**
 * The clashes of a course with what the child already has. A course whose schedule is
 * unknown cannot be shown to clash, so it is treated as clash-free.
 */
export function findClashes(courseId: string, schedule: Schedule | undefined, booked: Booked[]): Booked[] {
  if (!schedule) return [];
  return booked
    .filter((b) => b.courseId !== courseId && b.schedule && overlaps(schedule, b.schedule))
    .map(({ courseId, kind, title, schedule }) => ({
      courseId,
      kind,
      ...(title === undefined ? {} : { title }),
      ...(schedule === undefined ? {} : { schedule }),
    }));
}
