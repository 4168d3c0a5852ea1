import type { Schedule } from '../core/types.js';
import { describeCommitment } from './decide-text.js';

/** A course a child has or is about to have, as far as clash checks care. */
export interface Booked {
  courseId: string;
  kind: 'order' | 'hold';
  title?: string;
  schedule?: Schedule;
}

/** Same weekday and the time ranges overlap (touching ends do not clash). */
export function overlaps(a: Schedule, b: Schedule): boolean {
  return a.weekday === b.weekday && a.start < b.end && b.start < a.end;
}

/**
 * Human-readable clashes of a course with what the child already has. A course whose schedule is
 * unknown cannot be shown to clash, so it is treated as clash-free.
 */
export function findClashes(courseId: string, schedule: Schedule | undefined, booked: Booked[]): string[] {
  if (!schedule) return [];
  return booked
    .filter((b) => b.courseId !== courseId && b.schedule && overlaps(schedule, b.schedule))
    .map(describeCommitment);
}
