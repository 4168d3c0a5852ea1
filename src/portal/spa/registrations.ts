/**
 * The spa style's holds: registrations pending the organiser's review. A registration takes its seat
 * when it is made and never expires; students cannot cancel; the organiser's rejection gives the seat
 * back. Synchronous like the classic store, so two requests racing for the last seat cannot both win.
 */
import type { PortalStore } from '../store.js';

export type RegistrationStatus = 'pending_review' | 'approved' | 'rejected';

export interface Registration {
  id: string;
  username: string;
  courseId: string;
  studentId: string;
  status: RegistrationStatus;
  createdAtMs: number;
}

export type RegisterResult =
  | { ok: true; registration: Registration }
  | { ok: false; error: 'duplicate'; registration: Registration }
  | { ok: false; error: 'not_found' | 'closed' | 'full' };

export type ReviewResult =
  | { ok: true; registration: Registration }
  | { ok: false; error: 'not_found' | 'already_rejected' };

export function createRegistrations(
  store: Pick<PortalStore, 'getCourse' | 'takeSeat' | 'returnSeat'>,
  now: () => number = Date.now,
) {
  let registrations = new Map<string, Registration>();
  let next = 1;

  function reset(): void {
    registrations = new Map();
    next = 1;
  }

  /** A rejected registration no longer counts: the student may register again. */
  function live(courseId: string, studentId: string): Registration | undefined {
    return [...registrations.values()].find(
      (r) => r.courseId === courseId && r.studentId === studentId && r.status !== 'rejected',
    );
  }

  function register(username: string, courseId: string, studentId: string): RegisterResult {
    const course = store.getCourse(courseId);
    if (!course) return { ok: false, error: 'not_found' };
    // Before the seat check: a retried request for a seat already won finds its registration.
    const existing = live(courseId, studentId);
    if (existing) return { ok: false, error: 'duplicate', registration: existing };
    if (course.phase !== 'open') return { ok: false, error: 'closed' };
    if (!store.takeSeat(courseId)) return { ok: false, error: 'full' };
    const registration: Registration = {
      id: `r${next++}`,
      username,
      courseId,
      studentId,
      status: 'pending_review',
      createdAtMs: now(),
    };
    registrations.set(registration.id, registration);
    return { ok: true, registration };
  }

  /** The organiser rejects: the seat comes back once, however often it is rejected. */
  function reject(id: string): ReviewResult {
    const registration = registrations.get(id);
    if (!registration) return { ok: false, error: 'not_found' };
    if (registration.status !== 'rejected') {
      registration.status = 'rejected';
      store.returnSeat(registration.courseId);
    }
    return { ok: true, registration };
  }

  /** The organiser approves: the seat stays taken. A rejected registration has lost its seat. */
  function approve(id: string): ReviewResult {
    const registration = registrations.get(id);
    if (!registration) return { ok: false, error: 'not_found' };
    if (registration.status === 'rejected') return { ok: false, error: 'already_rejected' };
    registration.status = 'approved';
    return { ok: true, registration };
  }

  return {
    reset,
    register,
    reject,
    approve,
    list: (username?: string): Registration[] =>
      [...registrations.values()].filter((r) => username === undefined || r.username === username),
  };
}

export type RegistrationStore = ReturnType<typeof createRegistrations>;
