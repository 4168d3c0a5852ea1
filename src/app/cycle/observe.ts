import pRetry from 'p-retry';
import type { LoadedConfig } from '../../config/load.js';
import { isTransient, RateLimitedError, SessionExpiredError } from '../../core/errors.js';
import type { Observation } from '../../core/types.js';
import type { OwnedFlowContext } from '../../flow/context.js';
import { canFinish, signalWithDeadline } from '../../flow/deadline.js';
import { describeError } from '../../log/logger.js';
import type { HoldRecord } from '../../store/holds.js';
import type { RunOutcome } from '../../store/runs.js';
import type { AccountResult, Commitment, WatchState } from '../../watch/decide-types.js';
import { type CommitmentDeps, readCommitments } from '../holds/commitments.js';
import { commitmentsNeeded } from '../holds/commitments-needed.js';
import type { AccountSession, Runtime } from '../runtime/runtime.js';
import { CLEANUP_MS, untilDeadline } from '../runtime/time-box.js';
import { failureOf } from './outcomes.js';

export interface AccountReport {
  accountId: string;
  /** 'interrupted': stopped by us (a second signal), not a failure: nothing is recorded for it. */
  outcome: RunOutcome | 'interrupted';
  durationMs: number;
  courses: string[];
  detail?: string;
  retryAfterMs?: number;
}

/** What one round over the accounts saw: decide()'s input and the per-account reports. */
export interface Observed {
  reports: AccountReport[];
  results: AccountResult[];
  observations: Observation[];
  commitments: Commitment[];
  /** Some account's orders and cart were read (which may have changed hold records). */
  commitmentsRead: boolean;
  /**
   * The check's records (runs, check tallies), written while the cycle goes on: a cycle awaits this
   * before it ends, and it rejects when a write failed.
   */
  written: Promise<void>;
}

export type ObserveDeps = CommitmentDeps & Pick<Runtime, 'kv' | 'openAccount' | 'ratePause'>;

/** Contexts stay open until the effects ran, so a hold uses the session that just saw the seat. */
export interface OpenSessions {
  add(accountId: string, session: AccountSession): void;
  /** The open context of an account whose check succeeded. */
  ctxFor(accountId: string): OwnedFlowContext | undefined;
  /** The check failed: its context is not reused (it is still closed by disposeAll). */
  fail(accountId: string, session: AccountSession | undefined): void;
  /**
   * After the effects: saves what they changed in the browser, for each account whose check
   * succeeded; each save is given up after CLEANUP_MS (a browser that does not answer), and none
   * is started once `stop` aborted (a stop that cuts the check short). What was saved stays saved.
   */
  saveAll(onError: (accountId: string, error: unknown) => void, stop?: AbortSignal): Promise<void>;
  disposeAll(): Promise<void>;
}

export function openSessions(): OpenSessions {
  const open = new Map<string, AccountSession>();
  const all: AccountSession[] = [];
  return {
    add(accountId, session) {
      all.push(session);
      open.set(accountId, session);
    },
    ctxFor: (accountId) => open.get(accountId)?.ctx,
    async saveAll(onError, stop) {
      for (const [accountId, session] of open) {
        if (stop?.aborted) return;
        const bound = signalWithDeadline(CLEANUP_MS, stop);
        await untilDeadline(bound, session.save(), `saving the session of account "${accountId}"`, 0).catch(
          (e: unknown) => onError(accountId, e),
        );
      }
    },
    fail(accountId, session) {
      open.delete(accountId);
      session?.markFailed();
    },
    async disposeAll() {
      await Promise.all(all.map((s) => s.dispose()));
    },
  };
}

/** Course ids of every target of every child of one account, deduplicated, in config order. */
export function coursesOf(config: Pick<LoadedConfig, 'children' | 'targets'>, accountId: string): string[] {
  const children = new Set(config.children.filter((c) => c.account === accountId).map((c) => c.id));
  return [...new Set(config.targets.filter((t) => children.has(t.child)).flatMap((t) => t.courses))];
}

interface ObserveOptions {
  signal: AbortSignal;
  dryRun: boolean;
  /** Aborted when we cut the cycle short ourselves (not at its deadline). */
  interrupted?: AbortSignal | undefined;
  /** The state decide() starts from: whether the orders and cart can change its answer. */
  previous?: WatchState;
  /**
   * The store's holds, read once for this check while the portal answers (else each account reads
   * its approved ones).
   */
  holds?: Promise<HoldRecord[]>;
}

/**
 * Each account in turn (a fresh context from its saved session) observes its courses in one
 * batch and reads its orders and cart; one account failing never stops the rest.
 */
export async function observeAccounts(
  rt: ObserveDeps,
  sessions: OpenSessions,
  options: ObserveOptions,
): Promise<Observed> {
  const writes: Promise<unknown>[] = [];
  const seen: Observed = {
    reports: [],
    results: [],
    observations: [],
    commitments: [],
    commitmentsRead: false,
    written: Promise.resolve(),
  };
  // A portal that said "slow down" is left alone until its Retry-After has passed (src/app/runtime/rate-pause.ts).
  let pausedUntil = (await rt.ratePause.load())?.until ?? 0;
  for (const { id: accountId } of rt.config.accounts) {
    const courses = coursesOf(rt.config, accountId);
    if (courses.length === 0) continue;
    const started = rt.now();
    const waitMs = pausedUntil - started.getTime();
    let report: AccountReport & { outcome: RunOutcome };
    if (waitMs > 0) {
      const detail = `the portal asked us to wait; next check after ${new Date(pausedUntil).toISOString()}`;
      seen.results.push({ accountId, ok: false, problem: 'rate_limited', detail });
      seen.reports.push({
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
      session = await rt.openAccount(accountId, options.signal);
      sessions.add(accountId, session);
      // Bounded by the check's deadline whatever a step awaits (issue 26): a flow step that
      // ignores the signal gives up waiting here, and the session is closed (bounded) below.
      const { observations, commitments, read } = await untilDeadline(
        options.signal,
        observeAccount(rt, session, accountId, courses, options),
        `the check of account "${accountId}"`,
      );
      seen.observations.push(...observations);
      seen.commitments.push(...commitments);
      if (read) seen.commitmentsRead = true;
      seen.results.push({ accountId, ok: true, observations });
      report = { accountId, outcome: 'ok', durationMs: elapsedMs(rt, started), courses };
    } catch (error) {
      sessions.fail(accountId, session);
      if (options.interrupted?.aborted) {
        // We stopped it: the portal did nothing wrong, so no failed run and no problem for decide().
        seen.reports.push({ accountId, outcome: 'interrupted', durationMs: elapsedMs(rt, started), courses });
        rt.logger.info({ account: accountId }, 'check interrupted by a stop request');
        break;
      }
      const failure = failureOf(error);
      const detail = describeError(error, rt.config.secrets);
      seen.results.push({ accountId, ok: false, problem: failure.problem, detail });
      report = {
        accountId,
        outcome: failure.outcome,
        durationMs: elapsedMs(rt, started),
        courses,
        detail,
        ...(error instanceof RateLimitedError ? { retryAfterMs: error.retryAfterMs } : {}),
      };
      if (error instanceof RateLimitedError) {
        pausedUntil = rt.now().getTime() + error.retryAfterMs;
        if (!options.dryRun) await rt.ratePause.save({ until: pausedUntil });
      }
      rt.logger[failure.level](
        { account: accountId, outcome: failure.outcome, err: error },
        'check failed for account',
      );
    }
    seen.reports.push(report);
    if (!options.dryRun) {
      // Two separate records, written side by side while the check goes on (the cycle awaits them).
      writes.push(
        Promise.all([
          rt.repos.runs.add({
            accountId,
            startedAt: started.toISOString(),
            durationMs: report.durationMs,
            outcome: report.outcome,
            courses,
            ...(report.detail ? { detail: report.detail } : {}),
            ...(session ? { requests: session.requests() } : {}),
          }),
          rt.repos.history.recordChecks(accountId, started, {
            checks: 1,
            failures: report.outcome === 'ok' ? 0 : 1,
          }),
          // The end of the login's session: one lifetime for the login-soon prediction.
          report.outcome === 'session_expired' ? rt.repos.logins.ended(accountId, started) : undefined,
        ]),
      );
    }
  }
  seen.written = Promise.all(writes).then(() => undefined);
  // Awaited by the cycle; until then a failed write must not count as unhandled.
  seen.written.catch(() => {});
  return seen;
}

function elapsedMs(rt: Pick<Runtime, 'now'>, since: Date): number {
  return rt.now().getTime() - since.getTime();
}

/**
 * One account's courses (retried while the failure is transient), then its orders and cart when
 * they can change what is decided (src/app/holds/commitments-needed.ts `commitmentsNeeded`).
 */
async function observeAccount(
  rt: ObserveDeps,
  session: AccountSession,
  accountId: string,
  courses: string[],
  { signal, dryRun, previous, holds }: ObserveOptions,
): Promise<{ observations: Observation[]; commitments: Commitment[]; read: boolean }> {
  const { ctx } = session;
  await ensureLoggedIn(rt, ctx, accountId);
  let attemptStarted = performance.now();
  const observations = await pRetry(
    () => {
      attemptStarted = performance.now();
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
        canFinish(signal, performance.now() - attemptStarted, 500 * 3 ** (attemptNumber - 1)),
    },
  );
  if (!dryRun) {
    // What was seen is true even if saving it fails (a full disk): say so, keep the reading.
    try {
      await session.save();
      await rt.repos.history.recordObservations(observations, rt.now());
      await rt.repos.observations.save(accountId, observations, rt.now());
    } catch (error) {
      rt.logger.error({ account: accountId, err: error }, 'could not save the session or observations');
    }
  }
  const needed = await commitmentsNeeded(rt, accountId, observations, previous, dryRun, await holds);
  const commitments = needed ? await readCommitments(rt, ctx, accountId, observations, dryRun) : [];
  return { observations, commitments, read: needed };
}

/**
 * Where `observe` does not prove the login (seats are public), the session is checked too, once per
 * account and cycle: an expired login must fail the check, never pass as a reading of "full".
 */
async function ensureLoggedIn(rt: ObserveDeps, ctx: OwnedFlowContext, accountId: string): Promise<void> {
  if (rt.flow.observeProvesLogin === true) return;
  if ((await rt.flow.checkSession(ctx)) === 'expired') {
    throw new SessionExpiredError(
      `session for account "${accountId}" expired at ${ctx.baseUrl} (flow ${rt.flow.name}: checkSession) — run: jianlou login ${accountId}`,
    );
  }
}
