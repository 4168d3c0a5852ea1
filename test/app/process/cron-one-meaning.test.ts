import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCronTimer } from '../../../src/app/process/cron-timer.js';
import { createScheduler } from '../../../src/app/process/scheduler.js';
import { parseConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/log/logger.js';
import { activeSurge } from '../../../src/watch/surges.js';

/**
 * `0 9 1 * 1` means the 1st of each month and every Monday (day fields combined the Vixie way), at
 * 09:00, wherever it is written: the check schedule, a surge window, the timer that fires.
 * 2026-07-27 is a Monday, 2026-07-28 a Tuesday, 2026-08-01 a Saturday.
 */
const TZ = 'Asia/Shanghai';
const sh = (text: string) => Date.parse(`${text.replace(' ', 'T')}:00+08:00`);
const quiet = createLogger({ destination: new Writable({ write: (_c, _e, d) => d() }) });
const CONFIG = `
timezone: Asia/Shanghai
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173/" }
accounts: [{ id: mom }]
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
targets:
  - { child: sister, courses: [ART-101] }
`;

afterEach(() => {
  vi.useRealTimers();
});

describe('one cron meaning for the schedule and the surges', () => {
  it('the config takes the same text, names included, in both places', () => {
    for (const cron of ['0 9 1 * 1', '0 9 * * mon-fri', '30 11 1 jan,jul sun']) {
      const config = parseConfig(
        `${CONFIG}schedule:\n  cron: "${cron}"\n  surges:\n    - { cron: "${cron}", durationMinutes: 30 }\n`,
        '/x/jianlou.yaml',
        {},
      );
      expect(config.schedule.cron).toBe(cron);
      expect(config.schedule.surges[0]?.cron).toBe(cron);
    }
  });

  it.each([
    ['2026-07-26 12:00', '2026-07-27 09:00'], // → the Monday
    ['2026-07-28 12:00', '2026-08-01 09:00'], // → the 1st, a Saturday
    ['2026-08-01 09:30', '2026-08-03 09:00'], // → the next Monday
  ])('after %s the schedule checks next at %s, and a surge window opens then', (from, expected) => {
    const scheduler = createScheduler({
      cron: '0 9 1 * 1',
      timezone: TZ,
      jitterSeconds: 0,
      logger: quiet,
      now: () => sh(from),
      run: async () => ({}),
    });
    scheduler.start();
    expect(scheduler.nextRun()?.getTime()).toBe(sh(expected));
    void scheduler.stop();

    const surge = [{ cron: '0 9 1 * 1', durationMinutes: 30, everySeconds: 20 }];
    expect(activeSurge(surge, sh(expected) + 10 * 60_000, TZ)?.startedAtMs).toBe(sh(expected));
    expect(activeSurge(surge, sh(expected) - 24 * 3_600_000 + 10 * 60_000, TZ)).toBeUndefined();
  });

  it('the timer fires on those days and no other', async () => {
    vi.useFakeTimers({ now: sh('2026-07-26 12:00'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fired: number[] = [];
    const timer = startCronTimer('0 9 1 * 1', TZ, () => fired.push(Date.now()));
    await vi.advanceTimersByTimeAsync(sh('2026-08-04 00:00') - sh('2026-07-26 12:00'));
    timer.stop();
    expect(fired).toEqual([sh('2026-07-27 09:00'), sh('2026-08-01 09:00'), sh('2026-08-03 09:00')]);
    expect(timer.nextRun()).toBeNull();
  });

  it('a tick missed while the machine slept fires once, late, then the schedule goes on', async () => {
    vi.useFakeTimers({ now: sh('2026-07-01 10:00'), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const fired: number[] = [];
    const timer = startCronTimer('* * * * *', TZ, () => fired.push(Date.now()));
    // The machine sleeps from 10:00 to 10:05:30: the wall clock jumps, the 60 s timer runs out after.
    vi.setSystemTime(sh('2026-07-01 10:05') + 30_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fired).toEqual([sh('2026-07-01 10:06') + 30_000]);
    expect(timer.nextRun()?.getTime()).toBe(sh('2026-07-01 10:07'));
    await vi.advanceTimersByTimeAsync(30_000);
    expect(fired).toHaveLength(2);
    timer.stop();
  });
});
