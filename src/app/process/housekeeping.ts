import { z } from 'zod';
import { NS } from '../../store/namespaces.js';
import type { Runtime } from '../runtime/runtime.js';

const DAY_MS = 86_400_000;
/** Runs, alerts and delivered messages: a month is plenty for `status`. */
const RECORD_DAYS = 30;
const markSchema = z.object({ at: z.string() });

/**
 * Keeps the store small: drops runs, alerts and finished outbox entries older than a month and
 * seat history older than `history.retentionDays`. At most once a day, whoever runs first:
 * `watch` at its daily summary, or a cron-driven `check` (no daemon ever prunes such a store).
 * Returns whether it pruned.
 */
export async function pruneStoreDaily(
  rt: Pick<Runtime, 'config' | 'repos' | 'kv'>,
  now: Date,
): Promise<boolean> {
  const last = await rt.kv.get(NS.housekeeping, 'pruned', markSchema);
  if (last && now.getTime() - Date.parse(last.at) < DAY_MS) return false;
  const monthAgo = new Date(now.getTime() - RECORD_DAYS * DAY_MS);
  await rt.repos.runs.prune(monthAgo);
  await rt.repos.alerts.prune(monthAgo);
  await rt.repos.outbox.prune(monthAgo);
  await rt.repos.history.prune(new Date(now.getTime() - rt.config.history.retentionDays * DAY_MS));
  await rt.kv.set(NS.housekeeping, 'pruned', { at: now.toISOString() });
  return true;
}
