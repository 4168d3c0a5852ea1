import { z } from 'zod';
import type { Alert } from '../core/types.js';
import {
  holdSchema as hold,
  observationSchema as observation,
  orderSchema as order,
  storedScheduleSchema,
} from '../store/schemas.js';

/**
 * Parses an Alert read back from the outbox (stored JSON is parsed, never trusted). Mirrors the
 * `Alert` union of core/types.ts; the annotation makes the compiler check that they agree.
 */

const childRef = z.object({ id: z.string(), name: z.string() });

const holdKind = z.object({
  kind: z.enum(['cart', 'registration']),
  expires: z.boolean(),
  after: z.enum(['payment', 'review', 'none']),
  release: z.boolean(),
});

const booked = z.object({
  courseId: z.string(),
  kind: z.enum(['order', 'hold']),
  title: z.string().optional(),
  schedule: storedScheduleSchema,
});

const holdSkip = z.discriminatedUnion('code', [
  z.object({ code: z.literal('dry_run') }),
  z.object({ code: z.literal('account_down'), accountId: z.string() }),
  z.object({ code: z.literal('expired_before') }),
  z.object({ code: z.literal('clash'), with: z.array(booked) }),
  z.object({ code: z.literal('cap'), max: z.number() }),
  z.object({ code: z.literal('already_tried') }),
  z.object({ code: z.literal('preferred_other'), title: z.string() }),
]);

const nextStep = z.discriminatedUnion('code', [
  z.object({ code: z.literal('login'), accountId: z.string() }),
  z.object({ code: z.literal('doctor') }),
  z.object({ code: z.literal('wait') }),
]);

const problemKind = z.enum(['session_expired', 'portal_changed', 'portal_unavailable', 'channel_broken']);

export const alertSchema: z.ZodType<Alert> = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('opening'),
    targetId: z.string(),
    child: childRef,
    observation,
    seenAt: z.string(),
    clashes: z.array(booked),
    holdSkipped: holdSkip.optional(),
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
    releaseUrl: z.string().optional(),
    holdKind: holdKind.optional(),
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
    releaseUrl: z.string().optional(),
    holdKind: holdKind.optional(),
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
    holdKind: holdKind.optional(),
    action: z.enum(['approve', 'release']).optional(),
    refused: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('problem'),
    problem: problemKind,
    accountId: z.string(),
    detail: z.string(),
    next: nextStep,
    since: z.string(),
    reminder: z.boolean(),
    loginUrl: z.string().optional(),
  }),
  z.object({
    kind: z.literal('login_soon'),
    accountId: z.string(),
    expectedEnd: z.string(),
    loginUrl: z.string(),
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
