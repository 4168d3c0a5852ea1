import { z } from 'zod';
import { ALERT_KINDS, type AlertKind } from '../core/types.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');

export const policyTargetSchema = z.object({
  id: z.string().min(1),
  childId: z.string().min(1),
  /** Shown to parents (姐姐). */
  childName: z.string().min(1),
  /** The portal account whose session checks and holds these courses. */
  accountId: z.string().min(1),
  /** Course ids in order of preference: any one of them will do. */
  courses: z.array(z.string().min(1)).min(1),
  autoHold: z.boolean().default(false),
});
/** One child's wish: any one course of the group, first ones preferred. */
export type PolicyTarget = z.infer<typeof policyTargetSchema>;

export const quietHoursSchema = z.object({
  start: hhmm,
  end: hhmm,
  /** IANA zone the times are in (the config's `timezone`). */
  timezone: z.string().min(1),
});
/** A daily window [start, end) in local time; may span midnight (22:00–07:00). start = end: never quiet. */
export type QuietHours = z.infer<typeof quietHoursSchema>;

/** Alert kinds sent even in quiet hours unless the policy says otherwise: a seat or a hold waits for no one. */
export const DEFAULT_URGENT: AlertKind[] = [
  'opening',
  'hold_made',
  'hold_failed',
  'hold_reminder',
  'hold_result',
];

const alertKindSchema = z.enum(ALERT_KINDS) satisfies z.ZodType<AlertKind>;

export const policySchema = z.object({
  targets: z.array(policyTargetSchema),
  /**
   * Flap suppression: an opening that closes and reopens within this time is announced once, and a
   * 'gone' alert waits until the course has stayed closed this long.
   */
  cooldownMinutes: z.number().min(0).default(30),
  /** An unresolved problem is announced again after this long. */
  problemReminderMinutes: z.number().min(1).default(180),
  quietHours: quietHoursSchema.optional(),
  /** Kinds that ignore quiet hours. */
  urgent: z.array(alertKindSchema).default(DEFAULT_URGENT),
  /** Active holds (held or being made) one portal account may have at once. */
  maxHoldsPerAccount: z.number().int().min(0).default(2),
  /** Decide as usual but never emit a hold effect (alerts say so). */
  dryRun: z.boolean().default(false),
});

/** What decide() needs to know about the parents' wishes; build it with definePolicy(). */
export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

/** Fills in defaults and validates (throws a ZodError on a bad policy). */
export function definePolicy(input: PolicyInput): Policy {
  return policySchema.parse(input);
}
