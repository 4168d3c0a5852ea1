import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { backoffAfterRateLimit, createScheduler } from '../../src/app/scheduler.js';
import { createLogger } from '../../src/log/logger.js';

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
});
