import { z } from 'zod';
import { NS } from './namespaces.js';
import type { KvStore } from './types.js';

export const alertRecordSchema = z.object({
  /** The alert's idempotency key (the effect id). */
  id: z.string(),
  kind: z.string(),
  targetId: z.string().optional(),
  courseId: z.string().optional(),
  accountId: z.string().optional(),
  /** ISO-8601 instant the alert was decided. */
  at: z.string(),
  /** The outbox entry that carries the message (its payload is the Alert itself). */
  outboxId: z.string(),
});
/** One alert in the history (namespace `alerts`, key = id). */
export type AlertRecord = z.infer<typeof alertRecordSchema>;

export interface AlertRepo {
  /** Records an alert once; false when this id is already in the history. */
  add(record: AlertRecord): Promise<boolean>;
  get(id: string): Promise<AlertRecord | undefined>;
  /** Oldest first; only those at or after `since` when given. */
  list(filter?: { since?: Date; targetId?: string; accountId?: string }): Promise<AlertRecord[]>;
  /** Deletes records older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

export function createAlertRepo(kv: KvStore): AlertRepo {
  async function all(): Promise<AlertRecord[]> {
    const rows = await kv.list(NS.alerts, alertRecordSchema);
    return rows.map((r) => r.value).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  }
  return {
    add: (record) => kv.add(NS.alerts, record.id, alertRecordSchema.parse(record)),
    get: (id) => kv.get(NS.alerts, id, alertRecordSchema),
    async list(filter = {}) {
      const since = filter.since?.getTime() ?? Number.NEGATIVE_INFINITY;
      return (await all()).filter(
        (r) =>
          Date.parse(r.at) >= since &&
          (filter.targetId === undefined || r.targetId === filter.targetId) &&
          (filter.accountId === undefined || r.accountId === filter.accountId),
      );
    },
    async prune(before) {
      let removed = 0;
      for (const record of await all()) {
        if (Date.parse(record.at) < before.getTime() && (await kv.delete(NS.alerts, record.id))) removed++;
      }
      return removed;
    },
  };
}
