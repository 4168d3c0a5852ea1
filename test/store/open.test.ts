import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openStore } from '../../src/store/open.js';

describe('openStore', () => {
  it('opens an in-memory store for memory://', async () => {
    const kv = await openStore({ kind: 'memory' });
    await kv.set('things', 'a', 1);
    expect(await kv.get('things', 'a', z.number())).toBe(1);
    await kv.close();
  });

  it('opens a sqlite file for sqlite://PATH', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'jianlou-open-'));
    const kv = await openStore({ kind: 'sqlite', path: `${dir}/s/db.sqlite` });
    await kv.set('things', 'a', 1);
    await kv.close();
    expect(existsSync(join(dir, 's', 'db.sqlite'))).toBe(true);
    await rm(dir, { recursive: true, force: true });
  });
});
