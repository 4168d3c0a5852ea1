import { z } from 'zod';
import type { Alert } from '../core/types.js';

/**
 * Parses an Alert read back from the outbox (stored JSON is parsed, never trusted). Mirrors the
 * `Alert` union of core/types.ts; the annotation makes the compiler check that they agree.
 */

const childRef = z.object({ id: z.string(), name: z.string() });

const observation = z.object({
  courseId: z.string(),
  title: z.string(),
  seats: z.number().nullable(),
  state: z.enum(['open', 'full', 'closed', 'not_found']),
  schedule: z.object({ weekday: z.number(), start: z.string(), end: z.string() }).optional(),
  url: z.string(),
  campus: z.string().optional(),
  fee: z.number().optional(),
  teacher: z.string().optional(),
  phase: z.enum(['lottery', 'open', 'closed']).optional(),
});

const hold = z.object({
  id: z.string(),
  courseId: z.string(),
  studentId: z.string(),
  heldAt: z.string(),
  expiresAt: z.string().nullable(),
});

const order = z.object({
  id: z.string(),
  courseId: z.string(),
  studentId: z.string(),
  status: z.enum(['pending_payment', 'paid', 'cancelled']),
  createdAt: z.string(),
});

const problemKind = z.enum(['session_expired', 'portal_changed', 'portal_unavailable', 'channel_broken']);

export const alertSchema: z.ZodType<Alert> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('opening'),
    targetId: z.string(),
    child: childRef,
    observation,
    seenAt: z.string(),
    clashes: z.array(z.string()),
    holdSkippedReason: z.string().optional(),
  }),
  z.object({
    kind: z.literal('gone'),
    targetId: z.string(),
    child: childRef,
    observation,
    seenAt: z.string(),
  }),
  z.object({
    kind: z.literal('hold_made'),
    targetId: z.string(),
    child: childRef,
    observation,
    hold,
    approveUrl: z.string(),
    releaseUrl: z.string(),
  }),
  z.object({
    kind: z.literal('hold_failed'),
    targetId: z.string(),
    child: childRef,
    observation,
    reason: z.string(),
  }),
  z.object({
    kind: z.literal('hold_reminder'),
    child: childRef,
    observation,
    hold,
    approveUrl: z.string(),
    releaseUrl: z.string(),
  }),
  z.object({
    kind: z.literal('hold_result'),
    child: childRef,
    observation,
    hold,
    outcome: z.enum(['approved', 'released', 'expired', 'failed']),
    order: order.optional(),
    by: z.string().optional(),
    detail: z.string().optional(),
  }),
  z.object({
    kind: z.literal('problem'),
    problem: problemKind,
    accountId: z.string(),
    detail: z.string(),
    action: z.string(),
    since: z.string(),
    reminder: z.boolean(),
  }),
  z.object({
    kind: z.literal('recovered'),
    problem: problemKind,
    accountId: z.string(),
    since: z.string(),
    at: z.string(),
  }),
  z.object({
    kind: z.literal('daily_summary'),
    checks: z.number(),
    openings: z.number(),
    sessions: z.array(z.object({ accountId: z.string(), ok: z.boolean() })),
    nextCheckAt: z.string().nullable(),
    at: z.string(),
    statusUrl: z.string().optional(),
  }),
  z.object({ kind: z.literal('test'), at: z.string() }),
]);
