import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHistoryRepo } from '../../src/store/history.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { NS } from '../../src/store/namespaces.js';
import { createStateRepo } from '../../src/store/state.js';
import type { KvStore } from '../../src/store/types.js';

// Issue 17: what only the engine (the process holding the store's lock) writes is kept in memory
// after it is read or written once, so a warm cycle does not read it back from the store.
const doc = z.object({ n: z.number(), list: z.array(z.string()) });

/** A store whose next `set` fails (a full disk), once. */
function failingOnce(kv: KvStore): KvStore & { failNext(): void } {
  let fail = false;
  return {
    ...kv,
    get: kv.get.bind(kv),
    list: kv.list.bind(kv),
    add: kv.add.bind(kv),
    delete: kv.delete.bind(kv),
    close: kv.close.bind(kv),
    async set(ns, key, value) {
      if (fail) {
        fail = false;
        throw new Error('disk full');
      }
      return kv.set(ns, key, value);
    },
    failNext() {
      fail = true;
    },
  };
}

describe('an owned state document', () => {
  it('loads from the store once, then returns copies of what it loaded or saved', async () => {
    const kv = createMemoryStore();
    await kv.set(NS.state, 'watch', { n: 1, list: [] });
    const repo = createStateRepo(kv, 'watch', doc, { owned: true });
    const first = await repo.load();
    expect(first).toEqual({ n: 1, list: [] });
    first!.list.push('changed by a caller');
    // Another writer the owner does not expect is not seen: the owner is the only writer.
    await kv.set(NS.state, 'watch', { n: 99, list: [] });
    expect(await repo.load()).toEqual({ n: 1, list: [] });
    await repo.save({ n: 2, list: ['a'] });
    expect(await kv.get(NS.state, 'watch', doc)).toEqual({ n: 2, list: ['a'] });
    expect(await repo.load()).toEqual({ n: 2, list: ['a'] });
  });

  it('after a failed save, the next load reads what the store really has', async () => {
    const kv = failingOnce(createMemoryStore());
    const repo = createStateRepo(kv, 'watch', doc, { owned: true });
    await repo.save({ n: 1, list: [] });
    kv.failNext();
    await expect(repo.save({ n: 2, list: [] })).rejects.toThrow('disk full');
    expect(await repo.load()).toEqual({ n: 1, list: [] });
  });

  it('a repo that does not own the document reads the store every time', async () => {
    const kv = createMemoryStore();
    const repo = createStateRepo(kv, 'watch', doc);
    await repo.save({ n: 1, list: [] });
    await kv.set(NS.state, 'watch', { n: 5, list: [] });
    expect(await repo.load()).toEqual({ n: 5, list: [] });
  });
});

describe('the check tallies', () => {
  const at = (day: number, hour: number) => new Date(Date.UTC(2026, 6, day, hour, 10));

  it('add up across checks, accounts and days, and are what another reader of the store sees', async () => {
    const kv = failingOnce(createMemoryStore());
    const history = createHistoryRepo(kv);
    await history.recordChecks('mom', at(1, 2), { checks: 1, failures: 0 });
    await history.recordChecks('dad', at(1, 2), { checks: 1, failures: 1 });
    await history.recordChecks('mom', at(1, 2), { checks: 1, failures: 1 });
    kv.failNext();
    await expect(history.recordChecks('mom', at(1, 3), { checks: 1, failures: 0 })).rejects.toThrow();
    await history.recordChecks('mom', at(1, 3), { checks: 1, failures: 0 });
    await history.recordChecks('mom', at(2, 0), { checks: 4, failures: 0 });
    const days = await createHistoryRepo(kv).checkDays(at(1, 0));
    const byKey = Object.fromEntries(
      days.map((d) => [`${d.accountId}/${d.day}`, [d.checks[2], d.checks[3], d.failures[2], d.checks[0]]]),
    );
    expect(byKey).toEqual({
      'mom/2026-07-01': [2, 1, 1, 0],
      'dad/2026-07-01': [1, 0, 1, 0],
      'mom/2026-07-02': [0, 0, 0, 4],
    });
  });
});
