import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NS } from '../../src/store/namespaces.js';
import { type CliWorld, startWorld } from './harness.js';

const DAY_MS = 86_400_000;

/** A cron-only setup never runs `watch`: its `check` must keep the store small (issue 16). */
describe('check prunes the store once a day', () => {
  let world: CliWorld;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  /** A run 40 days old and check counts older than the 180-day retention. */
  const seedOld = () =>
    world.withRuntime(async (rt) => {
      const now = rt.now().getTime();
      await rt.repos.runs.add({
        accountId: 'mom',
        startedAt: new Date(now - 40 * DAY_MS).toISOString(),
        durationMs: 10,
        outcome: 'ok',
        courses: ['ART-101'],
      });
      await rt.repos.history.recordChecks('mom', new Date(now - 200 * DAY_MS), { checks: 60, failures: 0 });
    });
  const oldLeft = () =>
    world.withRuntime(async (rt) => {
      const now = rt.now().getTime();
      const runs = (await rt.repos.runs.recent('mom', 1000)).filter(
        (r) => Date.parse(r.startedAt) < now - 30 * DAY_MS,
      );
      const days = await rt.repos.history.checkDays(new Date(now - 365 * DAY_MS));
      const oldDays = days.filter((d) => Date.parse(d.day) < now - 180 * DAY_MS);
      return { runs: runs.length, days: oldDays.length };
    });

  it('drops old runs and history on the first check of a day, and not again that day', async () => {
    await seedOld();
    expect(await oldLeft()).toEqual({ runs: 1, days: 1 });
    // Not logged in: the check fails (exit 3), the housekeeping still runs.
    const first = await world.cli('check');
    expect(first.code).toBe(3);
    expect(await oldLeft()).toEqual({ runs: 0, days: 0 });

    await seedOld();
    await world.cli('check');
    expect(await oldLeft()).toEqual({ runs: 1, days: 1 });
  }, 120_000);

  it('a dry run prunes nothing', async () => {
    await world.withRuntime((rt) => rt.kv.delete(NS.housekeeping, 'pruned'));
    await seedOld();
    await world.cli('check', '--dry-run');
    expect((await oldLeft()).runs).toBeGreaterThan(0);
  }, 120_000);
});
