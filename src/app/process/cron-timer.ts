import { type CronFields, nextCronTime, parseCron } from '../../core/cron-fields.js';

/** setTimeout's longest wait; a later time is waited for in steps. */
const MAX_WAIT_MS = 2_147_483_647;

export interface CronTimer {
  /** When it fires next (null once stopped, or for a cron that never fires). */
  nextRun(): Date | null;
  stop(): void;
}

/**
 * Calls `fire` each time the cron fires, in `timeZone`: jianlou's own cron dialect
 * (src/core/cron-fields.ts), so a schedule fires on the days the config check, the surges and
 * "next check at" say. A tick missed while the machine slept fires once, late, not once per miss.
 */
export function startCronTimer(
  cron: string | CronFields,
  timeZone: string,
  fire: () => unknown,
  options: { now?: () => number; onError?: (error: unknown) => void } = {},
): CronTimer {
  const now = options.now ?? Date.now;
  const onError = options.onError ?? (() => {});
  const fields = typeof cron === 'string' ? parseCron(cron, { seconds: true }) : cron;
  if (typeof fields === 'string') throw new Error(`cron "${String(cron)}": ${fields}`);
  let next: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const arm = (afterMs: number) => {
    next = nextCronTime(fields, afterMs, timeZone);
    wait();
  };
  const wait = () => {
    if (stopped || next === undefined) return;
    const due = next;
    timer = setTimeout(
      () => {
        timer = undefined;
        // Early (a long wait in steps, or a timer a little ahead of the clock): wait the rest.
        if (now() < due) return wait();
        void Promise.resolve().then(fire).catch(onError);
        arm(Math.max(due, now()));
      },
      Math.min(Math.max(0, due - now()), MAX_WAIT_MS),
    );
  };
  arm(now());
  return {
    nextRun: () => (stopped || next === undefined ? null : new Date(next)),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
