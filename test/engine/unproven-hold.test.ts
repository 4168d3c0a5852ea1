import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle.js';
import type { Runtime } from '../../src/app/runtime.js';
import { PortalUnavailableError } from '../../src/core/errors.js';
import { alertsIn, kinds, openRuntime, startWorld, type World } from './world.js';

describe('a hold that cannot be proven in the cart', () => {
  let world: World;
  let rt: Runtime;

  beforeAll(async () => {
    world = await startWorld();
    const file = world.writeConfig({ targets: [{ child: 'sister', courses: ['ART-101'], autoHold: true }] });
    await world.login(file);
    rt = await openRuntime(file);
  });
  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  it('is given back to the pool and reported as failed, never left unannounced in the cart', async () => {
    const flow = { ...rt.flow };
    // The add-to-cart works, but the portal fails when the cart is read back.
    Object.assign(rt, {
      flow: {
        ...flow,
        listHolds: async () => {
          throw new PortalUnavailableError('GET /api/cart answered 502');
        },
      },
    });
    world.portal.admin.setSeats('ART-101', 1);
    await runCycle(rt);
    expect(world.portal.admin.state().carts).toEqual([]);
    expect(world.portal.admin.state().courses.find((c) => c.id === 'ART-101')?.seats).toBe(1);
    expect(kinds(await alertsIn(rt))).toEqual(['opening', 'hold_failed']);
    const [record] = await rt.repos.holds.list();
    expect(record).toMatchObject({ status: 'failed', courseId: 'ART-101' });
  });
});
