import { z } from 'zod';
import type { Actor, DecideResult, HoldDecider, HoldView } from '../approve/types.js';
import { ActionRefusedError } from '../core/errors.js';
import type { Alert, Child, Hold, Observation } from '../core/types.js';
import type { OwnedFlowContext } from '../flow/context.js';
import { catalogue } from '../i18n/catalogue.js';
import { decidedBy, holdFailureReason } from '../i18n/hold-text.js';
import type { HoldRecord } from '../store/holds.js';
import type { Effect } from '../watch/decide-types.js';
import type { Runtime } from './runtime.js';

/** Without an expiry from the portal, assume its usual hold time. */
const DEFAULT_HOLD_MINUTES = 15;
/** Claims of a decision in progress or made (namespace `hold-claims`, key = hold id). */
const CLAIMS = 'hold-claims';

export type HoldEffect = Extract<Effect, { type: 'hold' }>;

export async function enqueueAlert(rt: Runtime, id: string, alert: Alert): Promise<boolean> {
  const at = rt.now().toISOString();
  const fresh = await rt.repos.outbox.enqueue({ id, lane: 'message', payload: alert, createdAt: at });
  if (fresh) {
    await rt.repos.alerts.add({
      id,
      kind: alert.kind,
      at,
      outboxId: id,
      ...('targetId' in alert ? { targetId: alert.targetId } : {}),
      ...('observation' in alert ? { courseId: alert.observation.courseId } : {}),
      ...('accountId' in alert ? { accountId: alert.accountId } : {}),
    });
  }
  return fresh;
}

function childOf(rt: Runtime, childId: string): Child {
  const child = rt.config.children.find((c) => c.id === childId);
  if (!child) throw new Error(`hold for unknown child "${childId}" (was the config changed?)`);
  return child;
}

/** The observation a hold was made for, as last seen (for messages). */
async function observationFor(rt: Runtime, record: HoldRecord): Promise<Observation> {
  const last = await rt.repos.observations.get(record.courseId);
  return (
    last?.observation ?? {
      courseId: record.courseId,
      title: record.title ?? record.courseId,
      seats: null,
      state: 'open',
      url: `${rt.config.portal.baseUrl}`,
      ...(record.schedule ? { schedule: record.schedule } : {}),
    }
  );
}

function expiryOf(hold: Hold): Date {
  return hold.expiresAt
    ? new Date(hold.expiresAt)
    : new Date(Date.parse(hold.heldAt) + DEFAULT_HOLD_MINUTES * 60_000);
}

/** The fields of the HoldRecord a hold effect writes, whatever its outcome. */
export function holdRecordBase(effect: HoldEffect, now: Date) {
  return {
    id: effect.id,
    accountId: effect.accountId,
    targetId: effect.targetId,
    childId: effect.childId,
    courseId: effect.courseId,
    title: effect.observation.title,
    ...(effect.observation.schedule ? { schedule: effect.observation.schedule } : {}),
    createdAt: now.toISOString(),
  };
}

/**
 * Runs one hold effect: flow.hold, then flow.listHolds to prove the seat is in the cart. Only a
 * proven hold is announced as held. The HoldRecord (id = effect id) is written either way, so the
 * next decide() learns the outcome. Safe to run twice (a crash rerun): the flow's hold looks in the
 * cart first, the record is created once and the alert id is fixed.
 */
export async function runHoldEffect(
  rt: Runtime,
  effect: HoldEffect,
  ctx: OwnedFlowContext,
): Promise<HoldRecord> {
  const { flow, repos, config } = rt;
  const child = childOf(rt, effect.childId);
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
    const links = rt.links(effect.id, expiryOf(proven));
    if (!links) throw new Error('approval links need the config’s approval section');
    if (!existing) await repos.holds.create({ ...base, portal: proven, status: 'held' });
    await enqueueAlert(rt, `hold_made/${effect.id}`, {
      kind: 'hold_made',
      targetId: effect.targetId,
      child: who,
      observation: effect.observation,
      hold: proven,
      ...links,
    });
    rt.logger.info(
      { hold: effect.id, course: effect.courseId, child: child.id },
      'seat held and proven in the cart',
    );
    return (await repos.holds.get(effect.id)) as HoldRecord;
  } catch (error) {
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

async function viewOf(rt: Runtime, record: HoldRecord): Promise<HoldView | undefined> {
  if (!record.portal) return undefined;
  const child = childOf(rt, record.childId);
  const last = record.decisions.at(-1);
  return {
    holdId: record.id,
    child: { id: child.id, name: child.name },
    observation: await observationFor(rt, record),
    hold: record.portal,
    status: record.status,
    ...(last ? { decidedBy: last.by, decidedAt: last.at } : {}),
    ...(record.order ? { order: record.order } : {}),
  };
}

/** How long a decision that lost the race for a hold waits to learn how the winner ended. */
const OTHER_DECISION_WAIT_MS = 30_000;
const OTHER_DECISION_POLL_MS = 150;
const claimSchema = z.object({ action: z.string(), at: z.string().optional() });
/** A claim older than this was left by a process that died mid-decision: it no longer counts. */
const STALE_CLAIM_MS = 10 * 60_000;

/**
 * Claims a hold for one decision (atomic across processes). A claim left behind by a crash, a
 * kill or a stop timeout would block the hold (and its target) forever, so an old one is taken
 * over; the flows' confirm/release are idempotent, so redoing a half-done step is safe.
 */
async function claim(rt: Runtime, holdId: string, value: { action: string; at: string; via?: string }) {
  if (await rt.kv.add(CLAIMS, holdId, value)) return true;
  const existing = await rt.kv.get(CLAIMS, holdId, claimSchema);
  const age = existing?.at ? rt.now().getTime() - Date.parse(existing.at) : Number.POSITIVE_INFINITY;
  if (existing && age < STALE_CLAIM_MS) return false;
  rt.logger.warn(
    { hold: holdId, claim: existing?.action },
    'taking over a stale hold claim left by an interrupted decision',
  );
  await rt.kv.delete(CLAIMS, holdId);
  return rt.kv.add(CLAIMS, holdId, value);
}

/**
 * Another decision (a second tap, the other link, the terminal, the expiry sweep) holds the claim:
 * wait for it, so the parent is told how the hold ended rather than "already decided" while it is
 * still pending. If it fails at the portal it gives the claim back and the seat stays held: this one
 * then failed too (and the approval server gives its link back). Waits by wall time, as a test's
 * runtime clock may stand still.
 */
async function awaitOtherDecision(rt: Runtime, holdId: string, seen: HoldView): Promise<DecideResult> {
  const deadline = Date.now() + OTHER_DECISION_WAIT_MS;
  for (;;) {
    const record = await rt.repos.holds.get(holdId);
    const view = record ? await viewOf(rt, record) : undefined;
    if (!record || !view) return { outcome: 'already', view: seen };
    if (record.status !== 'held') return { outcome: 'already', view };
    if (!(await rt.kv.get(CLAIMS, holdId, claimSchema))) {
      const detail = catalogue(rt.config.locale).hold.concurrentFailed;
      return { outcome: 'failed', view, detail };
    }
    if (Date.now() >= deadline) return { outcome: 'already', view };
    await new Promise((resolve) => setTimeout(resolve, OTHER_DECISION_POLL_MS));
  }
}

export type DecisionActor = Actor | { via: 'cli'; ip?: string; userAgent?: string };

/**
 * Approve (flow.confirm → order pending payment) or release (flow.release) a hold, at most once.
 * A claim written with the store's atomic add() makes a double tap, two parents, or the terminal and
 * a link racing end in one decision; a claim is given back only when the portal step failed.
 */
export function createHoldDecider(rt: Runtime): HoldDecider & {
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
      if (expiryOf(record.portal).getTime() <= now.getTime()) return { outcome: 'expired', view };
      const claimed = await claim(rt, holdId, { action, at: now.toISOString(), via: who.via });
      if (!claimed) return awaitOtherDecision(rt, holdId, view);
      const by = decidedBy(who, rt.config.locale);
      const decision = {
        action,
        by,
        at: now.toISOString(),
        ...(who.ip ? { ip: who.ip } : {}),
        ...(who.userAgent ? { userAgent: who.userAgent } : {}),
      };
      const portalHold = record.portal;
      try {
        const updated = await rt.withAccount(record.accountId, async (ctx) => {
          if (action === 'approve') {
            if (!rt.flow.confirm)
              throw new ActionRefusedError(`flow ${rt.flow.name} cannot submit orders`, 'unsupported');
            const order = await rt.flow.confirm(ctx, portalHold);
            return rt.repos.holds.update(holdId, { status: 'approved', order, decision }, rt.now());
          }
          if (!rt.flow.release)
            throw new ActionRefusedError(`flow ${rt.flow.name} cannot release holds`, 'unsupported');
          await rt.flow.release(ctx, portalHold);
          return rt.repos.holds.update(holdId, { status: 'released', decision }, rt.now());
        });
        const after = (await viewOf(rt, updated))!;
        await enqueueAlert(rt, `hold_result/${holdId}`, {
          kind: 'hold_result',
          child: after.child,
          observation: after.observation,
          hold: portalHold,
          outcome: action === 'approve' ? 'approved' : 'released',
          ...(updated.order ? { order: updated.order } : {}),
          by,
        });
        rt.logger.info({ hold: holdId, action, by }, 'hold decided');
        return { outcome: action === 'approve' ? 'approved' : 'released', view: after };
      } catch (error) {
        await rt.kv.delete(CLAIMS, holdId);
        rt.logger.warn({ hold: holdId, action, err: error }, 'hold decision failed at the portal');
        return {
          outcome: 'failed',
          view,
          detail: holdFailureReason(error, record.accountId, rt.config.locale),
        };
      }
    },
  };
}

/**
 * Before an unapproved hold runs out: a reminder; once it has run out: release it at the portal
 * (best effort: the portal gives it back by itself anyway) and say so. Alert ids make both once-only.
 */
export async function sweepHolds(rt: Runtime, ctxFor?: (accountId: string) => OwnedFlowContext | undefined) {
  const now = rt.now().getTime();
  const reminderMs = rt.config.policy.holdReminderMinutes * 60_000;
  for (const record of await rt.repos.holds.list({ status: ['held'] })) {
    if (!record.portal) continue;
    const view = await viewOf(rt, record);
    if (!view) continue;
    const expires = expiryOf(record.portal).getTime();
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
        else await rt.withAccount(record.accountId, release);
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
      });
    } else if (now >= expires - reminderMs) {
      const links = rt.links(record.id, new Date(expires));
      if (!links) continue;
      await enqueueAlert(rt, `hold_reminder/${record.id}`, {
        kind: 'hold_reminder',
        child: view.child,
        observation: view.observation,
        hold: record.portal,
        ...links,
      });
    }
  }
}
