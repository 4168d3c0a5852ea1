import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { createRuntime, type Runtime } from '../../src/app/runtime/runtime.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';
import { alertsIn, kinds, startWorld, type World } from './world.js';

// Issue 17: a check reads the orders and the cart only when they can change the answer, so a quiet
// check is the one request that reads the seats, against the real demo portal.
describe('issue 17: orders and cart are read only when they matter', () => {
  let world: World;
  let rt: Runtime;
  let offsetMs = 0;

  beforeAll(async () => {
    world = await startWorld();
    const file = world.writeConfig({ targets: [{ child: 'sister', courses: ['ART-101', 'ART-102'] }] });
    await world.login(file);
    rt = await createRuntime(loadConfig(file), {
      logger: createLogger({ level: 'silent' }),
      keepWarm: true,
      now: () => new Date(Date.now() + offsetMs),
    });
  }, 60_000);
  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  /** The requests the last check of account mom sent to the portal. */
  async function lastRequests(): Promise<number | undefined> {
    const [run] = await rt.repos.runs.recent('mom', 1);
    return run?.requests;
  }

  it('a quiet check sends one request; a new opening or a due "gone" adds the orders and the cart', async () => {
    await runCycle(rt);
    expect(await lastRequests()).toBe(1);

    world.portal.admin.setSeats('ART-102', 1);
    const opened = await runCycle(rt);
    expect(opened.effects.map((e) => (e.type === 'alert' ? e.alert.kind : e.type))).toEqual(['opening']);
    expect(await lastRequests()).toBe(3);
    // Still open, already announced: nothing about it can change, the check is one request again.
    expect((await runCycle(rt)).effects).toEqual([]);
    expect(await lastRequests()).toBe(1);

    // The parent buys it by hand: the seat is gone, and the alert is still standing.
    const child = rt.config.children.find((c) => c.id === 'sister')!;
    await rt.withAccount('mom', async (ctx) => {
      const hold = await rt.flow.hold!(ctx, { id: 'ART-102' }, child);
      await rt.flow.confirm!(ctx, hold);
    });
    await runCycle(rt);
    expect(await lastRequests()).toBe(1);
    // Past the cool-down, the check that would say "seat gone" reads the orders: bought by hand,
    // the alert ends quietly, and the checks are back to one request.
    offsetMs = 2 * 60 * 60_000;
    expect((await runCycle(rt)).effects).toEqual([]);
    expect(await lastRequests()).toBe(3);
    await runCycle(rt);
    expect(await lastRequests()).toBe(1);
    expect(kinds(await alertsIn(rt))).toEqual(['opening']);
  });
});
