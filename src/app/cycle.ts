import pRetry from 'p-retry';
import { z } from 'zod';
import { saveSession } from '../browser/session.js';
import {
  CaptchaRequiredError,
  isTransient,
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../core/errors.js';
import type { Observation, Order } from '../core/types.js';
import type { OwnedFlowContext } from '../flow/context.js';
import { canFinish, signalWithDeadline } from '../flow/deadline.js';
import { describeError } from '../log/logger.js';
import { NS } from '../store/namespaces.js';
import type { RunOutcome } from '../store/runs.js';
import { decide, type Effect, emptyWatchState } from '../watch/decide.js';
import type { AccountResult, Commitment } from '../watch/decide-types.js';
import { enqueueAlert, type HoldEffect, holdRecordBase, runHoldEffect, sweepHolds } from './holds.js';
import { policyFromConfig } from './policy.js';
import type { AccountSession, Runtime } from './runtime.js';

export interface AccountReport {
  accountId: string;
  outcome: RunOutcome;
  durationMs: number;
  courses: string[];
  detail?: string;
  retryAfterMs?: number;
}

export interface CycleResult {
  startedAt: string;
  durationMs: number;
  accounts: AccountReport[];
  observations: Observation[];
  /** What decide() asked for (in dry-run: what would have been done). */
  effects: Effect[];
  /** The largest Retry-After a portal asked for, if any. */
  rateLimitedMs?: number;
}

export interface CycleOptions {
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Test hook: stop the process right after an effect is marked running (crash simulation). */
  crashAfterEffectStart?: boolean;
}

function outcomeOf(error: unknown): { outcome: RunOutcome; problem?: AccountResult & { ok: false } } {
  return error instanceof SessionExpiredError
    ? { outcome: 'session_expired' }
    : error instanceof PortalChangedError
      ? { outcome: 'portal_changed' }
      : error instanceof RateLimitedError
        ? { outcome: 'rate_limited' }
        : error instanceof PortalUnavailableError
          ? { outcome: 'unavailable' }
          : { outcome: 'error' };
}

const PROBLEM: Partial<
  Record<RunOutcome, 'session_expired' | 'portal_changed' | 'portal_unavailable' | 'rate_limited'>
> = {
  session_expired: 'session_expired',
  portal_changed: 'portal_changed',
  rate_limited: 'rate_limited',
  unavailable: 'portal_unavailable',
  error: 'portal_unavailable',
};

const RATE_PAUSE_KEY = 'rate-pause';
/** A queued hold older than this is not run (see runEffects). */
const STALE_HOLD_MS = 10 * 60_000;
const ratePauseSchema = z.object({ until: z.number() });

/** Course ids of every target of every child of one account, deduplicated, in config order. */
export function coursesOf(rt: Runtime, accountId: string): string[] {
  const children = new Set(rt.config.children.filter((c) => c.account === accountId).map((c) => c.id));
  return [...new Set(rt.config.targets.filter((t) => children.has(t.child)).flatMap((t) => t.courses))];
}

/**
 * One check cycle: each account in turn (a fresh context from its saved session), observe its
 * courses in one batch, then decide, write the effects to the outbox, save the state, and run the
 * hold effects while the account's context is still open. One account failing never stops the rest.
 */
export async function runCycle(rt: Runtime, options: CycleOptions = {}): Promise<CycleResult> {
  const started = rt.now();
  const signal = signalWithDeadline(rt.config.schedule.cycleTimeoutSeconds * 1000, options.signal);
  const accounts: AccountReport[] = [];
  const results: AccountResult[] = [];
  const observations: Observation[] = [];
  const commitments: Commitment[] = [];
  const accountIds = rt.config.accounts.map((a) => a.id).filter((id) => coursesOf(rt, id).length > 0);
  const previous = (await rt.watchState.load()) ?? emptyWatchState(started);
  let decided: Effect[] = [];

  // Contexts stay open until the effects ran, so a hold uses the session that just saw the seat.
  const open = new Map<string, OwnedFlowContext>();
  const sessions: AccountSession[] = [];

  // A portal that said "slow down" is left alone until its Retry-After has passed, across runs
  // (cron and serverless checks are separate processes), and for every account (one portal).
  let pausedUntil = (await rt.kv.get(NS.state, RATE_PAUSE_KEY, ratePauseSchema))?.until ?? 0;

  try {
    for (const accountId of accountIds) {
      const courses = coursesOf(rt, accountId);
      const t0 = Date.now();
      let report: AccountReport;
      const waitMs = pausedUntil - rt.now().getTime();
      if (waitMs > 0) {
        const detail = `the portal asked us to wait; next check after ${new Date(pausedUntil).toISOString()}`;
        results.push({ accountId, ok: false, problem: 'rate_limited', detail });
        accounts.push({
          accountId,
          outcome: 'rate_limited',
          durationMs: 0,
          courses,
          detail,
          retryAfterMs: waitMs,
        });
        continue;
      }
      let session: AccountSession | undefined;
      try {
        session = await rt.openAccount(accountId, signal);
        sessions.push(session);
        const ctx = session.ctx;
        open.set(accountId, ctx);
        let attemptStarted = Date.now();
        const seen = await pRetry(
          () => {
            attemptStarted = Date.now();
            return rt.flow.observe(
              ctx,
              courses.map((id) => ({ id })),
            );
          },
          {
            retries: 2,
            minTimeout: 500,
            factor: 3,
            signal,
            // A retry that cannot finish before the cycle's deadline only turns "unavailable" into
            // "timed out" and spends the time the other accounts need.
            shouldRetry: ({ error, attemptNumber }) =>
              isTransient(error) &&
              !signal.aborted &&
              canFinish(signal, Date.now() - attemptStarted, 500 * 3 ** (attemptNumber - 1)),
          },
        );
        if (!options.dryRun) {
          // What was seen is true even if saving it fails (a full disk): say so, keep the reading.
          try {
            await saveSession(ctx.context, rt.config.accounts.find((a) => a.id === accountId)!.storageState!);
            await rt.repos.observations.save(accountId, seen, rt.now());
          } catch (error) {
            rt.logger.error({ account: accountId, err: error }, 'could not save the session or observations');
          }
        }
        commitments.push(...(await readCommitments(rt, ctx, accountId, seen, options.dryRun === true)));
        observations.push(...seen);
        results.push({ accountId, ok: true, observations: seen });
        report = { accountId, outcome: 'ok', durationMs: Date.now() - t0, courses };
      } catch (error) {
        open.delete(accountId);
        session?.markFailed();
        const { outcome } = outcomeOf(error);
        const detail = describeError(error, rt.config.secrets);
        results.push({ accountId, ok: false, problem: PROBLEM[outcome] ?? 'portal_unavailable', detail });
        report = {
          accountId,
          outcome,
          durationMs: Date.now() - t0,
          courses,
          detail,
          ...(error instanceof RateLimitedError ? { retryAfterMs: error.retryAfterMs } : {}),
        };
        if (error instanceof RateLimitedError) {
          pausedUntil = rt.now().getTime() + error.retryAfterMs;
          if (!options.dryRun) {
            await rt.kv.set(NS.state, RATE_PAUSE_KEY, { until: pausedUntil });
          }
        }
        const log = error instanceof CaptchaRequiredError || outcome !== 'error' ? 'warn' : 'error';
        rt.logger[log]({ account: accountId, outcome, err: error }, 'check failed for account');
      }
      accounts.push(report);
      if (!options.dryRun) {
        await rt.repos.runs.add({
          accountId,
          startedAt: new Date(Date.now() - report.durationMs).toISOString(),
          durationMs: report.durationMs,
          outcome: report.outcome,
          courses,
          ...(report.detail ? { detail: report.detail } : {}),
        });
      }
    }

    const holds = await rt.repos.holds.list();
    const policy = policyFromConfig(rt.config, { dryRun: options.dryRun === true });
    const decision = decide(previous, { accounts: results, holds, commitments }, policy, rt.now());
    decided = decision.effects;

    if (!options.dryRun) {
      // Outbox first, then the state: a crash in between re-decides the same ids, which dedupe.
      for (const effect of decision.effects) {
        if (effect.type === 'alert') await enqueueAlert(rt, effect.id, effect.alert);
        else {
          await rt.repos.outbox.enqueue({
            id: effect.id,
            lane: 'effect',
            payload: effect,
            createdAt: rt.now().toISOString(),
          });
        }
      }
      await rt.watchState.save(decision.state);
      await runEffects(rt, open, options);
      await sweepHolds(rt, (id) => open.get(id));
    }
  } finally {
    await Promise.all(sessions.map((s) => s.dispose()));
  }

  const limited = accounts.flatMap((a) => (a.retryAfterMs !== undefined ? [a.retryAfterMs] : []));
  return {
    startedAt: started.toISOString(),
    durationMs: rt.now().getTime() - started.getTime(),
    accounts,
    observations,
    effects: decided,
    ...(limited.length > 0 ? { rateLimitedMs: Math.max(...limited) } : {}),
  };
}

/** The children's orders and hand-made cart items, for "already has it" and clash checks. */
async function readCommitments(
  rt: Runtime,
  ctx: OwnedFlowContext,
  accountId: string,
  seen: Observation[],
  dryRun: boolean,
): Promise<Commitment[]> {
  const byStudent = new Map(
    rt.config.children.filter((c) => c.account === accountId).map((c) => [c.studentId, c]),
  );
  const known = new Map(seen.map((o) => [o.courseId, o]));
  const ours = new Set(
    (await rt.repos.holds.list({ accountId })).flatMap((h) => (h.portal ? [h.portal.id] : [])),
  );
  const out: Commitment[] = [];
  const add = async (studentId: string, courseId: string, kind: 'order' | 'hold') => {
    const child = byStudent.get(studentId);
    if (!child) return;
    const obs = known.get(courseId) ?? (await rt.repos.observations.get(courseId))?.observation;
    out.push({
      childId: child.id,
      courseId,
      kind,
      ...(obs?.title ? { title: obs.title } : {}),
      ...(obs?.schedule ? { schedule: obs.schedule } : {}),
    });
  };
  try {
    const allOrders = rt.flow.listOrders ? await rt.flow.listOrders(ctx) : undefined;
    if (allOrders && !dryRun) await reconcileOrders(rt, accountId, allOrders);
    const orders = (allOrders ?? []).filter((o) => o.status !== 'cancelled');
    const carts = rt.flow.listHolds ? (await rt.flow.listHolds(ctx)).filter((h) => !ours.has(h.id)) : [];
    // A course ordered by hand may be one nobody watches: read its schedule too, or it never clashes.
    const unseen: string[] = [];
    for (const courseId of new Set([...orders, ...carts].map((x) => x.courseId))) {
      if (!known.has(courseId) && !(await rt.repos.observations.get(courseId))) unseen.push(courseId);
    }
    if (unseen.length > 0) {
      const extra = await rt.flow
        .observe(
          ctx,
          unseen.map((id) => ({ id })),
        )
        .catch((error: unknown) => {
          rt.logger.warn(
            { account: accountId, err: error },
            'could not read ordered courses for clash checks',
          );
          return [];
        });
      for (const o of extra) known.set(o.courseId, o);
    }
    for (const order of orders) await add(order.studentId, order.courseId, 'order');
    for (const hold of carts) await add(hold.studentId, hold.courseId, 'hold');
  } catch (error) {
    rt.logger.warn({ account: accountId, err: error }, 'could not read orders/cart for clash checks');
  }
  return out;
}

/**
 * An approved hold whose order the portal has cancelled (the parent did not pay in time) no longer
 * covers its target: mark it expired so the target alerts again instead of staying silent forever.
 */
async function reconcileOrders(rt: Runtime, accountId: string, orders: Order[]): Promise<void> {
  const live = new Set(orders.filter((o) => o.status !== 'cancelled').map((o) => o.id));
  for (const hold of await rt.repos.holds.list({ accountId, status: ['approved'] })) {
    if (!hold.order || live.has(hold.order.id)) continue;
    rt.logger.info(
      { hold: hold.id, order: hold.order.id },
      'order cancelled at the portal; the target is watched again',
    );
    await rt.repos.holds.update(
      hold.id,
      { status: 'expired', error: 'order cancelled at the portal' },
      rt.now(),
    );
  }
}

/** Runs due effects of the 'effect' lane (holds), each marked running first and done after. */
async function runEffects(
  rt: Runtime,
  open: Map<string, OwnedFlowContext>,
  options: CycleOptions,
): Promise<void> {
  for (const entry of await rt.repos.outbox.due('effect', rt.now())) {
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
    if (options.crashAfterEffectStart) {
      rt.logger.warn({ effect: entry.id }, 'crash hook: exiting between starting and finishing an effect');
      process.exit(70);
    }
    try {
      const ctx = open.get(effect.accountId);
      if (ctx) await runHoldEffect(rt, effect, ctx);
      else await rt.withAccount(effect.accountId, (c) => runHoldEffect(rt, effect, c));
      await rt.repos.outbox.done(entry.id, rt.now());
    } catch (error) {
      rt.logger.error({ effect: entry.id, err: error }, 'effect failed');
      await rt.repos.outbox.fail(entry.id, describeError(error, rt.config.secrets));
    }
  }
}
