import type { Alert } from '../../core/types.js';
import { describeError } from '../../log/logger.js';
import type { Effect } from '../../watch/decide-types.js';
import { enqueueAlert } from '../alerts/alerts.js';
import { type HoldEffectDeps, runHoldEffect } from '../holds/hold-effect.js';
import { type HoldEffect, holdRecordBase } from '../holds/hold-records.js';
import type { Runtime } from '../runtime/runtime.js';
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
 * how many entries it took up.
 */
export async function runEffects(
  rt: HoldEffectDeps & Pick<Runtime, 'withAccount'>,
  sessions: Pick<OpenSessions, 'ctxFor'>,
  hooks: EffectHooks = {},
  interrupted?: AbortSignal,
): Promise<number> {
  let taken = 0;
  for (const entry of await rt.repos.outbox.due('effect', rt.now())) {
    // Stopped by us: what has not started stays due in the outbox for the next run.
    if (interrupted?.aborted) return taken;
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
      if (ctx) await runHoldEffect(rt, effect, ctx);
      else
        await rt.withAccount(effect.accountId, (c) => runHoldEffect(rt, effect, c), undefined, {
          save: true,
        });
      await rt.repos.outbox.done(entry.id, rt.now());
    } catch (error) {
      rt.logger.error({ effect: entry.id, err: error }, 'effect failed');
      await rt.repos.outbox.fail(entry.id, describeError(error, rt.config.secrets));
    }
  }
  return taken;
}
