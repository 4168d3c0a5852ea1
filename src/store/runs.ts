import { z } from 'zod';
import { NS } from './namespaces.js';
import type { KvStore } from './types.js';

export const runOutcomeSchema = z.enum([
  'ok',
  'session_expired',
  'portal_changed',
  'rate_limited',
  'unavailable',
  'error',
]);
export type RunOutcome = z.infer<typeof runOutcomeSchema>;

export const runRecordSchema = z.object({
  accountId: z.string(),
  /** ISO-8601 instant (UTC, as written by `add`). */
  startedAt: z.string(),
  durationMs: z.number().min(0),
  outcome: runOutcomeSchema,
  /** Course ids checked in this run. */
  courses: z.array(z.string()),
  /** What went wrong, for people (no secrets). */
  detail: z.string().optional(),
  /** HTTP requests the check sent to the portal (absent in records written before issue 17). */
  requests: z.number().int().min(0).optional(),
});
/** One check of one account (namespace `runs`, key = `<account>/<startedAt>`). */
export type RunRecord = z.infer<typeof runRecordSchema>;

export interface RunRepo {
  add(run: RunRecord): Promise<void>;
  /** The newest runs of an account, newest first. */
  recent(accountId: string, limit: number): Promise<RunRecord[]>;
  /** Every account's newest run. */
  latest(): Promise<Map<string, RunRecord>>;
  /** Deletes runs started before `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

export function createRunRepo(kv: KvStore): RunRepo {
  async function all(): Promise<RunRecord[]> {
    const rows = await kv.list(NS.runs, runRecordSchema);
    return rows.map((r) => r.value).sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  }
  const keyOf = (run: RunRecord) => `${run.accountId}/${run.startedAt}`;
  return {
    async add(run) {
      const record = runRecordSchema.parse({ ...run, startedAt: new Date(run.startedAt).toISOString() });
      await kv.set(NS.runs, keyOf(record), record);
    },
    async recent(accountId, limit) {
      return (await all()).filter((r) => r.accountId === accountId).slice(0, limit);
    },
    async latest() {
      const newest = new Map<string, RunRecord>();
      for (const run of await all()) if (!newest.has(run.accountId)) newest.set(run.accountId, run);
      return newest;
    },
    async prune(before) {
      let removed = 0;
      for (const run of await all()) {
        if (Date.parse(run.startedAt) < before.getTime() && (await kv.delete(NS.runs, keyOf(run)))) removed++;
      }
      return removed;
    },
  };
}
