import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMemoryStore } from '../../src/store/memory.js';
import { NS } from '../../src/store/namespaces.js';
import { createOutbox } from '../../src/store/outbox.js';
import { createStateRepo } from '../../src/store/state.js';
import type { KvStore } from '../../src/store/types.js';

// Issue 17, warm cycle: what the engine alone writes is not read back or rewritten when a check
// changed nothing — the watch state's cycle number, an absent document, an empty effect lane.

/** A store that counts each call by method and namespace, and can fail the next write of a namespace. */
function counting(kv: KvStore) {
  const calls: string[] = [];
  let failNs: string | undefined;
  /** Records a write; throws when it is the one to fail. */
  const write = (method: string, ns: string) => {
    calls.push(`${method} ${ns}`);
    if (failNs !== ns) return;
    failNs = undefined;
    throw new Error('disk full');
  };
  const store: KvStore = {
    async get(ns, key, schema) {
      calls.push(`get ${ns}`);
      return kv.get(ns, key, schema);
    },
    async set(ns, key, value) {
      write('set', ns);
      return kv.set(ns, key, value);
    },
    async add(ns, key, value) {
      write('add', ns);
      return kv.add(ns, key, value);
    },
    async delete(ns, key) {
      calls.push(`delete ${ns}`);
      return kv.delete(ns, key);
    },
    async list(ns, schema) {
      calls.push(`list ${ns}`);
      return kv.list(ns, schema);
    },
    close: () => kv.close(),
  };
  return {
    store,
    calls,
    /** The calls made since the last look. */
    take() {
      return calls.splice(0);
    },
    failNext(ns: string) {
      failNs = ns;
    },
  };
}

const doc = z.object({ cycle: z.number(), courses: z.record(z.string(), z.string()) });

describe('an owned state document with unsaved fields', () => {
  it('a save that differs only in them writes nothing; load returns it all the same', async () => {
    const kv = counting(createMemoryStore());
    const repo = createStateRepo(kv.store, 'watch', doc, { owned: true, unsaved: ['cycle'] });
    await repo.save({ cycle: 1, courses: { a: 'full' } });
    expect(kv.take()).toEqual(['set state']);
    await repo.save({ cycle: 2, courses: { a: 'full' } });
    expect(kv.take()).toEqual([]);
    expect(await repo.load()).toEqual({ cycle: 2, courses: { a: 'full' } });
    // The store still has what was written last: cycle 1.
    expect(await kv.store.get(NS.state, 'watch', doc)).toEqual({ cycle: 1, courses: { a: 'full' } });
    kv.take();
    await repo.save({ cycle: 3, courses: { a: 'open' } });
    expect(kv.take()).toEqual(['set state']);
    expect(await kv.store.get(NS.state, 'watch', doc)).toEqual({ cycle: 3, courses: { a: 'open' } });
  });

  it('`always` writes even an unchanged document', async () => {
    const kv = counting(createMemoryStore());
    const repo = createStateRepo(kv.store, 'watch', doc, { owned: true, unsaved: ['cycle'] });
    await repo.save({ cycle: 1, courses: {} });
    kv.take();
    await repo.save({ cycle: 2, courses: {} }, { always: true });
    expect(kv.take()).toEqual(['set state']);
    expect(await kv.store.get(NS.state, 'watch', doc)).toEqual({ cycle: 2, courses: {} });
  });

  it('compares with what was loaded from the store too, and with nothing after a failed write', async () => {
    const kv = counting(createMemoryStore());
    await kv.store.set(NS.state, 'watch', { cycle: 7, courses: { a: 'full' } });
    const repo = createStateRepo(kv.store, 'watch', doc, { owned: true, unsaved: ['cycle'] });
    await repo.load();
    kv.take();
    await repo.save({ cycle: 8, courses: { a: 'full' } });
    expect(kv.take()).toEqual([]);
    kv.failNext(NS.state);
    await expect(repo.save({ cycle: 9, courses: { a: 'open' } })).rejects.toThrow('disk full');
    kv.take();
    // The failed write may or may not have landed: the same document is written again, not skipped.
    await repo.save({ cycle: 10, courses: { a: 'open' } });
    expect(kv.take()).toEqual(['set state']);
  });

  it('without `owned`, every save writes', async () => {
    const kv = counting(createMemoryStore());
    const repo = createStateRepo(kv.store, 'watch', doc, { unsaved: ['cycle'] });
    await repo.save({ cycle: 1, courses: {} });
    await repo.save({ cycle: 2, courses: {} });
    expect(kv.take()).toEqual(['set state', 'set state']);
  });

  it('keeps its own copy: changing the saved object afterwards changes nothing', async () => {
    const repo = createStateRepo(createMemoryStore(), 'watch', doc, { owned: true, unsaved: ['cycle'] });
    const state = { cycle: 1, courses: { a: 'full' } };
    await repo.save(state);
    state.courses.a = 'changed by the caller';
    await repo.save({ cycle: 2, courses: { a: 'full' } });
    expect(await repo.load()).toEqual({ cycle: 2, courses: { a: 'full' } });
  });
});

describe('an owned document that is not in the store', () => {
  it('is looked for once; the first save writes it and later loads return it', async () => {
    const kv = counting(createMemoryStore());
    const repo = createStateRepo(kv.store, 'rate-pause', z.object({ until: z.number() }), { owned: true });
    expect(await repo.load()).toBeUndefined();
    expect(await repo.load()).toBeUndefined();
    expect(kv.take()).toEqual(['get state']);
    await repo.save({ until: 5 });
    expect(await repo.load()).toEqual({ until: 5 });
    expect(kv.take()).toEqual(['set state']);
  });

  it('after a failed first save, the next load reads the store again', async () => {
    const kv = counting(createMemoryStore());
    const repo = createStateRepo(kv.store, 'rate-pause', z.object({ until: z.number() }), { owned: true });
    await repo.load();
    kv.failNext(NS.state);
    await expect(repo.save({ until: 5 })).rejects.toThrow('disk full');
    kv.take();
    expect(await repo.load()).toBeUndefined();
    expect(kv.take()).toEqual(['get state']);
  });
});

const T0 = new Date('2026-07-01T02:00:00.000Z');
const hold = (id: string) => ({
  id,
  lane: 'effect' as const,
  payload: { type: 'hold', id },
  createdAt: T0.toISOString(),
});

describe('the outbox’s effect lane (only the engine queues and runs holds)', () => {
  it('is not read again while it is known to be empty, and is after a hold is queued', async () => {
    const kv = counting(createMemoryStore());
    const outbox = createOutbox(kv.store);
    expect(await outbox.due('effect', T0)).toEqual([]);
    expect(kv.take()).toEqual(['list outbox']);
    expect(await outbox.due('effect', T0)).toEqual([]);
    expect(kv.take()).toEqual([]);
    await outbox.enqueue(hold('h1'));
    kv.take();
    expect((await outbox.due('effect', T0)).map((e) => e.id)).toEqual(['h1']);
    expect(kv.take()).toEqual(['list outbox']);
    await outbox.start('h1', T0);
    // Running, not ended: still looked at.
    expect(await outbox.due('effect', T0)).toEqual([]);
    await outbox.done('h1', T0);
    kv.take();
    expect(await outbox.due('effect', T0)).toEqual([]);
    expect(kv.take()).toEqual([]);
  });

  it('an effect that failed ends too; one whose ending could not be written is looked for again', async () => {
    const kv = counting(createMemoryStore());
    const outbox = createOutbox(kv.store);
    await outbox.enqueue(hold('h1'));
    await outbox.enqueue(hold('h2'));
    await outbox.due('effect', T0);
    await outbox.start('h1', T0);
    await outbox.fail('h1', 'refused');
    await outbox.start('h2', T0);
    kv.failNext(NS.outbox);
    await expect(outbox.done('h2', T0)).rejects.toThrow('disk full');
    kv.take();
    // h2 is still 'running' under this process in the store: not due, but the lane is read.
    expect(await outbox.due('effect', T0)).toEqual([]);
    expect(kv.take()).toContain('list outbox');
  });

  it('a hold left running by a crashed process is found by the next process at its first look', async () => {
    const kv = createMemoryStore();
    const crashed = createOutbox(kv, { processId: 'old' });
    await crashed.enqueue(hold('h1'));
    await crashed.due('effect', T0);
    await crashed.start('h1', T0);
    const next = createOutbox(kv, { processId: 'new' });
    expect((await next.due('effect', T0)).map((e) => e.id)).toEqual(['h1']);
  });

  it('a fresh outbox reads the lane once: finished holds do not count, a pending one stays due until it ends', async () => {
    const kv = counting(createMemoryStore());
    const before = createOutbox(kv.store, { processId: 'before' });
    await before.enqueue(hold('done'));
    await before.enqueue(hold('failed'));
    await before.due('effect', T0);
    await before.start('done', T0);
    await before.done('done', T0);
    await before.start('failed', T0);
    await before.fail('failed', 'refused');
    const outbox = createOutbox(kv.store);
    kv.take();
    expect(await outbox.due('effect', T0)).toEqual([]);
    expect(await outbox.due('effect', T0)).toEqual([]);
    expect(kv.take()).toEqual(['list outbox']);
    // Queued and not taken up (a check stopped before it ran): due again next time.
    await outbox.enqueue(hold('later'));
    expect((await outbox.due('effect', T0)).map((e) => e.id)).toEqual(['later']);
    expect((await outbox.due('effect', T0)).map((e) => e.id)).toEqual(['later']);
    // Running while the lane was read, then put back: due again.
    await outbox.start('later', T0);
    expect(await outbox.due('effect', T0)).toEqual([]);
    await outbox.retryLater('later', T0, 'try again');
    expect((await outbox.due('effect', T0)).map((e) => e.id)).toEqual(['later']);
  });

  it('messages queued or read meanwhile change nothing of what it knows of the effect lane', async () => {
    const kv = counting(createMemoryStore());
    const outbox = createOutbox(kv.store);
    await outbox.due('effect', T0);
    await outbox.enqueue({ ...hold('m1'), lane: 'message' });
    kv.take();
    expect((await outbox.due('message', T0)).map((e) => e.id)).toEqual(['m1']);
    expect(kv.take()).toEqual(['list outbox']);
    expect(await outbox.due('effect', T0)).toEqual([]);
    expect(kv.take()).toEqual([]);
  });

  it('the message lane is read every time (the approval server queues messages from its own process)', async () => {
    const kv = counting(createMemoryStore());
    const outbox = createOutbox(kv.store);
    await outbox.due('message', T0);
    await outbox.due('message', T0);
    expect(kv.take()).toEqual(['list outbox', 'list outbox']);
  });
});
