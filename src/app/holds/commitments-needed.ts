import { z } from 'zod';
import type { Observation } from '../../core/types.js';
import type { HoldRecord } from '../../store/holds.js';
import { NS } from '../../store/namespaces.js';
import type { WatchState } from '../../watch/decide-types.js';
import type { PolicyTarget } from '../../watch/policy.js';
import type { Runtime } from '../runtime/runtime.js';

/** How often the orders are read for an approved hold when nothing else needs them. */
export const RECONCILE_EVERY_MS = 5 * 60_000;

const ordersReadSchema = z.object({ at: z.number() });
const ordersReadKey = (accountId: string) => `orders-read/${accountId}`;

/**
 * Whether this check must read the account's orders and cart (one or two more requests). They change
 * what decide() does only for a course of the account that is open and not yet announced (clashes,
 * "already has it"), or that was announced and has been closed since (it may be announced again), or
 * that an auto-hold target may hold; at the check where an announced course that closed would be
 * said "gone" (bought by hand, it ends without that alert); and for an approved hold whose order the portal
 * may cancel: that one is looked at every RECONCILE_EVERY_MS. Otherwise a check is the one request
 * that reads the seats.
 */
export async function commitmentsNeeded(
  rt: Pick<Runtime, 'config' | 'repos' | 'kv' | 'now'>,
  accountId: string,
  seen: Observation[],
  previous: WatchState | undefined,
  dryRun: boolean,
  /** The store's holds as this check read them (else they are read here). */
  holds?: HoldRecord[],
): Promise<boolean> {
  const open = new Set(seen.filter((o) => o.state === 'open').map((o) => o.courseId));
  const cooldownMs = rt.config.policy.cooldownMinutes * 60_000;
  // decide() runs after every account was read, up to a cycle's time later than this: what may be due
  // by then counts as due now.
  const decidedBy = rt.now().getTime() + rt.config.schedule.cycleTimeoutSeconds * 1000;
  const matters = (target: PolicyTarget, courseId: string): boolean => {
    const was = previous?.targets[target.id]?.courses[courseId];
    if (open.has(courseId)) return target.autoHold || was?.alerted !== true || was.closedSince !== undefined;
    // Closed after an alert: only the check that may say "gone" needs to know it was bought by hand
    // (with no closedSince yet, decide() starts the cool-down now; a zero one is due at once).
    if (was?.alerted !== true) return false;
    const closedAt = was.closedSince === undefined ? rt.now().getTime() : Date.parse(was.closedSince);
    return decidedBy - closedAt >= cooldownMs;
  };
  const needed = rt.config.policy.targets.some(
    (t) => t.accountId === accountId && t.courses.some((courseId) => matters(t, courseId)),
  );
  const approved = holds
    ? holds.filter((h) => h.accountId === accountId && h.status === 'approved')
    : await rt.repos.holds.list({ accountId, status: ['approved'] });
  if (approved.length === 0) return needed;
  const now = rt.now().getTime();
  const last = (await rt.kv.get(NS.state, ordersReadKey(accountId), ordersReadSchema))?.at ?? 0;
  const due = now - last >= RECONCILE_EVERY_MS;
  if ((needed || due) && !dryRun) await rt.kv.set(NS.state, ordersReadKey(accountId), { at: now });
  return needed || due;
}
