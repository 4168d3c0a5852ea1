import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeSender } from '../../src/app/alerts/notify.js';
import { runCycle } from '../../src/app/cycle/cycle.js';
import type { Runtime } from '../../src/app/runtime/runtime.js';
import { alertsIn, kinds, openRuntime, startWorld, type World } from './world.js';

describe('openings, end to end against the demo portal', () => {
  let world: World;
  let rt: Runtime;

  beforeAll(async () => {
    world = await startWorld();
    const file = world.writeConfig({ targets: [{ child: 'sister', courses: ['ART-101', 'ART-102'] }] });
    await world.login(file);
    rt = await openRuntime(file);
  });
  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  it('alerts a freed seat once, stays quiet on the next check and through a flap within the cooldown', async () => {
    const first = await runCycle(rt);
    expect(first.accounts.map((a) => a.outcome)).toEqual(['ok']);
    expect(first.effects).toEqual([]);
    expect(first.observations.find((o) => o.courseId === 'ART-101')).toMatchObject({
      state: 'full',
      seats: 0,
    });

    world.portal.admin.setSeats('ART-101', 1);
    const opened = await runCycle(rt);
    expect(opened.effects.map((e) => (e.type === 'alert' ? e.alert.kind : e.type))).toEqual(['opening']);
    expect(kinds(await alertsIn(rt))).toEqual(['opening']);
    const [alert] = await alertsIn(rt);
    expect(alert).toMatchObject({
      kind: 'opening',
      child: { id: 'sister', name: '姐姐' },
      observation: { courseId: 'ART-101', state: 'open', seats: 1 },
    });

    const again = await runCycle(rt);
    expect(again.effects).toEqual([]);

    world.portal.admin.setSeats('ART-101', 0);
    const full = await runCycle(rt);
    expect(full.observations.find((o) => o.courseId === 'ART-101')?.state).toBe('full');
    expect(full.effects).toEqual([]);

    world.portal.admin.setSeats('ART-101', 2);
    const reopened = await runCycle(rt);
    expect(reopened.observations.find((o) => o.courseId === 'ART-101')).toMatchObject({
      state: 'open',
      seats: 2,
    });
    expect(reopened.effects).toEqual([]);
    expect(kinds(await alertsIn(rt))).toEqual(['opening']);

    const delivery = await createRuntimeSender(rt).drain({ until: new Date(Date.now() + 10_000) });
    expect(delivery).toMatchObject({ sent: 1, failed: 0 });
    expect(world.sink.received()).toHaveLength(1);
    expect(JSON.stringify(world.sink.received()[0]?.body)).toContain('ART-101');
  });
});
