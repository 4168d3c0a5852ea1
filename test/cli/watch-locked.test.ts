import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, startWorld } from './harness.js';

/**
 * Issue 29 item 12: `watch` beside another jianlou process on the same store says so in the config's
 * language. The lock file holds this test's own pid: a live process that is not the child.
 */
describe('jianlou watch when another process holds the store', () => {
  let world: CliWorld;
  let lock: string;

  beforeAll(async () => {
    world = await startWorld(); // locale: zh
    mkdirSync(join(world.dir, 'data'), { recursive: true });
    lock = join(world.dir, 'data', 'jianlou.sqlite.lock');
    writeFileSync(lock, String(process.pid));
  });
  afterAll(async () => {
    rmSync(lock, { force: true });
    await world?.close();
  });

  it('says it in Chinese under locale: zh, and in English under locale: en', async () => {
    const store = `sqlite://${join(world.dir, 'data', 'jianlou.sqlite')}`;
    const zh = await world.cli('watch');
    expect(zh.code).not.toBe(0);
    expect(zh.stderr).toContain(
      `jianlou: 另一个 jianlou 进程（进程 ${process.pid}）已经在用数据 ${store}：先停掉它（一份数据只能有一个 jianlou watch）`,
    );
    expect(zh.stderr).not.toContain('already using');

    writeFileSync(
      world.configFile,
      readFileSync(world.configFile, 'utf8').replace(/^locale: \w+$/m, 'locale: en'),
    );
    const en = await world.cli('watch');
    expect(en.code).not.toBe(0);
    expect(en.stderr).toContain(
      `jianlou: another jianlou process (pid ${process.pid}) is already using the store ${store}: stop it first (one watcher per store)`,
    );
  }, 60_000);
});
