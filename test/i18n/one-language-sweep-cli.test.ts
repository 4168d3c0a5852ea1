import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertText, sweep } from './sweep/detect.js';
import { type Run, type SweepWorld, startSweepWorld } from './sweep/world.js';

/**
 * Issue 29, the one-language sweep: a family folder made by `jianlou init`, the commands a parent
 * runs in it, under `locale: zh` no English sentence and under `locale: en` no Chinese one.
 */
const both = (r: Run) => `${r.stdout}\n${r.stderr}`;

for (const locale of ['zh', 'en'] as const) {
  describe(`the sweep (${locale}): init, doctor, login, check, status, holds`, () => {
    let world: SweepWorld;
    const outputs: Record<string, string> = {};

    beforeAll(async () => {
      world = await startSweepWorld(locale);
      outputs.init = both(world.init);
    }, 240_000);
    afterAll(async () => {
      await world?.close();
    });

    it('reads every line in the one language', async () => {
      const run = async (name: string, ...args: string[]) => {
        const r = await world.cli(...args);
        outputs[name] = both(r);
        return r;
      };
      await run('doctor (no session)', 'doctor');
      expect((await run('check (no session)', 'check')).code).not.toBe(0);
      await run('status (no session)', 'status');
      await run('login --scripted', 'login', 'mom', '--scripted');
      await run('doctor', 'doctor');
      copyFileSync(join(world.dir, 'storage-state/mom.json'), join(world.dir, 'saved.json'));
      expect((await run('login --import (good)', 'login', 'mom', '--import', 'saved.json')).code).toBe(0);
      writeFileSync(join(world.dir, 'garbage.txt'), 'not a session\n');
      await run('login --import (garbage file)', 'login', 'mom', '--import', 'garbage.txt');
      await run('login --import (nonsense)', 'login', 'mom', '--import', 'nonsense');
      await run('login --import (cookie)', 'login', 'mom', '--import', 'Cookie: sid=nope');
      await run('check --dry-run', 'check', '--dry-run');
      world.portal.admin.setSeats('ART-101', 1);
      world.portal.admin.setSeats('SWIM-201', 1);
      expect((await run('check', 'check')).code).toBe(0);
      await run('status', 'status');
      await run('status --link', 'status', '--link');
      await run('holds', 'holds');
      await run('holds bogus', 'holds', 'bogus');
      world.portal.admin.expireSessions();
      await run('check (expired)', 'check');
      await run('status (expired)', 'status');
      await run('doctor (expired)', 'doctor');
      outputs.alerts = world.sink
        .received()
        .map((m) => alertText(m.body))
        .join('\n');

      const found = sweep(locale, outputs, world.known());
      expect(found).toEqual([]);
    }, 600_000);
  });
}
