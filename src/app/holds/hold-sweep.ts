import type { OwnedFlowContext } from '../../flow/context.js';
import { holdKindOf } from '../../flow/types.js';
import type { HoldRecord } from '../../store/holds.js';
import { enqueueAlert } from '../alerts/alerts.js';
import type { Runtime } from '../runtime/runtime.js';
import { untilDeadline } from '../runtime/time-box.js';
import { claim, expiryOf, linksFor, viewOf } from './hold-records.js';

export type SweepDeps = Pick<
  Runtime,
  'config' | 'repos' | 'kv' | 'flow' | 'logger' | 'now' | 'links' | 'withAccount'
>;

/**
 * Before an unapproved hold runs out: a reminder; once it has run out: release it at the portal
 * (best effort: the portal gives it back by itself anyway) and say so. Alert ids make both once-only.
 * With a `signal` (the check's deadline, a stop): no hold is taken up once it has aborted (the next
 * sweep does), and a release at the portal is given up `DEADLINE_GRACE_MS` after it, whatever the
 * flow awaits; a hold claimed is still recorded expired and told.
 */
export async function sweepHolds(
  rt: SweepDeps,
  ctxFor?: (accountId: string) => OwnedFlowContext | undefined,
  /** The store's holds as the calling check just read them (else they are read here). */
  holds?: HoldRecord[],
  signal?: AbortSignal,
): Promise<void> {
  const now = rt.now().getTime();
  const reminderMs = rt.config.policy.holdReminderMinutes * 60_000;
  const holdKind = holdKindOf(rt.flow);
  const held = holds
    ? holds.filter((h) => h.status === 'held')
    : await rt.repos.holds.list({ status: ['held'] });
  for (const record of held) {
    if (signal?.aborted) return;
    if (!record.portal) continue;
    const expiry = expiryOf(record.portal, holdKind);
    // A hold the portal keeps until someone decides is neither reminded of nor swept.
    if (!expiry) continue;
    const view = await viewOf(rt, record);
    // Stryker disable next-line ConditionalExpression: viewOf() is undefined only without record.portal, skipped above
    if (!view) continue;
    const expires = expiry.getTime();
    if (now >= expires) {
      const claimed = await claim(rt, record.id, {
        action: 'expire',
        at: new Date(now).toISOString(),
      });
      if (!claimed) continue;
      const release = async (ctx: OwnedFlowContext) => rt.flow.release?.(ctx, record.portal!);
      try {
        const open = ctxFor?.(record.accountId);
        const released = open
          ? release(open)
          : rt.withAccount(record.accountId, release, signal, { save: true });
        await (signal
          ? untilDeadline(signal, released, `releasing the expired hold ${record.id}`)
          : released);
      } catch (error) {
        rt.logger.warn({ hold: record.id, err: error }, 'could not release an expired hold; the portal will');
      }
      await rt.repos.holds.update(record.id, { status: 'expired' }, rt.now());
      await enqueueAlert(rt, `hold_result/${record.id}`, {
        kind: 'hold_result',
        child: view.child,
        observation: view.observation,
        hold: record.portal,
        outcome: 'expired',
        holdKind,
      });
    } else if (now >= remindAt(record.portal.heldAt, expires, reminderMs)) {
      const links = linksFor(rt, record.id, record.portal, holdKind);
      if (!links) continue;
      await enqueueAlert(rt, `hold_reminder/${record.id}`, {
        kind: 'hold_reminder',
        child: view.child,
        observation: view.observation,
        hold: record.portal,
        ...links,
        holdKind,
      });
    }
  }
}

/**
 * When to remind: `reminderMs` before the end, but never before half-way through the hold — a hold
 * shorter than the reminder window would otherwise be "almost over" in the second it is announced.
 */
export function remindAt(heldAt: string, expires: number, reminderMs: number): number {
  const made = Date.parse(heldAt);
  const window = expires - reminderMs;
  return Number.isNaN(made) ? window : Math.max(window, made + (expires - made) / 2);
}
