import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/memory.js';
import { createOutbox } from '../../src/store/outbox.js';

/**
 * Issue 26: an effect this process gave up on (its check's deadline, a stop) follows the crash rule
 * as if the process had died there: due again marked uncertain, an effect once only; a message
 * every time (a crash never loses an alert).
 */

const T0 = new Date('2026-07-01T02:00:00.000Z');
const effect = (id: string) => ({
  id,
  lane: 'effect' as const,
  payload: { type: 'hold' },
  createdAt: T0.toISOString(),
});

describe('outbox.interrupted', () => {
  it('an effect given up once is due again, uncertain, with why', async () => {
    const outbox = createOutbox(createMemoryStore());
    await outbox.enqueue(effect('e1'));
    await outbox.due('effect', T0);
    await outbox.start('e1', T0);
    expect(await outbox.interrupted('e1', 'the hold did not answer')).toBe('pending');
    const [due] = await outbox.due('effect', T0);
    expect(due).toMatchObject({
      id: 'e1',
      status: 'pending',
      uncertain: true,
      lastError: 'interrupted: the hold did not answer',
    });
  });

  it('an effect given up twice is failed, not redone', async () => {
    const outbox = createOutbox(createMemoryStore());
    await outbox.enqueue(effect('e1'));
    await outbox.start('e1', T0);
    await outbox.interrupted('e1', 'first');
    await outbox.start('e1', T0);
    expect(await outbox.interrupted('e1', 'second')).toBe('failed');
    expect(await outbox.due('effect', T0)).toEqual([]);
    expect(await outbox.get('e1')).toMatchObject({
      status: 'failed',
      lastError: 'interrupted: second (twice)',
    });
    expect(await outbox.open('effect')).toEqual([]);
  });

  it('a crash after one give-up counts as the second interruption', async () => {
    const kv = createMemoryStore();
    const first = createOutbox(kv, { processId: 'first' });
    await first.enqueue(effect('e1'));
    await first.start('e1', T0);
    await first.interrupted('e1', 'deadline');
    await first.start('e1', T0);
    // The process dies while it runs again: the next one fails it.
    const next = createOutbox(kv, { processId: 'next' });
    expect(await next.due('effect', T0)).toEqual([]);
    expect((await next.get('e1'))?.status).toBe('failed');
  });

  it('a message given up is due again however often', async () => {
    const outbox = createOutbox(createMemoryStore());
    await outbox.enqueue({ ...effect('m1'), lane: 'message' });
    for (let i = 0; i < 3; i++) {
      await outbox.start('m1', T0);
      expect(await outbox.interrupted('m1', 'stop')).toBe('pending');
    }
    expect(await outbox.due('message', T0)).toMatchObject([
      { id: 'm1', uncertain: true, lastError: 'interrupted: stop (3 times)' },
    ]);
  });
});
