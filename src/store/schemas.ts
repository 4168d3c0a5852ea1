import { z } from 'zod';
import type { Hold, Observation, Order, Schedule } from '../core/types.js';

/**
 * zod schemas of the shared vocabulary (src/core/types.ts), for parsing what is read back from the
 * store. `satisfies` keeps them in step with the types: a field added there fails to compile here.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const weekday = z.number().int().min(1).max(7);

/**
 * A schedule's fields, every shape (weekly, over a term, a date range, one date) and the older ones
 * (a weekday and times, maybe a date). What the fields mean together is read by src/core/schedule.ts.
 */
export const scheduleSchema = z.object({
  start: z.string(),
  end: z.string(),
  weekday: weekday.optional(),
  weekdays: z.array(weekday).optional(),
  date: isoDate.optional(),
  from: isoDate.optional(),
  until: isoDate.optional(),
}) satisfies z.ZodType<Schedule>;

/**
 * A schedule inside a stored record: one that does not parse is left out rather than losing the
 * record with it (a hold, an alert in the outbox); a course without a schedule clashes with nothing.
 */
export const storedScheduleSchema = scheduleSchema.optional().catch(undefined);

export const observationSchema = z.object({
  courseId: z.string(),
  title: z.string(),
  seats: z.number().nullable(),
  state: z.enum(['open', 'full', 'closed', 'not_found']),
  schedule: storedScheduleSchema,
  url: z.string(),
  campus: z.string().optional(),
  fee: z.number().optional(),
  teacher: z.string().optional(),
  phase: z.enum(['lottery', 'open', 'closed']).optional(),
}) satisfies z.ZodType<Observation>;

export const holdSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  studentId: z.string().optional(),
  heldAt: z.string(),
  expiresAt: z.string().nullable(),
}) satisfies z.ZodType<Hold>;

export const orderSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  studentId: z.string().optional(),
  status: z.enum(['pending_payment', 'paid', 'cancelled']),
  createdAt: z.string(),
}) satisfies z.ZodType<Order>;

export const problemKindSchema = z.enum([
  'session_expired',
  'portal_changed',
  'portal_unavailable',
  'channel_broken',
]);
