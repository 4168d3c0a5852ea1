import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { createOutbox } from '../../src/store/outbox.js';

/**
 * The outbox rules the KvStore contract suite does not reach: the order of open entries, the
 * exact crash notes, who may start a running entry, and the prune boundary. A message sent twice
 * or never is a family told twice or not at all.
 */

const T0 = new Date('2026-07-01T02:00:00.000Z');
const at = (minute: number) => new Date(T0.getTime() + minute * 60_000);
const entry = (id: string, minute: number) => ({
  id,
  lane: 'message' as const,
  payload: { text: id },
  createdAt: at(minute).toISOString(),
});
const ids = (entries: { id: string }[]) => entries.map((e) => e.id);

/**
 * Entry 'a' of `lane`, started by run-1 which stopped while it ran: run-2 finds it pending again,
 * uncertain, and starts it again. Returns the store for the next run.
 */
async function cutOffOnce(lane: 'message' | 'effect') {
  const kv = createMemoryStore();
  await createOutbox(kv, { processId: 'run-1' }).enqueue(
    lane === 'effect' ? { ...entry('a', 0), lane } : entry('a', 0),
  );
  await createOutbox(kv, { processId: 'run-1' }).start('a', at(1));
  const second = createOutbox(kv, { processId: 'run-2' });
  expect(await second.due(lane, at(2))).toEqual([
    expect.objectContaining({
      id: 'a',
      status: 'pending',
      uncertain: true,
      lastError: 'interrupted: the process stopped while this was running',
    }),
  ]);
  await second.start('a', at(2));
  return kv;
}

describe('outbox details', () => {
  it('open() lists pending and running entries oldest first, whatever the enqueue order', async () => {
    const outbox = createOutbox(createMemoryStore());
    await outbox.enqueue(entry('late', 9));
    await outbox.enqueue(entry('early', 1));
    await outbox.enqueue(entry('middle', 5));
    await outbox.start('middle', at(10));
    expect(ids(await outbox.open('message'))).toEqual(['early', 'middle', 'late']);
  });

  it('same instant and same sequence number (a sequence lost with an older store): by id', async () => {
    const kv = createMemoryStore();
    const outbox = createOutbox(kv);
    await outbox.enqueue(entry('b', 3));
    await kv.delete('outbox-meta', 'outbox-seq');
    await outbox.enqueue(entry('a', 3));
    await kv.delete('outbox-meta', 'outbox-seq');
    await outbox.enqueue(entry('c', 3));
    expect(ids(await outbox.due('message', at(4)))).toEqual(['a', 'b', 'c']);
    expect(ids(await outbox.open('message'))).toEqual(['a', 'b', 'c']);
  });

  it('names the entry a step was asked for that does not exist', async () => {
    const outbox = createOutbox(createMemoryStore());
    await expect(outbox.start('ghost', at(1))).rejects.toThrow('outbox entry "ghost" not found');
    await expect(outbox.done('ghost', at(1))).rejects.toThrow('outbox entry "ghost" not found');
  });

  it('says which entry has a createdAt that is not an instant', async () => {
    const outbox = createOutbox(createMemoryStore());
    await expect(outbox.enqueue({ ...entry('a', 0), createdAt: 'yesterday' })).rejects.toThrow(
      'outbox entry "a" has createdAt "yesterday", not an ISO-8601 instant',
    );
  });

  it('a failed entry cannot start again', async () => {
    const outbox = createOutbox(createMemoryStore());
    await outbox.enqueue(entry('a', 0));
    await outbox.start('a', at(1));
    await outbox.fail('a', 'errcode 93000');
    await expect(outbox.start('a', at(2))).rejects.toThrow(
      'outbox entry "a" is already failed; it cannot start again',
    );
  });

  it('this process cannot start its own running entry twice; another process may (a crash)', async () => {
    const kv = createMemoryStore();
    const first = createOutbox(kv, { processId: 'run-1' });
    await first.enqueue(entry('a', 0));
    await first.start('a', at(1));
    await expect(first.start('a', at(2))).rejects.toThrow('outbox entry "a" is already running');
    const second = createOutbox(kv, { processId: 'run-2' });
    expect(await second.start('a', at(3))).toMatchObject({ status: 'running', attempts: 2 });
    // A pending entry starts whoever started it last.
    await second.retryLater('a', at(3), 'rate limited');
    expect(await second.start('a', at(4))).toMatchObject({ status: 'running', attempts: 3 });
  });

  it('notes a crash on an effect: once pending again and uncertain, twice failed', async () => {
    const kv = await cutOffOnce('effect');
    const third = createOutbox(kv, { processId: 'run-3' });
    expect(await third.due('effect', at(3))).toEqual([]);
    expect(await third.get('a')).toMatchObject({
      status: 'failed',
      lastError: 'interrupted: the process stopped while this was running (twice)',
    });
  });

  it('notes each crash on a message and offers it again, uncertain, however often it was cut off', async () => {
    const kv = await cutOffOnce('message');
    const third = createOutbox(kv, { processId: 'run-3' });
    expect(await third.due('message', at(3))).toEqual([
      expect.objectContaining({
        id: 'a',
        status: 'pending',
        uncertain: true,
        lastError: 'interrupted: the process stopped while this was running (2 times)',
      }),
    ]);
    // Delivered at last: done, and a later process finds nothing to redo.
    await third.start('a', at(3));
    await third.done('a', at(3));
    expect(await createOutbox(kv, { processId: 'run-4' }).due('message', at(4))).toEqual([]);
  });

  it('an entry never cut off carries no uncertain mark', async () => {
    const outbox = createOutbox(createMemoryStore());
    await outbox.enqueue(entry('a', 0));
    const [due] = await outbox.due('message', at(1));
    expect(due).not.toHaveProperty('uncertain');
  });

  it('prune() removes failed entries too, and keeps one finished exactly at the limit', async () => {
    const outbox = createOutbox(createMemoryStore());
    for (const id of ['failed', 'edge', 'pending']) await outbox.enqueue(entry(id, 0));
    await outbox.start('failed', at(1));
    await outbox.fail('failed', 'errcode 93000');
    await outbox.start('edge', at(1));
    await outbox.done('edge', at(10));
    expect(await outbox.prune(at(10))).toBe(1);
    expect(await outbox.get('failed')).toBeUndefined();
    expect(await outbox.get('edge')).toMatchObject({ status: 'done' });
    expect(await outbox.get('pending')).toMatchObject({ status: 'pending' });
  });
});
