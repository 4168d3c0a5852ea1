import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KeyvSqlite } from '@keyv/sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSqliteStore } from '../../src/store/sqlite.js';
import { testKvStore } from './store-suite.js';

testKvStore('sqlite', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'jianlou-store-'));
  return {
    open: (options) => createSqliteStore(join(dir, 'nested', 'db.sqlite'), options),
    persistent: true,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('sqlite store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jianlou-sqlite-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the folder of the database file and writes through a WAL journal', async () => {
    const file = join(dir, 'data', 'jianlou.sqlite');
    const kv = await createSqliteStore(file);
    await kv.set('things', 'a', { n: 1 });
    expect(existsSync(file)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(true);
    await kv.close();
  });

  it('keeps every write that resolved when the process is killed right after (synchronous=NORMAL)', async () => {
    const file = join(dir, 'killed.sqlite');
    const script = `
      import { createSqliteStore } from './src/store/sqlite.ts';
      const kv = await createSqliteStore(${JSON.stringify(file)});
      for (let i = 0; i < 50; i++) await kv.set('things', 'k' + i, { n: i });
      process.kill(process.pid, 'SIGKILL');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: new URL('../..', import.meta.url).pathname,
      encoding: 'utf8',
    });
    expect(child.signal).toBe('SIGKILL');
    const kv = await createSqliteStore(file);
    const rows = await kv.list('things', z.object({ n: z.number() }));
    expect(rows.map((r) => r.value.n).sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    await kv.close();
  });

  it('refuses a sqlite:// URL where a file path belongs (it would make a folder named "sqlite:")', async () => {
    const url = `sqlite://${join(dir, 'x.sqlite')}`;
    await expect(createSqliteStore(url)).rejects.toThrow(/takes a file path, not a URL/);
    expect(existsSync(join(process.cwd(), 'sqlite:'))).toBe(false);
  });

  it('reports a row that is not JSON and skips it', async () => {
    const file = join(dir, 'db.sqlite');
    const raw = new KeyvSqlite({ uri: `sqlite://${file}` });
    await raw.set('things:broken', '{not json');
    await raw.set('things:bare', '5');
    await raw.disconnect();
    const invalid: string[] = [];
    const kv = await createSqliteStore(file, {
      onInvalid: (ns, key) => invalid.push(`${ns}/${key}`),
    });
    expect(await kv.get('things', 'broken', z.unknown())).toBeUndefined();
    expect(await kv.list('things', z.unknown())).toEqual([]);
    expect(invalid.sort()).toEqual(['things/bare', 'things/broken', 'things/broken']);
    await kv.close();
  });

  const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

  it('creates the database, its WAL files and its new folder owner-only, even under a lax umask', async () => {
    const file = join(dir, 'private', 'jianlou.sqlite');
    const previous = process.umask(0o022);
    try {
      const kv = await createSqliteStore(file);
      await kv.set('holds', 'h1', { approveUrl: 'http://127.0.0.1/approve/secret' });
      expect(await modeOf(join(dir, 'private'))).toBe(0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(await modeOf(path)).toBe(0o600);
      await kv.close();
    } finally {
      process.umask(previous);
    }
  });

  it('narrows an existing world-readable database to owner-only when opening it', async () => {
    const file = join(dir, 'old.sqlite');
    const raw = new KeyvSqlite({ uri: `sqlite://${file}` });
    await raw.set('things:a', '{"value":1}');
    await raw.disconnect();
    await chmod(file, 0o644);
    const kv = await createSqliteStore(file);
    await kv.set('things', 'b', 2);
    for (const path of [file, `${file}-wal`, `${file}-shm`]) expect(await modeOf(path)).toBe(0o600);
    await kv.close();
  });
});
