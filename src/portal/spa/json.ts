/** Event and registration JSON as docs/portal-api.md ("The spa style") describes them. */
import type { CourseRecord } from '../seed.js';
import type { Registration } from './registrations.js';

export type EventStatus = 'open' | 'full' | 'closed';

/** A course in lottery or closed takes no registrations: both are `closed` here. */
export function eventStatus(course: Pick<CourseRecord, 'phase' | 'seats'>): EventStatus {
  if (course.phase !== 'open') return 'closed';
  return course.seats > 0 ? 'open' : 'full';
}

export type EventJson = Record<string, string | number>;

export function eventJson(course: CourseRecord, date: string, redesign: boolean): EventJson {
  const json = {
    id: course.id,
    title: course.title,
    date,
    start: course.startTime,
    end: course.endTime,
    capacity: course.capacity,
    remaining: course.seats,
    status: eventStatus(course),
  };
  if (!redesign) return json;
  // The redesign fault: a new API version renamed the fields a flow depends on.
  const { remaining, status, ...rest } = json;
  return { ...rest, remain: remaining, state: status };
}

export function registrationJson(registration: Registration) {
  return {
    id: registration.id,
    eventId: registration.courseId,
    studentId: registration.studentId,
    status: registration.status,
    createdAt: new Date(registration.createdAtMs).toISOString(),
  };
}

/** The admin view names the account and keeps the classic names (`courseId`). */
export function adminRegistrationJson(registration: Registration) {
  return {
    registrationId: registration.id,
    username: registration.username,
    courseId: registration.courseId,
    studentId: registration.studentId,
    status: registration.status,
    createdAt: new Date(registration.createdAtMs).toISOString(),
  };
}
