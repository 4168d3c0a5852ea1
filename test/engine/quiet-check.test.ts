import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { createRuntime, type Runtime } from '../../src/app/runtime/runtime.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';
import { NS } from '../../src/store/namespaces.js';
import type { KvStore } from '../../src/store/types.js';
import { watchStateSchema } from '../../src/watch/decide.js';
import { startWorld, type World } from './world.js';

/**
 * Issue 17, warm cycle: a check that finds nothing new in `watch` is the portal request plus the
 * records every check keeps (its run, the hour's tally) and one read of the holds — not the watch
 * state, the rate pause, the outbox or the session file again. What changes still lands.
 */
describe('a quiet check in watch touches the store only for what every check records', () => {
  let world: World;
  let file: string;
  let rt: Runtime;
  const calls: string[] = [];
  let failNs: string | undefined;

  /** Records every store call of the runtime's repositories (they share this object). */
  function watchStore(kv: KvStore): void {
    const k = kv as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const method of ['get', 'set', 'add', 'delete', 'list']) {
      const original = k[method]!.bind(kv);
      k[method] = async (...args: unknown[]) => {
        calls.push(`${method} ${String(args[0])}`);
        if (failNs === args[0] && method !== 'get' && method !== 'list') {
          failNs = undefined;
          throw new Error('disk full');
        }
        return original(...args);
      };
    }
  }
  const take = () => calls.splice(0).sort();

  beforeAll(async () => {
    world = await startWorld();
    file = world.writeConfig({
      targets: [{ child: 'sister', courses: ['ART-101', 'ART-102'], autoHold: true }],
    });
    await world.login(file);
    rt = await createRuntime(loadConfig(file), { logger: createLogger({ level: 'silent' }), keepWarm: true });
    watchStore(rt.kv);
  }, 60_000);
  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  it('after the first check: one read of the holds, one run, one tally — nothing else', async () => {
    world.portal.admin.setSeats('ART-101', 0);
    world.portal.admin.setSeats('ART-102', 0);
    await runCycle(rt);
    await runCycle(rt);
    const session = rt.config.accounts[0]!.storageState!;
    const before = statSync(session).mtimeMs;
    take();
    const quiet = await runCycle(rt);
    expect(quiet.accounts).toMatchObject([{ outcome: 'ok' }]);
    expect(take()).toEqual([`list ${NS.holds}`, `set ${NS.checkHours}`, `set ${NS.runs}`].sort());
    expect(statSync(session).mtimeMs).toBe(before);
  });

  it('a seat that opens after quiet checks is held and announced, even when its run cannot be written', async () => {
    world.portal.admin.setSeats('ART-101', 1);
    failNs = NS.runs;
    await expect(runCycle(rt)).rejects.toThrow('disk full');
    expect(world.portal.admin.state().carts).toMatchObject([{ courseId: 'ART-101' }]);
    const [hold] = await rt.repos.holds.list();
    expect(hold).toMatchObject({ courseId: 'ART-101', status: 'held' });
    const keys = (await rt.kv.list(NS.outbox, z.unknown())).map((r) => r.key);
    // The stored state is the one that decided them, cycle number included (their ids carry it).
    const stored = await rt.kv.get(NS.state, 'watch', watchStateSchema);
    expect(stored?.cycle).toBe((await rt.watchState.load())?.cycle);
    expect(keys).toContain(
      `opening/sister-ART-101/ART-101/${Date.parse(stored!.epoch).toString(36)}.${stored?.cycle}`,
    );
    expect(keys.filter((k) => k.startsWith('hold/'))).toHaveLength(1);
  });

  it('the next checks record their runs again; once the hold is settled, a quiet one writes no state', async () => {
    take();
    expect((await runCycle(rt)).accounts).toMatchObject([{ outcome: 'ok' }]);
    expect(take()).toContain(`set ${NS.runs}`);
    await runCycle(rt);
    take();
    const quiet = await runCycle(rt);
    expect(quiet.effects).toEqual([]);
    expect(take()).not.toContain(`set ${NS.state}`);
  });
});
