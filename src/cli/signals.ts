/**
 * jianlou owns its signals (Playwright's own SIGINT/SIGTERM/SIGHUP handlers are off, see
 * src/browser/launch.ts): the first signal asks the command to stop after what it is doing (a
 * check, its holds, a save), the second one aborts that too. Nothing else closes the browser.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

export interface StopHandlers {
  /** The first signal: finish the current step, then stop. */
  onStop?(signal: StopSignal): void;
  /** The second signal: cut the current step short. */
  onAbort?(signal: StopSignal): void;
}

export interface StopSignals {
  /** Aborts on the first signal. */
  stopping: AbortSignal;
  /** Aborts on the second signal. */
  aborted: AbortSignal;
  /** Which signal came first, if any. */
  received(): StopSignal | undefined;
  /** Removes the handlers (a later signal gets Node's default: the process ends). */
  dispose(): void;
}

export function onStopSignals(handlers: StopHandlers = {}): StopSignals {
  const stopping = new AbortController();
  const aborted = new AbortController();
  let first: StopSignal | undefined;
  const listeners = STOP_SIGNALS.map((signal) => {
    const listener = () => {
      if (!first) {
        first = signal;
        stopping.abort();
        handlers.onStop?.(signal);
      } else if (!aborted.signal.aborted) {
        aborted.abort();
        handlers.onAbort?.(signal);
      }
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return {
    stopping: stopping.signal,
    aborted: aborted.signal,
    received: () => first,
    dispose() {
      for (const [signal, listener] of listeners) process.removeListener(signal, listener);
    },
  };
}
