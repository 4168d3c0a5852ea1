import { createRuntimeSender } from '../app/alerts/notify.js';
import { runCycle } from '../app/cycle/cycle.js';
import { pruneStoreDaily } from '../app/process/housekeeping.js';
import { acquireStoreLock } from '../app/process/process-lock.js';
import { ExitCode } from '../core/errors.js';
import { catalogue } from '../i18n/catalogue.js';
import { ExitRequest } from './exit.js';
import { openRuntime, print } from './shared.js';
import { onStopSignals } from './signals.js';

export interface CheckOptions {
  dryRun?: boolean;
  json?: boolean;
}

/** How long `check` keeps delivering its alerts (waiting out a short rate limit) before it exits. */
const DELIVERY_BUDGET_MS = 90_000;

export async function checkCommand(configFile: string, opts: CheckOptions): Promise<void> {
  const { rt } = await openRuntime(configFile);
  const lock = opts.dryRun
    ? ({ acquired: true, release() {} } as const)
    : acquireStoreLock(rt.config.store.lockPath);
  if (!lock.acquired) {
    await rt.close();
    // Overlapping cron runs: the running one does the work; this tick is skipped, not failed.
    process.stderr.write(`jianlou: ${catalogue(rt.config.locale).cli.errors.checkLocked(lock.heldBy)}\n`);
    return;
  }
  let code: number = ExitCode.ok;
  // The first signal lets the cycle and its holds finish (the browser stays up until then) and
  // stops delivery at once (the outbox keeps the rest for the next run); a second aborts the cycle.
  const signals = onStopSignals({
    onAbort: () => void rt.closeBrowser(),
  });
  try {
    const result = await runCycle(rt, { signal: signals.aborted, dryRun: opts.dryRun === true });
    let delivery: { sent: number; deferred: number; failed: number } | undefined;
    // The cycle's effects are done: no browser stays open while alerts wait out a rate limit.
    await rt.closeBrowser();
    if (!opts.dryRun) {
      const sender = createRuntimeSender(rt);
      delivery = await sender.drain({
        until: new Date(Date.now() + DELIVERY_BUDGET_MS),
        signal: signals.stopping,
      });
      // Cron-only setups have no daemon: the first check of a day keeps the store small.
      await pruneStoreDaily(rt, rt.now());
    }
    const outcomes = result.accounts.map((a) => a.outcome);
    code = outcomes.includes('session_expired')
      ? ExitCode.needsLogin
      : outcomes.some((o) => o === 'unavailable' || o === 'rate_limited')
        ? ExitCode.portalUnreachable
        : outcomes.some((o) => o === 'portal_changed' || o === 'error' || o === 'interrupted')
          ? ExitCode.unexpected
          : ExitCode.ok;
    const text = catalogue(rt.config.locale);
    if (opts.json) {
      print(JSON.stringify({ ...result, dryRun: opts.dryRun === true, delivery, exitCode: code }, null, 2));
    } else {
      const w = text.cli.check;
      for (const a of result.accounts) print(w.account(a.accountId, a.outcome, a.durationMs, a.detail));
      for (const o of result.observations) {
        const seats = o.seats === null ? '?' : String(o.seats);
        print(
          `  ${o.courseId.padEnd(10)} ${text.cli.status.state(o.state).padEnd(9)} ${text.cli.seatsLabel} ${seats.padStart(3)}  ${o.title} ${text.cli.schedule(o.schedule)}`,
        );
      }
      const dry = opts.dryRun === true;
      if (result.effects.length === 0) print(w.nothingNew);
      for (const e of result.effects) {
        if (e.type === 'hold') print(w.hold(dry, e.courseId, e.childId, e.accountId));
        else {
          // Says why an auto-hold target was not held (in a dry run: that it would have been).
          const skipped = e.alert.kind === 'opening' ? e.alert.holdSkipped : undefined;
          const why = skipped ? text.alerts.holdSkip(skipped) : undefined;
          const course = 'observation' in e.alert ? e.alert.observation.courseId : undefined;
          print(w.alert(dry, text.cli.status.alertKind(e.alert.kind), course, why));
        }
      }
      if (delivery) print(w.delivered(delivery.sent, delivery.deferred, delivery.failed));
      for (const a of result.accounts.filter((x) => x.outcome === 'rate_limited' && x.retryAfterMs)) {
        const at = new Date(Date.now() + (a.retryAfterMs ?? 0));
        print(w.rateLimited(a.accountId, at.toISOString()));
      }
      if (code === ExitCode.needsLogin) {
        for (const a of result.accounts.filter((x) => x.outcome === 'session_expired')) {
          print(w.needsLogin(a.accountId));
        }
      }
    }
  } finally {
    signals.dispose();
    await rt.close();
    lock.release();
  }
  if (code !== ExitCode.ok) throw new ExitRequest(code);
}
