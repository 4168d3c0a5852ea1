import { z } from 'zod';
import { JianlouError } from '../core/errors.js';
import { createLock } from './lock.js';
import { NS } from './namespaces.js';
import { holdSchema, orderSchema, storedScheduleSchema } from './schemas.js';
import type { KvStore } from './types.js';

export const holdStatusSchema = z.enum(['held', 'approved', 'released', 'expired', 'failed']);
/**
 * held: in the cart, waiting for a parent · approved: turned into an order · released: given back by
 * a parent · expired: the portal's hold ran out · failed: the hold could not be made or verified.
 */
export type HoldStatus = z.infer<typeof holdStatusSchema>;

export const holdDecisionSchema = z.object({
  action: z.enum(['approve', 'release']),
  /** Who decided, worded in the locale of the moment it was decided. */
  by: z.string(),
  /** How it was decided (additive): lets a page word `by` again in today's locale. */
  via: z.enum(['cli', 'link', 'status_page']).optional(),
  ip: z.string().optional(),
  userAgent: z.string().optional(),
  at: z.string(),
});
export type HoldDecision = z.infer<typeof holdDecisionSchema>;

export const holdRecordSchema = z.object({
  /** Our id (the hold effect id), not the portal's. */
  id: z.string(),
  accountId: z.string(),
  targetId: z.string(),
  childId: z.string(),
  courseId: z.string(),
  /** Kept for messages and for clash checks against the child's later openings. */
  title: z.string().optional(),
  schedule: storedScheduleSchema,
  /** The portal's hold (cart item …); absent when the hold failed before the portal gave one. */
  portal: holdSchema.optional(),
  status: holdStatusSchema,
  decisions: z.array(holdDecisionSchema),
  order: orderSchema.optional(),
  /** Why it failed or expired, for people (no secrets). */
  error: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** Our record of one hold (namespace `holds`, key = id). */
export type HoldRecord = z.infer<typeof holdRecordSchema>;

/** What may change on a hold after it is created; a decision is appended to `decisions`. */
export interface HoldChange {
  status?: HoldStatus;
  portal?: HoldRecord['portal'];
  order?: HoldRecord['order'];
  error?: string;
  decision?: HoldDecision;
}

export interface HoldRepo {
  /** Stores a new hold once; false when this id exists already. */
  create(
    record: Omit<HoldRecord, 'decisions' | 'updatedAt'> & { decisions?: HoldDecision[] },
  ): Promise<boolean>;
  get(id: string): Promise<HoldRecord | undefined>;
  /** Oldest first, filtered by any of the given fields. */
  list(filter?: {
    status?: HoldStatus[];
    accountId?: string;
    targetId?: string;
    childId?: string;
  }): Promise<HoldRecord[]>;
  /** Applies a change and returns the new record; throws when the id is unknown. */
  update(id: string, change: HoldChange, at: Date): Promise<HoldRecord>;
}

export function createHoldRepo(kv: KvStore): HoldRepo {
  const lock = createLock();
  return {
    create(record) {
      const full: HoldRecord = { ...record, decisions: record.decisions ?? [], updatedAt: record.createdAt };
      return kv.add(NS.holds, record.id, holdRecordSchema.parse(full));
    },
    get: (id) => kv.get(NS.holds, id, holdRecordSchema),
    async list(filter = {}) {
      const rows = await kv.list(NS.holds, holdRecordSchema);
      return rows
        .map((r) => r.value)
        .filter(
          (h) =>
            (filter.status === undefined || filter.status.includes(h.status)) &&
            (filter.accountId === undefined || h.accountId === filter.accountId) &&
            (filter.targetId === undefined || h.targetId === filter.targetId) &&
            (filter.childId === undefined || h.childId === filter.childId),
        )
        .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    },
    update(id, change, at) {
      return lock.run(async () => {
        const current = await kv.get(NS.holds, id, holdRecordSchema);
        if (!current) throw new JianlouError(`hold "${id}" not found in the store`);
        const next: HoldRecord = {
          ...current,
          status: change.status ?? current.status,
          portal: change.portal ?? current.portal,
          order: change.order ?? current.order,
          error: change.error ?? current.error,
          decisions: change.decision ? [...current.decisions, change.decision] : current.decisions,
          updatedAt: at.toISOString(),
        };
        await kv.set(NS.holds, id, holdRecordSchema.parse(next));
        return next;
      });
    },
  };
}
