import { z } from 'zod';
import type { Alert, Observation, Schedule } from '../core/types.js';
import { storedScheduleSchema } from '../store/schemas.js';

/** Why an account's check produced no observations. */
export type CheckProblem = 'session_expired' | 'portal_changed' | 'portal_unavailable' | 'rate_limited';

/**
 * One account's check in a cycle. A failed check carries no observations: decide() keeps what it
 * knew about those courses and never reads a failure as "full".
 */
export type AccountResult =
  | { accountId: string; ok: true; observations: Observation[] }
  | { accountId: string; ok: false; problem: CheckProblem; detail: string };

/** A hold jianlou made (from the store's `holds`; a HoldRecord satisfies this), any status. */
export interface HoldFact {
  /** Our id: the id of the hold effect that made it. */
  id: string;
  targetId: string;
  accountId: string;
  childId: string;
  courseId: string;
  status: 'held' | 'approved' | 'released' | 'expired' | 'failed';
  title?: string;
  schedule?: Schedule;
}

/**
 * A course a child already has outside jianlou's own holds: an order (leave cancelled ones out), or
 * a hold made by hand. One for a course of a target means that target is taken care of.
 */
export interface Commitment {
  childId: string;
  courseId: string;
  kind: 'order' | 'hold';
  title?: string;
  schedule?: Schedule;
}

/** Everything one cycle learned. */
export interface CycleInput {
  accounts: AccountResult[];
  /** jianlou's holds from the store, every status (released ones stop alerts for that course). */
  holds: HoldFact[];
  /** The children's orders and other holds, for "already has it" and time-clash checks. */
  commitments?: Commitment[];
  /** The approved holds whose (unpaid) order the portal cancelled in this check. */
  cancelledOrders?: CancelledOrder[];
}

/** An approved hold's order the portal cancelled (the parent did not pay in time): its target and course. */
export interface CancelledOrder {
  targetId: string;
  courseId: string;
}

/**
 * What to do after a cycle. Effect ids are idempotency keys for the outbox: the same previous state
 * decided again (after a crash before the state was saved) yields the same ids.
 */
export type Effect =
  | { type: 'alert'; id: string; alert: Alert }
  | {
      type: 'hold';
      /** Also the id of the HoldRecord the runner writes (so the next cycle sees the outcome). */
      id: string;
      targetId: string;
      accountId: string;
      childId: string;
      courseId: string;
      observation: Observation;
    };

export interface Decision {
  state: WatchState;
  /** Hold effects first (seats go fast), then alerts in the order they were decided. */
  effects: Effect[];
}

const instant = z.string();

const courseStateSchema = z.object({
  state: z.enum(['open', 'full', 'closed', 'not_found']),
  seats: z.number().nullable(),
  /** When `state` last changed: the start of the current spell (open spell, full spell …). */
  lastChangeAt: instant,
  /**
   * Written by 0.1 (every cycle; read by nothing): no longer written, so a quiet cycle leaves the state
   * as it was and the store is not rewritten (src/store/state.ts `sameExcept`). Accepted in old states.
   */
  lastSeenAt: instant.optional(),
});

const targetCourseSchema = z.object({
  /** The current (or latest) open spell has been announced, or was covered by an alert within cooldown. */
  alerted: z.boolean(),
  lastOpenAlertAt: instant.optional(),
  /** An announced opening closed at this time: a 'gone' alert is due once it stays closed for cooldown. */
  closedSince: instant.optional(),
  /** `lastChangeAt` of the open spell a hold was tried for (one try per spell). */
  holdTriedFor: instant.optional(),
});

const pendingHoldSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  accountId: z.string(),
  at: instant,
  title: z.string().optional(),
  schedule: storedScheduleSchema,
});

const targetStateSchema = z.object({
  courses: z.record(z.string(), targetCourseSchema),
  /** A hold effect was emitted and its HoldRecord has not been seen yet. */
  pendingHold: pendingHoldSchema.optional(),
});

const problemStateSchema = z.object({
  kind: z.enum(['session_expired', 'portal_changed', 'portal_unavailable']),
  since: instant,
  detail: z.string(),
  /** First announcement; absent while waiting (grace period, quiet hours). */
  alertedAt: instant.optional(),
  lastAlertAt: instant.optional(),
  /** Recovered, but the 'recovered' alert waits for quiet hours to end. */
  resolvedAt: instant.optional(),
});

/** An alert quiet hours held back in the last cycle: announced at the first cycle after them, if still true. */
const heldBackSchema = z.object({
  kind: z.string(),
  /** `<target>/<course>` for course alerts, `<account>/<problem>` for problems. */
  subject: z.string(),
  /** First held back at. */
  since: instant,
});

export const watchStateSchema = z.object({
  version: z.literal(1),
  /** When this state was started; part of every effect id so a fresh state never reuses old ids. */
  epoch: instant,
  /** Cycles decided since `epoch`. */
  cycle: z.number().int().min(0),
  /** Per course id: the last state seen. */
  courses: z.record(z.string(), courseStateSchema),
  /** Per target id: alert bookkeeping per course, and a hold in flight. */
  targets: z.record(z.string(), targetStateSchema),
  /** Per account id: the problem going on, if any. */
  problems: z.record(z.string(), problemStateSchema),
  /** What quiet hours held back in the last cycle (for `jianlou status`). */
  heldBack: z.array(heldBackSchema).optional(),
});

/** The engine's memory between cycles: plain JSON, persisted in the store (`state/watch`). */
export type WatchState = z.infer<typeof watchStateSchema>;
export type CourseState = z.infer<typeof courseStateSchema>;
export type TargetState = z.infer<typeof targetStateSchema>;
export type TargetCourseState = z.infer<typeof targetCourseSchema>;
export type ProblemState = z.infer<typeof problemStateSchema>;
export type PendingHold = z.infer<typeof pendingHoldSchema>;
export type HeldBack = z.infer<typeof heldBackSchema>;

/** The state before the first cycle (or after the stored one was lost or no longer parses). */
export function emptyWatchState(now: Date): WatchState {
  return { version: 1, epoch: now.toISOString(), cycle: 0, courses: {}, targets: {}, problems: {} };
}
