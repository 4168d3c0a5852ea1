import { ActionRefusedError } from '../../core/errors.js';
import { type Hold, type HoldKind, isUnpaidRegistration } from '../../core/types.js';
import type { OwnedFlowContext } from '../../flow/context.js';
import { holdKindOf } from '../../flow/types.js';
import { holdFailureReason } from '../../i18n/hold-text.js';
import type { HoldRecord } from '../../store/holds.js';
import { enqueueAlert } from '../alerts/alerts.js';
import type { Runtime } from '../runtime/runtime.js';
import { childOf, type HoldEffect, holdRecordBase, linksFor } from './hold-records.js';

/**
 * What the log says a proven hold is, by the flow's hold kind: a seat in the cart, a registration
 * still to be confirmed, an unpaid pre-registration, or one the portal made final when it was taken.
 */
export function heldLogLine(kind: HoldKind, canConfirm: boolean): string {
  if (kind.kind === 'cart') return 'seat held and proven in the cart';
  if (canConfirm) return 'registration made and proven at the portal; approving confirms it there';
  if (isUnpaidRegistration(kind))
    return 'unpaid registration made and proven at the portal; it is cancelled unless paid by its deadline';
  return 'registration made final at the portal and proven there; approving does nothing more at the portal';
}

export type HoldEffectDeps = Pick<Runtime, 'config' | 'flow' | 'repos' | 'logger' | 'now' | 'links'>;

/**
 * Runs one hold effect: flow.hold, then flow.listHolds to prove the seat is in the cart. Only a
 * proven hold is announced as held. The HoldRecord (id = effect id) is written either way, so the
 * next decide() learns the outcome. Safe to run twice (a crash rerun): the flow's hold looks in the
 * cart first, the record is created once and the alert id is fixed. A failure once `cutShort` has
 * aborted (the check's deadline, a stop) is thrown as it is, for the next run to redo.
 */
export async function runHoldEffect(
  rt: HoldEffectDeps,
  effect: HoldEffect,
  ctx: OwnedFlowContext,
  cutShort?: AbortSignal,
): Promise<HoldRecord> {
  const { flow, repos, config } = rt;
  const child = childOf(config, effect.childId);
  const existing = await repos.holds.get(effect.id);
  if (existing && existing.status !== 'held') return existing;
  const base = holdRecordBase(effect, rt.now());
  const who = { id: child.id, name: child.name };
  let made: Hold | undefined;
  try {
    if (!flow.hold || !flow.listHolds) {
      throw new ActionRefusedError(`flow ${flow.name} cannot hold seats`, 'unsupported');
    }
    made = await flow.hold(ctx, { id: effect.courseId }, child);
    const inCart = await flow.listHolds(ctx);
    const proven = inCart.find(
      (h) => h.id === made?.id || (h.courseId === made?.courseId && h.studentId === made?.studentId),
    );
    if (!proven) throw new ActionRefusedError('the hold is not in the cart afterwards', 'unverified');
    const holdKind = holdKindOf(flow);
    const links = linksFor(rt, effect.id, proven, holdKind);
    if (!links) throw new Error('approval links need the config’s approval section');
    if (!existing) await repos.holds.create({ ...base, portal: proven, status: 'held' });
    await enqueueAlert(rt, `hold_made/${effect.id}`, {
      kind: 'hold_made',
      targetId: effect.targetId,
      child: who,
      observation: effect.observation,
      hold: proven,
      ...links,
      holdKind,
    });
    rt.logger.info(
      { hold: effect.id, course: effect.courseId, child: child.id, holdKind: holdKind.kind },
      heldLogLine(holdKind, flow.confirm !== undefined),
    );
    return (await repos.holds.get(effect.id)) as HoldRecord;
  } catch (error) {
    // Cut short by the check's deadline or a stop (issue 26), not refused by the portal: nothing is
    // recorded, given back or announced; the outbox has the effect redone by the next run.
    if (cutShort?.aborted) throw error;
    const reason = holdFailureReason(error, effect.accountId, config.locale);
    rt.logger.warn({ hold: effect.id, course: effect.courseId, err: error }, 'hold failed');
    // A seat that went into the cart but could not be proven or announced is given back rather
    // than left in the cart where nobody can approve it (and where it would look hand-made).
    if (made && flow.release) {
      await flow
        .release(ctx, made)
        .catch((releaseError: unknown) =>
          rt.logger.warn({ hold: effect.id, err: releaseError }, 'could not give back an unproven hold'),
        );
    }
    if (!existing) {
      await repos.holds.create({
        ...base,
        status: 'failed',
        error: reason,
        ...(made ? { portal: made } : {}),
      });
    }
    await enqueueAlert(rt, `hold_failed/${effect.id}`, {
      kind: 'hold_failed',
      targetId: effect.targetId,
      child: who,
      observation: effect.observation,
      reason,
    });
    return (await repos.holds.get(effect.id)) as HoldRecord;
  }
}
