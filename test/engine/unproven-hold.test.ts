import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import type { Runtime } from '../../src/app/runtime/runtime.js';
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

  it('a queued hold decided long ago (the process was down) is dropped, not run on a stale reading', async () => {
    world.portal.admin.reset();
    const id = 'hold/sister-ART-101/ART-101/old.1';
    await rt.repos.outbox.enqueue({
      id,
      lane: 'effect',
      createdAt: new Date(Date.now() - 60 * 60_000).toISOString(),
      payload: {
        type: 'hold',
        id,
        targetId: 'sister-ART-101',
        accountId: 'mom',
        childId: 'sister',
        courseId: 'ART-101',
        observation: { courseId: 'ART-101', title: '少儿国画（初级）', seats: 1, state: 'open', url: '' },
      },
    });
    await world.login(
      world.writeConfig({ targets: [{ child: 'sister', courses: ['ART-101'], autoHold: true }] }),
    );
    await runCycle(rt);
    expect((await rt.repos.outbox.get(id))?.status).toBe('failed');
    expect(await rt.repos.holds.get(id)).toMatchObject({
      status: 'failed',
      error: 'not tried: decided too long ago',
    });
    expect(world.portal.admin.state().carts).toEqual([]);
  });
});
