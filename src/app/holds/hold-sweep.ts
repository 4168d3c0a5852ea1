import type { OwnedFlowContext } from '../../flow/context.js';
import { holdKindOf } from '../../flow/types.js';
import type { HoldRecord } from '../../store/holds.js';
import { enqueueAlert } from '../alerts/alerts.js';
import type { Runtime } from '../runtime/runtime.js';
import { claim, expiryOf, linksFor, viewOf } from './hold-records.js';

export type SweepDeps = Pick<
  Runtime,
  'config' | 'repos' | 'kv' | 'flow' | 'logger' | 'now' | 'links' | 'withAccount'
>;

/**
 * Before an unapproved hold runs out: a reminder; once it has run out: release it at the portal
 * (best effort: the portal gives it back by itself anyway) and say so. Alert ids make both once-only.
 */
export async function sweepHolds(
  rt: SweepDeps,
  ctxFor?: (accountId: string) => OwnedFlowContext | undefined,
  /** The store's holds as the calling check just read them (else they are read here). */
  holds?: HoldRecord[],
): Promise<void> {
  const now = rt.now().getTime();
  const reminderMs = rt.config.policy.holdReminderMinutes * 60_000;
  const holdKind = holdKindOf(rt.flow);
  const held = holds
    ? holds.filter((h) => h.status === 'held')
    : await rt.repos.holds.list({ status: ['held'] });
  for (const record of held) {
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
        if (open) await release(open);
        else await rt.withAccount(record.accountId, release, undefined, { save: true });
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
    } else if (now >= expires - reminderMs) {
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
