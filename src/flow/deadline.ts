/**
 * A cycle's time budget travels with its AbortSignal: the signal aborts at the deadline, and the
 * deadline itself is looked up here, so a step can size its own timeout from the time left instead
 * of a fixed 10 s that may eat the whole cycle (and the fallback's turn with it).
 */
const deadlines = new WeakMap<AbortSignal, number>();

/** A signal that aborts after `ms` (or with `parent`), and knows when. */
export function signalWithDeadline(ms: number, parent?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(ms);
  const signal = parent ? AbortSignal.any([parent, timeout]) : timeout;
  const at = Date.now() + ms;
  const inherited = parent ? deadlines.get(parent) : undefined;
  deadlines.set(signal, inherited === undefined ? at : Math.min(at, inherited));
  return signal;
}

/** Milliseconds until the signal's deadline; Infinity when it has none. */
export function timeLeftMs(signal: AbortSignal | undefined, now = Date.now()): number {
  const at = signal ? deadlines.get(signal) : undefined;
  return at === undefined ? Number.POSITIVE_INFINITY : Math.max(0, at - now);
}

/**
 * The timeout for one step: its own limit, but at most `share` of the time left (0.5 leaves the
 * other half for a fallback), and never below 1 ms (Playwright reads 0 as "no timeout").
 */
export function stepTimeoutMs(signal: AbortSignal | undefined, limitMs: number, share = 1): number {
  const left = timeLeftMs(signal);
  return Math.max(1, Math.floor(Math.min(limitMs, left * share)));
}

/** Whether another attempt, expected to take `attemptMs` after `delayMs`, can finish in time. */
export function canFinish(signal: AbortSignal | undefined, attemptMs: number, delayMs = 0): boolean {
  return timeLeftMs(signal) > attemptMs + delayMs;
}
