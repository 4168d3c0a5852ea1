import type { Alert } from '../../core/types.js';
import { describeError } from '../../log/logger.js';
import type { Effect } from '../../watch/decide-types.js';
import { enqueueAlert } from '../alerts/alerts.js';
import { type HoldEffectDeps, runHoldEffect } from '../holds/hold-effect.js';
import { type HoldEffect, holdRecordBase } from '../holds/hold-records.js';
import type { Runtime } from '../runtime/runtime.js';
import { untilDeadline } from '../runtime/time-box.js';
import type { OpenSessions } from './observe.js';

/** A queued hold older than this is not run (see runEffects). */
const STALE_HOLD_MS = 10 * 60_000;

export interface EffectHooks {
  /**
   * Called right after an effect is marked running, before it runs. Only the crash test sets it
   * (to stop the process there); production code never does.
   */
  onEffectStarted?(effectId: string): void;
}

/**
 * Writes decide()'s effects to the outbox: alerts to the message lane (with their history record),
 * holds to the effect lane. Ids are fixed by decide(), so writing the same effect twice is a no-op.
 */
export async function writeOutbox(
  rt: Pick<Runtime, 'repos' | 'now'> & Partial<Pick<Runtime, 'loginLink'>>,
  effects: Effect[],
): Promise<void> {
  for (const effect of effects) {
    if (effect.type === 'alert') await enqueueAlert(rt, effect.id, withLoginLink(rt, effect.alert));
    else {
      await rt.repos.outbox.enqueue({
        id: effect.id,
        lane: 'effect',
        payload: effect,
        createdAt: rt.now().toISOString(),
      });
    }
  }
}

/** An expired session's alert carries the link to log in again from the phone (issue 15). */
function withLoginLink(rt: Partial<Pick<Runtime, 'loginLink'>>, alert: Alert): Alert {
  if (alert.kind !== 'problem' || alert.problem !== 'session_expired' || alert.loginUrl) return alert;
  const loginUrl = rt.loginLink?.(alert.accountId);
  return loginUrl ? { ...alert, loginUrl } : alert;
}

/**
 * Runs due effects of the 'effect' lane (holds), each marked running first and done after; returns
 * how many entries it took up. `signal` is the check's (its deadline, or a stop that cuts the check
 * short): an effect not started by then stays due; one under way is given up `DEADLINE_GRACE_MS`
 * later, whatever its flow step awaits, and is due again for the next run, once (the outbox's crash
 * rule: the hold's flow looks in the cart first, its record and alert ids are fixed).
 */
export async function runEffects(
  rt: HoldEffectDeps & Pick<Runtime, 'withAccount'>,
  sessions: Pick<OpenSessions, 'ctxFor'>,
  hooks: EffectHooks = {},
  signal?: AbortSignal,
): Promise<number> {
  let taken = 0;
  for (const entry of await rt.repos.outbox.due('effect', rt.now())) {
    // Stopped or out of time: what has not started stays due in the outbox for the next run.
    if (signal?.aborted) return taken;
    taken += 1;
    const effect = entry.payload as HoldEffect;
    if (effect?.type !== 'hold') {
      await rt.repos.outbox.fail(entry.id, 'unknown effect type');
      continue;
    }
    // A hold decided long ago (the process was down) acts on a stale reading: drop it; the next
    // cycle decides afresh from what the portal shows now.
    if (rt.now().getTime() - Date.parse(entry.createdAt) > STALE_HOLD_MS) {
      await rt.repos.outbox.fail(entry.id, 'stale: decided too long ago');
      await rt.repos.holds.create({
        ...holdRecordBase(effect, rt.now()),
        status: 'failed',
        error: 'not tried: decided too long ago',
      });
      continue;
    }
    await rt.repos.outbox.start(entry.id, rt.now());
    hooks.onEffectStarted?.(entry.id);
    try {
      const ctx = sessions.ctxFor(effect.accountId);
      const run = ctx
        ? runHoldEffect(rt, effect, ctx, signal)
        : rt.withAccount(effect.accountId, (c) => runHoldEffect(rt, effect, c, signal), signal, {
            save: true,
          });
      await (signal ? untilDeadline(signal, run, `the hold effect ${entry.id}`) : run);
      await rt.repos.outbox.done(entry.id, rt.now());
    } catch (error) {
      if (signal?.aborted) {
        // Cut short by us, not refused by the portal: left half-done for the next run to redo.
        const status = await rt.repos.outbox.interrupted(entry.id, describeError(error, rt.config.secrets));
        rt.logger.warn(
          { effect: entry.id, err: error, status },
          status === 'pending'
            ? "hold effect given up (the check's deadline or a stop): the next run redoes it"
            : 'hold effect given up a second time: not redone',
        );
        return taken;
      }
      rt.logger.error({ effect: entry.id, err: error }, 'effect failed');
      await rt.repos.outbox.fail(entry.id, describeError(error, rt.config.secrets));
    }
  }
  return taken;
}
