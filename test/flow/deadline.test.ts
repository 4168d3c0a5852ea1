import { describe, expect, it } from 'vitest';
import { canFinish, signalWithDeadline, stepTimeoutMs, timeLeftMs } from '../../src/flow/deadline.js';

describe('a signal carries its deadline', () => {
  it('sizes a step from the time left, a share of it, and never below 1 ms', () => {
    const signal = signalWithDeadline(10_000);
    expect(timeLeftMs(signal)).toBeLessThanOrEqual(10_000);
    expect(timeLeftMs(signal)).toBeGreaterThan(9_000);
    expect(stepTimeoutMs(signal, 3_000)).toBe(3_000);
    expect(stepTimeoutMs(signal, 60_000, 0.5)).toBeLessThanOrEqual(5_000);
    expect(stepTimeoutMs(signalWithDeadline(0), 10_000)).toBe(1);
  });

  it('has no deadline without one, and keeps the earlier deadline of a parent', () => {
    expect(timeLeftMs(new AbortController().signal)).toBe(Number.POSITIVE_INFINITY);
    expect(stepTimeoutMs(undefined, 10_000)).toBe(10_000);
    const child = signalWithDeadline(60_000, signalWithDeadline(1_000));
    expect(timeLeftMs(child)).toBeLessThanOrEqual(1_000);
  });

  it('does not start an attempt that cannot finish before the deadline', () => {
    const signal = signalWithDeadline(5_000);
    expect(canFinish(signal, 1_000, 500)).toBe(true);
    expect(canFinish(signal, 4_800, 500)).toBe(false);
  });
});
