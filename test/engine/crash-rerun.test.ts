import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, jianlou, openRuntime, startWorld, type World } from './world.js';

/** A check whose cycle exits the process right after it marks an effect running. */
const CRASH_CHECK = new URL('./crash-check.ts', import.meta.url).pathname;

/** Child processes each start Node, tsx and Chromium: generous on a busy machine. */
const SLOW = 90_000;

/** The sink's summary line of a hold_made message (its card title). */
const HOLD_MADE = /^已占位/;

describe('a crash between starting and finishing a hold effect', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('is redone once by the next check: one item in the cart, one hold_made message, then nothing more', {
    timeout: SLOW,
  }, async () => {
    const file = world.writeConfig({
      targets: [{ child: 'sister', courses: ['ART-101', 'ART-102'], autoHold: true }],
    });
    await world.login(file);
    world.portal.admin.setSeats('ART-101', 1);
    const holdMade = () => world.sink.received().filter((m) => HOLD_MADE.test(m.summary));

    const crashed = await collect(
      spawn(process.execPath, ['--import', 'tsx', CRASH_CHECK, file], { stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    expect(crashed.code, crashed.stderr).toBe(70);
    expect(crashed.stderr).toContain('crash hook');
    expect(world.portal.admin.state().carts).toEqual([]);
    expect(world.sink.received()).toEqual([]);

    const rerun = await jianlou(file, ['check']);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(world.portal.admin.state().carts).toEqual([
      expect.objectContaining({ courseId: 'ART-101', studentId: 'S001' }),
    ]);
    expect(holdMade()).toHaveLength(1);
    expect(JSON.stringify(holdMade()[0]?.body)).toContain('少儿国画（初级）');

    const third = await jianlou(file, ['check', '--json']);
    expect(third.code, third.stderr).toBe(0);
    expect(JSON.parse(third.stdout)).toMatchObject({ effects: [], delivery: { sent: 0 } });
    expect(world.portal.admin.state().carts).toHaveLength(1);
    expect(holdMade()).toHaveLength(1);

    const rt = await openRuntime(file);
    try {
      const holds = await rt.repos.holds.list();
      expect(holds).toEqual([
        expect.objectContaining({ courseId: 'ART-101', childId: 'sister', status: 'held' }),
      ]);
      // Started by the crashed process, started again and finished by the next one.
      expect(await rt.repos.outbox.get(holds[0]!.id)).toMatchObject({
        lane: 'effect',
        status: 'done',
        attempts: 2,
      });
    } finally {
      await rt.close();
    }
  });
});
