import { PortalUnavailableError } from '../../core/errors.js';

/**
 * Bounds for the awaits of a check that talk to the browser or the portal (issue 26: a check
 * outlived its 10 s deadline with the portal cutting connections). Pure timing, no I/O: the work
 * itself is left to settle on its own (its rejection is swallowed), the caller only stops waiting.
 */

/** How long a cleanup step (trace stop, page close, context close) may take before the browser is recycled. */
export const CLEANUP_MS = 5_000;

export type Boxed<T> = { done: true; value: T } | { done: false };

/** The work's value, or `{ done: false }` when it did not settle within `ms` (a rejection still rejects). */
export async function timeBox<T>(work: Promise<T>, ms: number): Promise<Boxed<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Boxed<T>>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([work.then((value): Boxed<T> => ({ done: true, value })), late]);
  } finally {
    clearTimeout(timer);
    work.catch(() => {});
  }
}

/**
 * After the deadline, how long work that honours the signal has to settle: a fallback that ends with
 * the deadline (its last step's timeout is the time left) is read, not raced to the finish.
 */
export const DEADLINE_GRACE_MS = 2_000;

/**
 * The work's value, or a PortalUnavailableError `graceMs` after the check's signal aborts (its
 * deadline): a step that ignores the signal (a page.goto without a timeout, a read of a body the portal
 * cut mid-way) no longer keeps the check past its deadline.
 */
export async function untilDeadline<T>(
  signal: AbortSignal,
  work: Promise<T>,
  what: string,
  graceMs = DEADLINE_GRACE_MS,
): Promise<T> {
  work.catch(() => {});
  if (signal.aborted) throw deadlineError(what);
  // Stryker disable next-line ArrowFunction: replaced before it can be called (the executor runs at once)
  let fail: (error: Error) => void = () => {};
  const aborted = new Promise<never>((_, reject) => {
    fail = reject;
  });
  aborted.catch(() => {});
  let grace: NodeJS.Timeout | undefined;
  const onAbort = () => {
    grace = setTimeout(() => fail(deadlineError(what)), graceMs);
  };
  signal.addEventListener('abort', onAbort);
  try {
    return await Promise.race([work, aborted]);
  } finally {
    // A signal outlives many steps (the whole check): no listener or timer left behind per step.
    signal.removeEventListener('abort', onAbort);
    clearTimeout(grace);
  }
}

function deadlineError(what: string): PortalUnavailableError {
  return new PortalUnavailableError(`${what} did not finish before the check's deadline; gave up waiting`);
}
