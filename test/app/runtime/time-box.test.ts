import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { DEADLINE_GRACE_MS, timeBox, untilDeadline } from '../../../src/app/runtime/time-box.js';
import { PortalUnavailableError } from '../../../src/core/errors.js';

/** The bounds of issue 26 (a check never outlives its deadline), without a browser. */
const never = () => new Promise<never>(() => {});

describe('timeBox', () => {
  it('gives the value of work that settles in time', async () => {
    expect(await timeBox(Promise.resolve(7), 1_000)).toEqual({ done: true, value: 7 });
  });

  it('leaves no timer behind once the work settled', async () => {
    vi.useFakeTimers();
    try {
      expect(await timeBox(Promise.resolve(1), 60_000)).toEqual({ done: true, value: 1 });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('stops waiting for work that never settles', async () => {
    expect(await timeBox(never(), 5)).toEqual({ done: false });
  });

  it('passes a rejection in time on, and swallows one that comes late', async () => {
    await expect(timeBox(Promise.reject(new Error('refused')), 1_000)).rejects.toThrow('refused');
    let reject: (e: Error) => void = () => {};
    const late = new Promise<never>((_, r) => {
      reject = r;
    });
    expect(await timeBox(late, 5)).toEqual({ done: false });
    reject(new Error('too late')); // no unhandled rejection fails the run
  });
});

describe('untilDeadline', () => {
  it('gives the value of work done before the deadline, and leaves no listener on the signal', async () => {
    const { signal } = new AbortController();
    expect(await untilDeadline(signal, Promise.resolve('seen'), 'x')).toBe('seen');
    await untilDeadline(signal, Promise.reject(new Error('cut')), 'x').catch(() => {});
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });

  it('gives up on work that ignores the signal when the signal aborts, as "unavailable"', async () => {
    const stop = new AbortController();
    const waiting = untilDeadline(stop.signal, never(), 'the check of account "mom"', 20);
    stop.abort();
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalUnavailableError);
    expect((error as Error).message).toBe(
      `the check of account "mom" did not finish before the check's deadline; gave up waiting`,
    );
  });

  it('reads work that settles within the grace after the deadline (a fallback ending with it)', async () => {
    const stop = new AbortController();
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('seats from the pages'), 60));
    const waiting = untilDeadline(stop.signal, late, 'x', 1_000);
    stop.abort();
    expect(await waiting).toBe('seats from the pages');
  });

  it('waits the default grace of 2 s after the deadline, not less', async () => {
    expect(DEADLINE_GRACE_MS).toBe(2_000);
    const stop = new AbortController();
    const late = new Promise<string>((resolve) => setTimeout(() => resolve('just in time'), 300));
    const waiting = untilDeadline(stop.signal, late, 'x');
    stop.abort();
    expect(await waiting).toBe('just in time');
  });

  it('does not start waiting when the deadline already passed', async () => {
    const error = await untilDeadline(AbortSignal.abort(), never(), 'observe').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalUnavailableError);
  });

  it("passes the work's own failure on", async () => {
    const failing = untilDeadline(new AbortController().signal, Promise.reject(new Error('cut')), 'x');
    await expect(failing).rejects.toThrow('cut');
  });
});
