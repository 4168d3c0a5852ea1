import { Writable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { backoffAfterRateLimit, createScheduler } from '../../../src/app/process/scheduler.js';
import { createLogger } from '../../../src/log/logger.js';

const quiet = createLogger({ destination: new Writable({ write: (_c, _e, d) => d() }) });

describe('scheduler', () => {
  it('backs off for at least the Retry-After, doubling on repeated rate limits, capped at an hour', () => {
    expect(backoffAfterRateLimit(30_000, 1)).toBe(30_000);
    expect(backoffAfterRateLimit(30_000, 2)).toBe(60_000);
    expect(backoffAfterRateLimit(30_000, 3)).toBe(120_000);
    expect(backoffAfterRateLimit(30_000, 20)).toBe(3_600_000);
  });

  it('skips ticks while paused after a rate limit, then resumes', async () => {
    let clock = 1_000_000;
    let runs = 0;
    const scheduler = createScheduler({
      cron: '* * * * *',
      timezone: 'Asia/Shanghai',
      jitterSeconds: 0,
      logger: quiet,
      now: () => clock,
      run: async () => {
        runs += 1;
        return runs === 1 ? { rateLimitedMs: 60_000 } : {};
      },
    });
    await scheduler.runNow();
    await scheduler.runNow();
    expect(runs).toBe(1);
    clock += 60_001;
    await scheduler.runNow();
    expect(runs).toBe(2);
  });

  it('stop() waits for the running cycle to finish, without aborting it', async () => {
    const events: string[] = [];
    let cycleSignal: AbortSignal | undefined;
    const scheduler = createScheduler({
      cron: '* * * * *',
      timezone: 'Asia/Shanghai',
      jitterSeconds: 0,
      logger: quiet,
      run: async (signal) => {
        cycleSignal = signal;
        events.push('start');
        await new Promise((r) => setTimeout(r, 200));
        events.push(signal.aborted ? 'aborted' : 'end');
        return {};
      },
    });
    scheduler.start();
    expect(scheduler.nextRun()).toBeInstanceOf(Date);
    const cycle = scheduler.runNow();
    await new Promise((r) => setTimeout(r, 20));
    await scheduler.stop();
    events.push('stopped');
    await cycle;
    expect(events).toEqual(['start', 'end', 'stopped']);
    expect(cycleSignal?.aborted).toBe(false);
  });

  it('inside a surge checks every everySeconds (jittered around it), and the cron stands aside (issue 17)', async () => {
    const start = Date.parse('2026-07-15T12:00:00+08:00');
    vi.useFakeTimers({ now: start - 10_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const runsAt: number[] = [];
    const scheduler = createScheduler({
      cron: '0 0 1 1 *',
      timezone: 'Asia/Shanghai',
      jitterSeconds: 0,
      logger: quiet,
      random: () => 0, // every interval 20 s − 20 %
      surges: [{ from: '2026-07-15 12:00', to: '2026-07-15 12:01', everySeconds: 20 }],
      run: async () => {
        runsAt.push(Date.now() - start);
        return {};
      },
    });
    try {
      scheduler.start();
      expect(scheduler.surgeNow()).toBeUndefined();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(scheduler.surgeNow()).toMatchObject({ everySeconds: 20, endsAt: new Date(start + 60_000) });
      await vi.advanceTimersByTimeAsync(80_000);
    } finally {
      await scheduler.stop();
      vi.useRealTimers();
    }
    // From the window's start every 16 s; nothing once the window ended (the cron never fired).
    expect(runsAt.map((ms) => Math.round(ms / 1000))).toEqual([0, 16, 32, 48]);
  });

  it('runs learned windows beside the configured ones, pausing them when the request budget is spent (issue 32)', async () => {
    const start = Date.parse('2026-07-15T12:00:00+08:00');
    vi.useFakeTimers({ now: start - 10_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const runsAt: number[] = [];
    const asked: number[] = [];
    const scheduler = createScheduler({
      cron: '0 0 1 1 *',
      timezone: 'Asia/Shanghai',
      jitterSeconds: 0,
      logger: quiet,
      random: () => 0, // every interval 10 s (the floor)
      learned: () => [{ from: '2026-07-15 12:00', to: '2026-07-15 12:01', everySeconds: 10 }],
      // The budget allows three checks, then none until 50 s into the window.
      learnedAllowedAt: async (nowMs) => {
        asked.push(nowMs - start);
        return runsAt.length < 3 ? nowMs : Math.max(nowMs, start + 50_000);
      },
      run: async () => {
        runsAt.push(Date.now() - start);
        return {};
      },
    });
    try {
      scheduler.start();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(scheduler.surgeNow()).toMatchObject({ everySeconds: 10 });
      await vi.advanceTimersByTimeAsync(80_000);
    } finally {
      await scheduler.stop();
      vi.useRealTimers();
    }
    expect(runsAt.map((ms) => Math.round(ms / 1000))).toEqual([0, 10, 20, 50]);
    expect(asked.map((ms) => Math.round(ms / 1000))).toEqual([0, 10, 20, 30, 50]);
  });
});
