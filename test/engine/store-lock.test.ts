import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { jianlou, startWorld, type World } from './world.js';

const SLOW = 90_000;

describe('one engine process per store', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('skips a check while another live process holds the store, and takes over a lock whose process died', {
    timeout: SLOW,
  }, async () => {
    const file = world.writeConfig({ targets: [{ child: 'sister', courses: ['ART-101'], autoHold: true }] });
    await world.login(file);
    const first = await jianlou(file, ['check']); // creates the store
    expect(first.code, first.stderr).toBe(0);
    const lockPath = loadConfig(file).store.lockPath!;

    const other = spawn('sleep', ['60']);
    try {
      writeFileSync(lockPath, String(other.pid));
      world.portal.admin.setSeats('ART-101', 1);
      const skipped = await jianlou(file, ['check']);
      expect(skipped.code, skipped.stderr).toBe(0);
      expect(skipped.stderr).toContain(`进程 ${other.pid}`); // the config's locale is zh (the default)
      expect(world.portal.admin.state().carts).toEqual([]);
      expect(world.sink.received()).toEqual([]);
    } finally {
      other.kill('SIGKILL');
    }
    await new Promise((r) => other.once('exit', r));

    const resumed = await jianlou(file, ['check']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(world.portal.admin.state().carts).toHaveLength(1);
  });
});
