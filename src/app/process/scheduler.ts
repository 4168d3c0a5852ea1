import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../../log/logger.js';
import { activeSurge, planSurge, type SurgeWindow } from '../../watch/surges.js';
import { type CronTimer, startCronTimer } from './cron-timer.js';

export interface CycleReport {
  /** The largest Retry-After a portal asked for in this cycle, if any. */
  rateLimitedMs?: number;
}

export interface SchedulerOptions {
  cron: string;
  timezone: string;
  jitterSeconds: number;
  run: (signal: AbortSignal) => Promise<CycleReport>;
  logger: Logger;
  random?: () => number;
  now?: () => number;
  /** `schedule.surges`: inside one, checks run every `everySeconds` (jittered) instead of on the cron. */
  surges?: readonly SurgeWindow[];
  /**
   * Learned windows (`schedule.learn`, issue 32), asked for at each plan: they run beside the
   * configured ones, each check only when `learnedAllowedAt` (the request budget) says it fits.
   */
  learned?: () => readonly SurgeWindow[];
  learnedAllowedAt?: (nowMs: number) => Promise<number>;
}

/**
 * After a rate limit, skip ticks until the portal's Retry-After has passed, doubling the pause on
 * each further rate limit (capped at an hour) and forgetting it after a clean cycle.
 */
export function backoffAfterRateLimit(retryAfterMs: number, consecutive: number): number {
  const doubled = retryAfterMs * 2 ** Math.max(0, consecutive - 1);
  return Math.min(Math.max(retryAfterMs, doubled), 3_600_000);
}

export interface Scheduler {
  start(): void;
  /** Stops the schedule, cancels a pending jitter wait and waits for the running cycle to finish. */
  stop(): Promise<void>;
  /** Aborts the running cycle too (a second Ctrl-C). */
  abort(): void;
  nextRun(): Date | null;
  /** The surge window now in force, if any (for status and logs). */
  surgeNow(): { name: string; everySeconds: number; endsAt: Date } | undefined;
  /** Runs one cycle now (used once at start-up). */
  runNow(): Promise<void>;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const log = options.logger;
  let task: CronTimer | undefined;
  let running: Promise<void> | undefined;
  let pausedUntil = 0;
  let rateLimitedInARow = 0;
  const stopping = new AbortController();
  const cycleSignal = new AbortController();
  const configured = options.surges ?? [];
  const windows = (): readonly SurgeWindow[] =>
    options.learned ? [...configured, ...options.learned()] : configured;
  /** A learned window waits for the budget until then; the cron's ticks run meanwhile. */
  let budgetWaitUntil = 0;
  let lastCheckAtMs: number | undefined;
  let surgeTimer: NodeJS.Timeout | undefined;

  async function tick(withJitter: boolean): Promise<void> {
    if (running) {
      log.warn('previous check still running; skipping this tick');
      return;
    }
    if (now() < pausedUntil) {
      log.info(
        { resumeAt: new Date(pausedUntil).toISOString() },
        'backing off after rate limiting; tick skipped',
      );
      return;
    }
    running = (async () => {
      if (withJitter && options.jitterSeconds > 0) {
        const ms = Math.round(random() * options.jitterSeconds * 1000);
        await sleep(ms, stopping.signal);
      }
      if (stopping.signal.aborted) return;
      lastCheckAtMs = now();
      try {
        // The cycle gets its own signal: stop() lets a running cycle finish (a hold half-made
        // is worse than a slower shutdown); only the jitter wait before it is cut short.
        const report = await options.run(cycleSignal.signal);
        if (report.rateLimitedMs !== undefined) {
          rateLimitedInARow += 1;
          const pause = backoffAfterRateLimit(report.rateLimitedMs, rateLimitedInARow);
          pausedUntil = now() + pause;
          log.warn({ pauseMs: pause }, 'portal rate-limited us; pausing checks');
        } else {
          rateLimitedInARow = 0;
        }
      } catch (error) {
        log.error({ err: error }, 'check cycle failed');
      }
    })().finally(() => {
      running = undefined;
    });
    await running;
  }

  // Inside a surge its own timer checks (jittered intervals, 10 s floor); the cron's ticks stand aside.
  function armSurge(): void {
    const surges = windows();
    if ((surges.length === 0 && !options.learned) || stopping.signal.aborted) return;
    const nowMs = now();
    const plan = planSurge({
      windows: surges,
      timeZone: options.timezone,
      nowMs,
      lastCheckAtMs,
      random: random(),
    });
    const learned = plan.kind === 'check' && plan.surge.index >= configured.length;
    // A learned window over budget: look again when the budget frees up (or the window ends).
    const at =
      plan.kind !== 'check'
        ? plan.recheckAtMs
        : learned && budgetWaitUntil > plan.atMs
          ? Math.min(budgetWaitUntil, plan.surge.endsAtMs)
          : plan.atMs;
    surgeTimer = setTimeout(
      () => {
        surgeTimer = undefined;
        void (async () => {
          const due = plan.kind === 'check' && activeSurge(windows(), now(), options.timezone) !== undefined;
          if (!due || (learned && now() < budgetWaitUntil)) return;
          if (learned && options.learnedAllowedAt) {
            const allowed = await options.learnedAllowedAt(now());
            if (allowed > now()) {
              budgetWaitUntil = allowed;
              log.info(
                { surge: plan.surge.name, resumeAt: new Date(allowed).toISOString() },
                'learned surge paused: the hour reached schedule.maxRequestsPerHour',
              );
              return;
            }
          }
          log.debug({ surge: plan.surge.name }, 'surge check');
          await tick(false);
        })().finally(armSurge);
      },
      Math.max(0, at - nowMs),
    );
  }

  /** A surge window runs its own checks now (a learned one waiting for the budget does not). */
  function inSurge(): boolean {
    const surges = windows();
    const surge = surges.length > 0 ? activeSurge(surges, now(), options.timezone) : undefined;
    if (!surge) return false;
    return surge.index < configured.length || now() >= budgetWaitUntil;
  }

  return {
    start() {
      armSurge();
      task = startCronTimer(options.cron, options.timezone, () => (inSurge() ? undefined : tick(true)), {
        now,
      });
    },
    async stop() {
      stopping.abort();
      if (surgeTimer) clearTimeout(surgeTimer);
      task?.stop();
      await running;
    },
    abort() {
      stopping.abort();
      cycleSignal.abort();
    },
    nextRun() {
      return task?.nextRun() ?? null;
    },
    surgeNow() {
      const surges = windows();
      const surge = surges.length > 0 ? activeSurge(surges, now(), options.timezone) : undefined;
      return surge
        ? { name: surge.name, everySeconds: surge.everySeconds, endsAt: new Date(surge.endsAtMs) }
        : undefined;
    },
    runNow: () => tick(false),
  };
}

/** Waits `ms`, or less when `signal` aborts: a stop ends the wait, it is not an error. */
async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal ? { signal } : {}).catch((error: unknown) => {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  });
}
