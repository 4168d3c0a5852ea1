import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BadInputError, JianlouError } from '../../src/core/errors.js';
import type { StoreOptions } from '../../src/store/codec.js';
import { createOutbox } from '../../src/store/outbox.js';
import type { KvStore } from '../../src/store/types.js';

/** One place a store lives; `open` may be called again after `close` to simulate a restart. */
export interface StoreHarness {
  open(options?: StoreOptions): Promise<KvStore>;
  /** True when a reopened store sees what the closed one wrote. */
  persistent: boolean;
  cleanup(): Promise<void>;
}

const item = z.object({ n: z.number() });
const at = (minute: number) => new Date(Date.UTC(2026, 6, 1, 8, minute));

/** The contract every KvStore backend must pass (and the outbox built on it). */
export function testKvStore(name: string, factory: () => Promise<StoreHarness>): void {
  describe(`KvStore contract: ${name}`, () => {
    let harness: StoreHarness;
    let kv: KvStore;
    let invalid: { ns: string; key: string; error: Error }[];
    const onInvalid = (ns: string, key: string, error: Error) => invalid.push({ ns, key, error });

    beforeEach(async () => {
      invalid = [];
      harness = await factory();
      kv = await harness.open({ onInvalid });
    });
    afterEach(async () => {
      await kv.close();
      await harness.cleanup();
    });

    async function restart(): Promise<KvStore> {
      await kv.close();
      kv = await harness.open({ onInvalid });
      return kv;
    }
    /** A process restart: the same data under a new process (a memory store cannot reopen, so keep it). */
    const restartProcess = async () => (harness.persistent ? restart() : kv);

    it('get returns undefined for a key never written', async () => {
      expect(await kv.get('things', 'nope', item)).toBeUndefined();
    });

    it('set stores a JSON copy that later changes to the original do not touch', async () => {
      const value = { n: 1, when: new Date('2026-07-01T00:00:00Z') };
      await kv.set('things', 'a', value);
      value.n = 2;
      expect(await kv.get('things', 'a', z.object({ n: z.number(), when: z.string() }))).toEqual({
        n: 1,
        when: '2026-07-01T00:00:00.000Z',
      });
    });

    it('set overwrites and delete reports whether something was there', async () => {
      await kv.set('things', 'a', { n: 1 });
      await kv.set('things', 'a', { n: 2 });
      expect(await kv.get('things', 'a', item)).toEqual({ n: 2 });
      expect(await kv.delete('things', 'a')).toBe(true);
      expect(await kv.delete('things', 'a')).toBe(false);
      expect(await kv.get('things', 'a', item)).toBeUndefined();
    });

    it('add writes only when the key is absent, even when racing itself', async () => {
      expect(await kv.add('things', 'a', { n: 1 })).toBe(true);
      expect(await kv.add('things', 'a', { n: 2 })).toBe(false);
      expect(await kv.get('things', 'a', item)).toEqual({ n: 1 });
      const results = await Promise.all([1, 2, 3, 4, 5].map((n) => kv.add('things', 'b', { n })));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('list returns only its own namespace, in key order, keys with ":" intact', async () => {
      await kv.set('hold', 'x', { n: 1 });
      await kv.set('hold', 's:z', { n: 2 });
      await kv.set('holds', 'y', { n: 3 });
      await kv.set('hold-x', 'w', { n: 4 });
      await kv.set('h', 'old:q', { n: 5 });
      expect(await kv.list('hold', item)).toEqual([
        { key: 's:z', value: { n: 2 } },
        { key: 'x', value: { n: 1 } },
      ]);
      expect(await kv.list('holds', item)).toEqual([{ key: 'y', value: { n: 3 } }]);
      expect(await kv.list('empty', item)).toEqual([]);
    });

    it('list returns every record of a namespace larger than one iterator page', async () => {
      for (let i = 0; i < 620; i++) await kv.set('many', `k${String(i).padStart(4, '0')}`, { n: i });
      await kv.set('other', 'k', { n: -1 });
      const rows = await kv.list('many', item);
      expect(rows).toHaveLength(620);
      expect(rows.map((r) => r.value.n)).toEqual([...Array(620).keys()]);
    });

    it('rejects bad namespaces, empty keys and values JSON cannot hold', async () => {
      await expect(kv.set('Holds', 'a', { n: 1 })).rejects.toThrow(BadInputError);
      await expect(kv.list('a_b', item)).rejects.toThrow(BadInputError);
      await expect(kv.get('a:b', 'k', item)).rejects.toThrow(BadInputError);
      await expect(kv.set('things', '', { n: 1 })).rejects.toThrow(BadInputError);
      await expect(kv.set('things', 'a', undefined)).rejects.toThrow(BadInputError);
    });

    it('treats records that fail their schema as absent and reports each one', async () => {
      await kv.set('things', 'bad', { n: 'one' });
      await kv.set('things', 'good', { n: 1 });
      expect(await kv.get('things', 'bad', item)).toBeUndefined();
      expect(await kv.list('things', item)).toEqual([{ key: 'good', value: { n: 1 } }]);
      expect(invalid.map((i) => [i.ns, i.key])).toEqual([
        ['things', 'bad'],
        ['things', 'bad'],
      ]);
      expect(invalid[0]?.error).toBeInstanceOf(Error);
    });

    it('refuses to work after close', async () => {
      await kv.close();
      await expect(kv.get('things', 'a', item)).rejects.toThrow(JianlouError);
      kv = await harness.open({ onInvalid });
    });

    it('keeps what was written across a reopen when the backend is persistent', async () => {
      await kv.set('things', 'a', { n: 1 });
      await kv.set('things', 'bad', { n: 'x' });
      await restart();
      const expected = harness.persistent ? [{ key: 'a', value: { n: 1 } }] : [];
      expect(await kv.list('things', item)).toEqual(expected);
      expect(invalid).toHaveLength(harness.persistent ? 1 : 0);
    });

    describe('outbox', () => {
      const entry = (id: string, minute: number, lane: 'message' | 'effect' = 'message') => ({
        id,
        lane,
        payload: { text: id },
        createdAt: at(minute).toISOString(),
      });
      const ids = (entries: { id: string }[]) => entries.map((e) => e.id);

      it('enqueues an id once: the second enqueue is ignored', async () => {
        const outbox = createOutbox(kv);
        expect(await outbox.enqueue(entry('a', 0))).toBe(true);
        expect(await outbox.enqueue({ ...entry('a', 5), payload: { text: 'changed' } })).toBe(false);
        expect(await outbox.get('a')).toEqual({
          ...entry('a', 0),
          status: 'pending',
          attempts: 0,
        });
      });

      it('refuses an entry whose createdAt is not an instant', async () => {
        await expect(createOutbox(kv).enqueue({ ...entry('a', 0), createdAt: 'yesterday' })).rejects.toThrow(
          BadInputError,
        );
      });

      it('gives due entries of one lane oldest first, enqueue order breaking ties', async () => {
        const outbox = createOutbox(kv);
        await outbox.enqueue(entry('late', 9));
        await outbox.enqueue(entry('tie-1', 3));
        await outbox.enqueue(entry('effect', 1, 'effect'));
        await outbox.enqueue(entry('tie-0', 3));
        await outbox.enqueue(entry('early', 2));
        expect(ids(await outbox.due('message', at(10)))).toEqual(['early', 'tie-1', 'tie-0', 'late']);
        expect(ids(await outbox.due('effect', at(10)))).toEqual(['effect']);
      });

      it('runs an entry through start and done, counting the attempt', async () => {
        const outbox = createOutbox(kv);
        await outbox.enqueue(entry('a', 0));
        const started = await outbox.start('a', at(1));
        expect(started).toMatchObject({ status: 'running', attempts: 1 });
        expect(ids(await outbox.due('message', at(1)))).toEqual([]);
        expect(ids(await outbox.open('message'))).toEqual(['a']);
        await outbox.done('a', at(2));
        expect(await outbox.get('a')).toMatchObject({ status: 'done', doneAt: at(2).toISOString() });
        expect(await outbox.open('message')).toEqual([]);
        await expect(outbox.start('a', at(3))).rejects.toThrow(/already done/);
      });

      it('holds a retried entry back until notBefore and keeps the error', async () => {
        const outbox = createOutbox(kv);
        await outbox.enqueue(entry('a', 0));
        await outbox.start('a', at(1));
        await outbox.retryLater('a', at(5), 'errcode 45009');
        expect(await outbox.due('message', at(4))).toEqual([]);
        expect(await outbox.open('message')).toMatchObject([{ id: 'a', status: 'pending' }]);
        expect(await outbox.due('message', at(5))).toMatchObject([
          { id: 'a', attempts: 1, lastError: 'errcode 45009', notBefore: at(5).toISOString() },
        ]);
      });

      it('never offers a failed entry again', async () => {
        const outbox = createOutbox(kv);
        await outbox.enqueue(entry('a', 0));
        await outbox.start('a', at(1));
        await outbox.fail('a', 'errcode 93000: webhook key invalid');
        expect(await outbox.due('message', at(9))).toEqual([]);
        expect(await outbox.get('a')).toMatchObject({ status: 'failed', lastError: /93000/ });
      });

      it('offers an effect cut off by a crash once more, marked uncertain, then marks it failed', async () => {
        const effect = { ...entry('a', 0), lane: 'effect' as const };
        await createOutbox(kv, { processId: 'run-1' }).enqueue(effect);
        await createOutbox(kv, { processId: 'run-1' }).start('a', at(1));

        let outbox = createOutbox(await restartProcess(), { processId: 'run-2' });
        expect(await outbox.due('effect', at(2))).toMatchObject([
          { id: 'a', status: 'pending', attempts: 1, lastError: /interrupted/, uncertain: true },
        ]);
        expect(await outbox.start('a', at(2))).toMatchObject({ attempts: 2 });

        outbox = createOutbox(await restartProcess(), { processId: 'run-3' });
        expect(await outbox.due('effect', at(3))).toEqual([]);
        expect(await outbox.get('a')).toMatchObject({ status: 'failed', attempts: 2 });
      });

      it('offers a message cut off by crashes again every time, marked uncertain (a crash never loses an alert)', async () => {
        await createOutbox(kv, { processId: 'run-1' }).enqueue(entry('a', 0));
        for (const run of [1, 2, 3]) {
          await createOutbox(kv, { processId: `run-${run}` }).start('a', at(run));
          const next = createOutbox(await restartProcess(), { processId: `run-${run + 1}` });
          expect(await next.due('message', at(run + 1))).toMatchObject([
            { id: 'a', status: 'pending', attempts: run, lastError: /interrupted/, uncertain: true },
          ]);
        }
      });

      it('does not treat its own running entries as crashed', async () => {
        const outbox = createOutbox(kv, { processId: 'run-1' });
        await outbox.enqueue(entry('a', 0));
        await outbox.start('a', at(1));
        expect(await outbox.due('message', at(2))).toEqual([]);
        expect(await outbox.get('a')).toMatchObject({ status: 'running' });
      });

      it('gives an entry retried before a crash its one more run', async () => {
        const first = createOutbox(kv, { processId: 'run-1' });
        await first.enqueue(entry('a', 0));
        for (const minute of [1, 2]) {
          await first.start('a', at(minute));
          await first.retryLater('a', at(minute), 'rate limited');
        }
        await first.start('a', at(3));
        const second = createOutbox(await restartProcess(), { processId: 'run-2' });
        expect(await second.due('message', at(4))).toMatchObject([{ id: 'a', attempts: 3 }]);
      });

      it('prunes finished entries older than a date and keeps open ones', async () => {
        const outbox = createOutbox(kv);
        for (const id of ['old', 'new', 'open']) await outbox.enqueue(entry(id, 0));
        await outbox.start('old', at(1));
        await outbox.done('old', at(1));
        await outbox.start('new', at(1));
        await outbox.done('new', at(20));
        expect(await outbox.prune(at(10))).toBe(1);
        expect(await outbox.get('old')).toBeUndefined();
        expect(ids(await outbox.open('message'))).toEqual(['open']);
        expect(await outbox.get('new')).toMatchObject({ status: 'done' });
      });
    });
  });
}
