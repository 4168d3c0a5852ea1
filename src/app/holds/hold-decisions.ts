import { setTimeout as sleep } from 'node:timers/promises';
import type { Actor, DecideResult, HoldDecider, HoldView } from '../../approve/types.js';
import { ActionRefusedError } from '../../core/errors.js';
import { holdKindOf } from '../../flow/types.js';
import { catalogue } from '../../i18n/catalogue.js';
import { decidedBy, holdFailureReason } from '../../i18n/hold-text.js';
import { enqueueAlert } from '../alerts/alerts.js';
import type { Runtime } from '../runtime/runtime.js';
import { claim, expiryOf, isClaimed, releaseClaim, viewOf } from './hold-records.js';

export type DecisionDeps = Pick<
  Runtime,
  'config' | 'repos' | 'kv' | 'flow' | 'logger' | 'now' | 'withAccount'
>;

/** How long a decision that lost the race for a hold waits to learn how the winner ended. */
const OTHER_DECISION_WAIT_MS = 30_000;
const OTHER_DECISION_POLL_MS = 150;

/**
 * Another decision (a second tap, the other link, the terminal, the expiry sweep) holds the claim:
 * wait for it, so the parent is told how the hold ended rather than "already decided" while it is
 * still pending. If it fails at the portal it gives the claim back and the seat stays held: this one
 * then failed too (and the approval server gives its link back). The wait is counted in polls, not
 * read from a clock, as a test's runtime clock may stand still.
 */
async function awaitOtherDecision(
  rt: DecisionDeps,
  holdId: string,
  seen: HoldView,
  stopping: AbortSignal | undefined,
): Promise<DecideResult> {
  for (let polls = 0; ; polls++) {
    const record = await rt.repos.holds.get(holdId);
    const view = record ? await viewOf(rt, record) : undefined;
    if (!record || !view) return { outcome: 'already', view: seen };
    if (record.status !== 'held') return { outcome: 'already', view };
    if (!(await isClaimed(rt, holdId))) {
      const detail = catalogue(rt.config.locale).hold.concurrentFailed;
      return { outcome: 'failed', view, detail };
    }
    if (polls * OTHER_DECISION_POLL_MS >= OTHER_DECISION_WAIT_MS) return { outcome: 'already', view };
    // Stopping: this tap did nothing and waits no longer (the other decision ends on its own).
    if (stopping?.aborted) return interrupted(rt, view);
    await sleep(OTHER_DECISION_POLL_MS);
  }
}

export type DecisionActor = Actor | { via: 'cli'; ip?: string; userAgent?: string };

function interrupted(rt: DecisionDeps, view: HoldView): DecideResult {
  return { outcome: 'interrupted', view, detail: catalogue(rt.config.locale).pages.interrupted.body };
}

/**
 * Approve (flow.confirm → order pending payment) or release (flow.release) a hold, at most once.
 * A claim written with the store's atomic add() makes a double tap, two parents, or the terminal and
 * a link racing end in one decision; a claim is given back only when the portal step failed.
 * `stopping` (watch's second stop signal) cuts a decision at a portal that hangs short
 * (`DEADLINE_GRACE_MS` after it aborts, like the hold effects and the sweep): 'interrupted', the
 * claim given back and nothing recorded or told, so the hold stays held for the next tap.
 */
export function createHoldDecider(
  rt: DecisionDeps,
  stopping?: AbortSignal,
): HoldDecider & {
  decide(holdId: string, action: 'approve' | 'release', who: DecisionActor): Promise<DecideResult>;
} {
  return {
    async describe(holdId) {
      const record = await rt.repos.holds.get(holdId);
      return record ? viewOf(rt, record) : undefined;
    },
    async decide(holdId, action, who) {
      const record = await rt.repos.holds.get(holdId);
      const view = record ? await viewOf(rt, record) : undefined;
      if (!record || !view || !record.portal) {
        throw new ActionRefusedError(`no hold "${holdId}" (see: jianlou holds)`, 'not_found');
      }
      if (record.status !== 'held') return { outcome: 'already', view };
      const now = rt.now();
      const holdKind = holdKindOf(rt.flow);
      const expiry = expiryOf(record.portal, holdKind);
      if (expiry && expiry.getTime() <= now.getTime()) return { outcome: 'expired', view };
      const claimed = await claim(rt, holdId, { action, at: now.toISOString(), via: who.via });
      if (!claimed) return awaitOtherDecision(rt, holdId, view, stopping);
      const by = decidedBy(who, rt.config.locale);
      const decision = {
        action,
        by,
        via: who.via,
        at: now.toISOString(),
        ...(who.ip ? { ip: who.ip } : {}),
        ...(who.userAgent ? { userAgent: who.userAgent } : {}),
      };
      const portalHold = record.portal;
      try {
        const updated = await rt.withAccount(
          record.accountId,
          async (ctx) => {
            if (action === 'approve') {
              // A registration is itself the seat: keeping it is the approval, there is no order to submit.
              if (!rt.flow.confirm && holdKind.kind === 'registration') {
                return rt.repos.holds.update(holdId, { status: 'approved', decision }, rt.now());
              }
              if (!rt.flow.confirm)
                throw new ActionRefusedError(`flow ${rt.flow.name} cannot submit orders`, 'unsupported');
              const order = await rt.flow.confirm(ctx, portalHold);
              return rt.repos.holds.update(holdId, { status: 'approved', order, decision }, rt.now());
            }
            if (!rt.flow.release || !holdKind.release)
              throw new ActionRefusedError(`flow ${rt.flow.name} cannot release holds`, 'unsupported');
            await rt.flow.release(ctx, portalHold);
            return rt.repos.holds.update(holdId, { status: 'released', decision }, rt.now());
          },
          stopping,
          // The decision may change what the browser keeps (a cart in localStorage, a new cookie).
          { save: true },
        );
        const after = (await viewOf(rt, updated))!;
        await enqueueAlert(rt, `hold_result/${holdId}`, {
          kind: 'hold_result',
          child: after.child,
          observation: after.observation,
          hold: portalHold,
          outcome: action === 'approve' ? 'approved' : 'released',
          ...(updated.order ? { order: updated.order } : {}),
          by,
          holdKind,
        });
        rt.logger.info({ hold: holdId, action, by }, 'hold decided');
        return { outcome: action === 'approve' ? 'approved' : 'released', view: after };
      } catch (error) {
        await releaseClaim(rt, holdId);
        // Cut off by the stop, not refused by the portal: neither recorded nor told as a failure.
        if (stopping?.aborted) {
          rt.logger.warn(
            { hold: holdId, action, err: error },
            'hold decision cut short by a stop; still held',
          );
          return interrupted(rt, view);
        }
        rt.logger.warn({ hold: holdId, action, err: error }, 'hold decision failed at the portal');
        const detail = holdFailureReason(error, record.accountId, rt.config.locale);
        // The group hears it too: whoever tapped may not be the parent who reads the group. A step
        // the flow does not have (no release) did nothing anywhere: the page or terminal says so.
        const unsupported = error instanceof ActionRefusedError && error.reason === 'unsupported';
        if (!unsupported)
          await enqueueAlert(rt, `hold_result/${holdId}/failed/${now.toISOString()}`, {
            kind: 'hold_result',
            child: view.child,
            observation: view.observation,
            hold: portalHold,
            outcome: 'failed',
            by,
            detail,
            holdKind,
            action,
            refused: error instanceof ActionRefusedError,
          });
        return { outcome: 'failed', view, detail };
      }
    },
  };
}
