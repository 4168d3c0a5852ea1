import type { Observation } from '../../core/types.js';
import { signalWithDeadline } from '../../flow/deadline.js';
import { decide, type Effect, emptyWatchState } from '../../watch/decide.js';
import { ordersCancelledSince } from '../holds/commitments.js';
import type { HoldEffectDeps } from '../holds/hold-effect.js';
import { type SweepDeps, sweepHolds } from '../holds/hold-sweep.js';
import type { Runtime } from '../runtime/runtime.js';
import { type EffectHooks, runEffects, writeOutbox } from './effects.js';
import { type AccountReport, type ObserveDeps, observeAccounts, openSessions } from './observe.js';
import { policyFromConfig } from './policy.js';

export type { AccountReport } from './observe.js';

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

/** What a cycle uses of the runtime. */
export type CycleDeps = ObserveDeps & HoldEffectDeps & SweepDeps & Pick<Runtime, 'watchState'>;

export interface CycleOptions extends EffectHooks {
  dryRun?: boolean;
  signal?: AbortSignal;
}

/**
 * One check cycle: observe every account (a fresh context from its saved session), decide, write
 * the effects to the outbox, save the state, then run the hold effects while the accounts'
 * contexts are still open, and sweep the holds. A dry run observes and decides, and changes nothing.
 */
export async function runCycle(rt: CycleDeps, options: CycleOptions = {}): Promise<CycleResult> {
  const started = rt.now();
  const dryRun = options.dryRun === true;
  const signal = signalWithDeadline(rt.config.schedule.cycleTimeoutSeconds * 1000, options.signal);
  const previous = (await rt.watchState.load()) ?? emptyWatchState(started);
  const sessions = openSessions();
  try {
    // Read once for the check, while the portal answers: which accounts must read their orders,
    // then decide() and the sweep.
    const holdsRead = rt.repos.holds.list();
    holdsRead.catch(() => {}); // awaited below; a failure is not unhandled meanwhile
    const seen = await observeAccounts(rt, sessions, {
      signal,
      dryRun,
      interrupted: options.signal,
      previous,
      holds: holdsRead,
    });
    // Cut short by us (a second signal): decide nothing from a partial reading.
    if (options.signal?.aborted) {
      await seen.written;
      return summary(rt, started, seen.reports, seen.observations, []);
    }

    // Reading the orders and cart updates hold records (an approved hold's order cancelled): re-read.
    const holds = seen.commitmentsRead ? await rt.repos.holds.list() : await holdsRead;
    const facts = {
      accounts: seen.results,
      holds,
      commitments: seen.commitments,
      cancelledOrders: ordersCancelledSince(holds, started),
    };
    const decision = decide(previous, facts, policyFromConfig(rt.config, { dryRun }), rt.now());

    if (!dryRun) {
      // Outbox first, then the state: a crash in between re-decides the same ids, which dedupe.
      await writeOutbox(rt, decision.effects);
      // A check that decided something always writes its state (its cycle number is in the effect ids).
      await rt.watchState.save(decision.state, { always: decision.effects.length > 0 });
      // Holds and the sweep follow the check's deadline and a stop (issue 26): what is cut short is
      // left for the next run (an effect due again, a hold not yet swept).
      const ran = await runEffects(rt, sessions, options, signal);
      // A hold effect adds or changes a hold record: the sweep reads them again then.
      await sweepHolds(rt, sessions.ctxFor, ran === 0 ? holds : undefined, signal);
      // What the holds changed in the browser (a cart in localStorage, a new cookie) is kept:
      // confirm and release later open a fresh context from the file.
      await sessions.saveAll(
        (accountId, error) =>
          rt.logger.error({ account: accountId, err: error }, 'could not save the session after the effects'),
        options.signal,
      );
    }
    await seen.written;
    return summary(rt, started, seen.reports, seen.observations, decision.effects);
  } finally {
    await sessions.disposeAll();
  }
}

function summary(
  rt: Pick<Runtime, 'now'>,
  started: Date,
  accounts: AccountReport[],
  observations: Observation[],
  effects: Effect[],
): CycleResult {
  const limited = accounts.flatMap((a) => (a.retryAfterMs !== undefined ? [a.retryAfterMs] : []));
  return {
    startedAt: started.toISOString(),
    durationMs: rt.now().getTime() - started.getTime(),
    accounts,
    observations,
    effects,
    ...(limited.length > 0 ? { rateLimitedMs: Math.max(...limited) } : {}),
  };
}
