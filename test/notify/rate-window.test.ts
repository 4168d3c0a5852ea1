import { describe, expect, it } from 'vitest';
import {
  available,
  EMPTY_RATE_STATE,
  nextFreeAt,
  pause,
  RATE_WINDOW_MS,
  type RateState,
  recordSend,
  sentInWindow,
} from '../../src/notify/rate-window.js';

const NOW = new Date('2026-07-01T02:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('rate window (issue 20)', () => {
  it('is 61 s: a send 60.5 s ago still counts, one 61.5 s ago no longer does', () => {
    expect(RATE_WINDOW_MS).toBe(61_000);
    const state: RateState = { sentAt: [ago(61_500), ago(60_500)] };
    expect(sentInWindow(state, NOW)).toBe(1);
    expect(available(state, NOW, 20)).toBe(19);
    expect(available(state, NOW, 1)).toBe(0);
  });

  it('a send exactly one window ago has left it', () => {
    expect(sentInWindow({ sentAt: [ago(RATE_WINDOW_MS)] }, NOW)).toBe(0);
    expect(sentInWindow({ sentAt: [ago(RATE_WINDOW_MS - 1)] }, NOW)).toBe(1);
  });

  it('ignores entries that are not instants, and never goes below zero', () => {
    const state: RateState = { sentAt: ['garbage', ago(1000), ago(2000), ago(3000)] };
    expect(sentInWindow(state, NOW)).toBe(3);
    expect(available(state, NOW, 2)).toBe(0);
  });

  it('nothing is available while paused; the pause ends at its instant', () => {
    const paused = pause(EMPTY_RATE_STATE, later(5000));
    expect(available(paused, NOW, 20)).toBe(0);
    expect(available(paused, later(4999), 20)).toBe(0);
    expect(available(paused, later(5000), 20)).toBe(20);
    expect(available({ sentAt: [], pausedUntil: 'not a date' }, NOW, 20)).toBe(20);
  });

  it('nextFreeAt: now when a send is allowed; else when the oldest send that must go leaves the window', () => {
    expect(nextFreeAt(EMPTY_RATE_STATE, NOW, 2).toISOString()).toBe(NOW.toISOString());
    expect(nextFreeAt({ sentAt: [ago(10_000)] }, NOW, 2).toISOString()).toBe(NOW.toISOString());
    const full: RateState = { sentAt: [ago(30_000), ago(20_000), ago(10_000)] };
    // max 2 of 3 sends: the two oldest must leave, the later of them decides.
    expect(nextFreeAt(full, NOW, 2).toISOString()).toBe(later(RATE_WINDOW_MS - 20_000).toISOString());
    expect(nextFreeAt(full, NOW, 3).toISOString()).toBe(later(RATE_WINDOW_MS - 30_000).toISOString());
    // Unsorted entries are sorted first.
    const unsorted: RateState = { sentAt: [ago(10_000), ago(30_000)] };
    expect(nextFreeAt(unsorted, NOW, 1).toISOString()).toBe(later(RATE_WINDOW_MS - 10_000).toISOString());
  });

  it('nextFreeAt waits for a pause, and for the later of pause and window', () => {
    expect(nextFreeAt(pause(EMPTY_RATE_STATE, later(5000)), NOW, 20).toISOString()).toBe(
      later(5000).toISOString(),
    );
    const both = pause({ sentAt: [ago(30_000)] }, later(5000));
    expect(nextFreeAt(both, NOW, 1).toISOString()).toBe(later(RATE_WINDOW_MS - 30_000).toISOString());
    const longPause = pause({ sentAt: [ago(30_000)] }, later(60_000));
    expect(nextFreeAt(longPause, NOW, 1).toISOString()).toBe(later(60_000).toISOString());
    // A pause in the past is no pause.
    expect(nextFreeAt({ sentAt: [], pausedUntil: ago(1) }, NOW, 1).toISOString()).toBe(NOW.toISOString());
  });

  it('recordSend appends now, drops sends outside the window, keeps only a running pause', () => {
    const state: RateState = { sentAt: [ago(70_000), ago(1000)], pausedUntil: later(1000).toISOString() };
    expect(recordSend(state, NOW)).toEqual({
      sentAt: [ago(1000), NOW.toISOString()],
      pausedUntil: later(1000).toISOString(),
    });
    const over: RateState = { sentAt: [], pausedUntil: ago(1) };
    expect(recordSend(over, NOW)).toEqual({ sentAt: [NOW.toISOString()] });
    expect(recordSend(over, NOW)).not.toHaveProperty('pausedUntil');
  });

  it('pause never shortens an existing pause', () => {
    const long = pause(EMPTY_RATE_STATE, later(10_000));
    expect(pause(long, later(5000))).toBe(long);
    expect(pause(long, later(10_000))).toBe(long);
    expect(pause(long, later(20_000)).pausedUntil).toBe(later(20_000).toISOString());
    expect(pause({ sentAt: [], pausedUntil: 'bad' }, later(1)).pausedUntil).toBe(later(1).toISOString());
  });
});
