import { type ApprovalServer, startApprovalServer } from '../../approve/server.js';
import { ensureStatusLink, statusUrlOf } from '../../approve/status-link.js';
import { signalWithDeadline } from '../../flow/deadline.js';
import type { Sender } from '../../notify/sender.js';
import { enqueueAlert } from '../alerts/alerts.js';
import { createRuntimeSender } from '../alerts/notify.js';
import { type CycleResult, runCycle } from '../cycle/cycle.js';
import { createHoldDecider } from '../holds/hold-decisions.js';
import { sweepHolds } from '../holds/hold-sweep.js';
import type { Runtime } from '../runtime/runtime.js';
import { loginRelayFor } from '../sessions/login-relay.js';
import { warnLoginSoon } from '../sessions/login-soon.js';
import { createSurgeLearner } from '../status/learned-surges.js';
import { buildStatusPageData } from '../status/status-page-data.js';
import { type CronTimer, startCronTimer } from './cron-timer.js';
import { pruneStoreDaily } from './housekeeping.js';
import { createScheduler, type Scheduler } from './scheduler.js';

export interface DaemonOptions {
  /** Called after every cycle (the demo tells its story from here). */
  onCycle?: (result: CycleResult) => void;
  /** Where alerts go when no channel is configured. */
  alertOut?: (text: string) => void;
  /** How often the outbox is drained and holds are swept (ms). */
  tickMs?: number;
  /** Run a first check right away instead of waiting for the first cron tick. */
  checkAtStart?: boolean;
}

export interface Daemon {
  approval?: ApprovalServer;
  sender: Sender;
  scheduler: Scheduler;
  /** Finishes the current cycle, flushes the outbox (briefly) and closes the servers. */
  stop(): Promise<void>;
  /**
   * Cuts the running cycle, hold sweep and link decisions short (a second signal): what is cut off is
   * left for the next run (a decision: for the next tap).
   */
  abort(): void;
}

/** `jianlou watch`: scheduler + outbox sender + approval server + hold sweeper + daily summary. */
export async function startDaemon(rt: Runtime, options: DaemonOptions = {}): Promise<Daemon> {
  const { config, logger } = rt;
  // The status page's signed link for the alerts' "查看状态" button, read again before each check
  // (`jianlou status --link --rotate` may have replaced it meanwhile).
  let statusUrl: string | undefined;
  const readStatusUrl = async () => {
    if (!config.approval) return;
    const link = await ensureStatusLink(rt.kv, rt.now());
    statusUrl = statusUrlOf(config.approval.publicUrl, link, config.approval.secret);
  };
  await readStatusUrl();
  const sender = createRuntimeSender(rt, options.alertOut, { serving: true, statusUrl: () => statusUrl });
  // The second signal (abort()) cuts short the running check, the hold sweep and a decision at the portal.
  const aborting = new AbortController();
  const decider = createHoldDecider(rt, aborting.signal);
  // A login saved from the phone: check at once (its "recovered" alert tells the group).
  let scheduler: Scheduler | undefined;
  const loginRelay = loginRelayFor(rt, () => void scheduler?.runNow());
  const approval = config.approval
    ? await startApprovalServer({
        listen: config.approval.listen,
        publicUrl: config.approval.publicUrl,
        secret: config.approval.secret,
        kv: rt.kv,
        locale: config.locale,
        decider,
        logger: logger.child({ part: 'approve' }),
        now: rt.now,
        timeZone: config.timezone,
        status: { load: async () => buildStatusPageData(rt, await sender.channelStatus()) },
        trustProxy: config.approval.trustProxy,
        loginRelay,
      })
    : undefined;
  if (approval)
    logger.info({ url: approval.url, publicUrl: approval.publicUrl }, 'approval server listening');

  // schedule.learn: surge windows learned from the seat history, beside the configured ones (issue 32).
  const learner = config.schedule.learn ? createSurgeLearner(rt) : undefined;
  await learner?.start();
  scheduler = createScheduler({
    cron: config.schedule.cron,
    timezone: config.timezone,
    jitterSeconds: config.schedule.jitterSeconds,
    surges: config.schedule.surges,
    ...(learner ? { learned: learner.windows, learnedAllowedAt: learner.allowedAt } : {}),
    logger,
    run: async (signal) => {
      await readStatusUrl().catch((error: unknown) =>
        logger.warn({ err: error }, 'reading the status link failed'),
      );
      const result = await runCycle(rt, { signal });
      options.onCycle?.(result);
      await sender
        .drainOnce()
        .catch((error: unknown) => logger.error({ err: error }, 'sending alerts failed'));
      return result.rateLimitedMs !== undefined ? { rateLimitedMs: result.rateLimitedMs } : {};
    },
  });

  // Holds run out between checks too: remind and release on a short timer. A sweep is bounded like a
  // check (a portal that hangs on a release must not hold the process) and cut short by abort().
  let sweeping: Promise<void> | undefined;
  const sweepTimer = setInterval(() => {
    if (sweeping) return;
    const bound = signalWithDeadline(config.schedule.cycleTimeoutSeconds * 1000, aborting.signal);
    sweeping = sweepHolds(rt, undefined, undefined, bound)
      .catch((error: unknown) => logger.warn({ err: error }, 'hold sweep failed'))
      .then(() => warnLoginSoon(rt))
      .catch((error: unknown) => logger.warn({ err: error }, 'login-soon check failed'))
      .finally(() => {
        sweeping = undefined;
      });
  }, options.tickMs ?? 15_000);
  sweepTimer.unref();

  let daily: CronTimer | undefined;
  const at = config.policy.dailySummaryAt;
  if (at !== 'off') {
    const [hh, mm] = at.split(':');
    daily = startCronTimer(
      `${Number(mm)} ${Number(hh)} * * *`,
      config.timezone,
      async () => {
        const now = rt.now();
        const since = new Date(now.getTime() - 86_400_000);
        const latest = await rt.repos.runs.latest();
        const runs = config.accounts.map((a) => ({
          accountId: a.id,
          ok: latest.get(a.id)?.outcome === 'ok',
        }));
        const checks = (await Promise.all(config.accounts.map((a) => rt.repos.runs.recent(a.id, 10_000))))
          .flat()
          .filter((r) => Date.parse(r.startedAt) >= since.getTime()).length;
        const openings = (await rt.repos.alerts.list({ since })).filter((a) => a.kind === 'opening').length;
        const day = now.toLocaleDateString('sv-SE', { timeZone: config.timezone });
        const link = config.approval ? await ensureStatusLink(rt.kv, now) : undefined;
        await enqueueAlert(rt, `daily_summary/${day}`, {
          kind: 'daily_summary',
          checks,
          openings,
          sessions: runs,
          nextCheckAt: scheduler.nextRun()?.toISOString() ?? null,
          at: now.toISOString(),
          ...(link && config.approval
            ? { statusUrl: statusUrlOf(config.approval.publicUrl, link, config.approval.secret) }
            : {}),
        });
        await pruneStoreDaily(rt, now);
      },
      { onError: (error) => logger.error({ err: error }, 'daily summary failed') },
    );
  }

  sender.start(options.tickMs ?? 5_000);
  scheduler.start();
  if (options.checkAtStart !== false) void scheduler.runNow();
  logger.info({ cron: config.schedule.cron, nextRun: scheduler.nextRun()?.toISOString() }, 'watching');

  const running = scheduler;
  return {
    ...(approval ? { approval } : {}),
    sender,
    scheduler: running,
    abort() {
      aborting.abort();
      running.abort();
    },
    async stop() {
      logger.info('stopping: finishing the current check');
      await running.stop();
      clearInterval(sweepTimer);
      learner?.stop();
      await sweeping;
      daily?.stop();
      // Closing the approval server waits for requests in flight, so a decision at the portal ends.
      await approval?.close();
      await sender.stop();
      const flushed = await sender
        .drain({ until: new Date(rt.now().getTime() + 10_000) })
        .catch(() => undefined);
      if (flushed?.deferred)
        logger.warn({ left: flushed.deferred }, 'alerts left in the outbox for the next start');
    },
  };
}
