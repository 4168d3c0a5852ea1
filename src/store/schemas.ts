import { z } from 'zod';
import type { Hold, Observation, Order, Schedule } from '../core/types.js';

/**
 * zod schemas of the shared vocabulary (src/core/types.ts), for parsing what is read back from the
 * store. `satisfies` keeps them in step with the types: a field added there fails to compile here.
 */
export const scheduleSchema = z.object({
  weekday: z.number().int().min(1).max(7),
  start: z.string(),
  end: z.string(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
}) satisfies z.ZodType<Schedule>;

export const observationSchema = z.object({
  courseId: z.string(),
  title: z.string(),
  seats: z.number().nullable(),
  state: z.enum(['open', 'full', 'closed', 'not_found']),
  schedule: scheduleSchema.optional(),
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
