import { describe, expect, it } from 'vitest';
import { ChannelUnansweredError } from '../../src/notify/errors.js';
import { createSender } from '../../src/notify/sender.js';
import { createSenderState } from '../../src/notify/sender-state.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createOutbox } from '../../src/store/outbox.js';
import type { KvStore } from '../../src/store/types.js';
import { fakeClock } from './doubles.js';
import { alert, channel, sec } from './scripted-channel.js';

/**
 * A process killed while a message is in flight (the robot holds the request): the next run over
 * the same store sends it again, labelled, however often that happened; new alerts due with a
 * re-send are not labelled. Each run is a new outbox (a new process id) and sender over one store;
 * a kill is a delivery that never returns. Payloads read `label#part`, `burst#seq:labels`; ` (re)`
 * marks a re-send.
 */

const never = new Promise<never>(() => {});

function world() {
  const kv: KvStore = createMemoryStore();
  const clock = fakeClock();
  let runs = 0;
  let seq = 0;
  return {
    kv,
    clock,
    /** A new process over the store: its outbox and a sender over the given channel. */
    run(ch: ReturnType<typeof channel>, over: { mergeAbove?: number } = {}) {
      const outbox = createOutbox(kv, { processId: `run-${++runs}` });
      const sender = createSender({ outbox, kv, channel: ch, now: clock.now, sleep: clock.sleep, ...over });
      return { outbox, sender };
    },
    async enqueue(labels: string[]): Promise<string[]> {
      const outbox = createOutbox(kv, { processId: 'enqueuer' });
      const ids: string[] = [];
      for (const label of labels) {
        const id = `m${++seq}`;
        await outbox.enqueue({
          id,
          lane: 'message',
          payload: alert(label),
          createdAt: clock.now().toISOString(),
        });
        ids.push(id);
      }
      return ids;
    },
  };
}

/** A channel whose deliveries hang (the process is killed meanwhile) while `kill()` says so. */
function killable(options: Parameters<typeof channel>[1] = {}) {
  let killing = false;
  const ch = channel('wecom', options);
  const deliver = ch.deliver.bind(ch);
  ch.deliver = (payload) => (killing ? never : deliver(payload));
  return {
    ch,
    kill: (on: boolean) => {
      killing = on;
    },
  };
}

/** Starts a drain that hangs in delivery, and lets it get there (the process then "dies"). */
async function killedDuringDelivery(sender: { drainOnce(): Promise<unknown> }) {
  void sender.drainOnce();
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
}

describe('a kill during delivery', () => {
  it('the next run sends the message again, labelled as a re-send', async () => {
    const w = world();
    const { ch, kill } = killable();
    const [id = ''] = await w.enqueue(['opening']);
    kill(true);
    await killedDuringDelivery(w.run(ch).sender);
    expect(ch.delivered).toEqual([]);
    kill(false);
    const next = w.run(ch);
    expect(await next.sender.drainOnce()).toMatchObject({ sent: 1, failed: 0 });
    expect(ch.delivered).toEqual(['opening#1 (re)']);
    expect(await next.outbox.get(id)).toMatchObject({ status: 'done' });
  });

  it('killed twice, the message is still sent on the third run, labelled: a crash never loses an alert', async () => {
    const w = world();
    const { ch, kill } = killable();
    const [id = ''] = await w.enqueue(['opening']);
    kill(true);
    await killedDuringDelivery(w.run(ch).sender);
    await killedDuringDelivery(w.run(ch).sender);
    kill(false);
    const third = w.run(ch);
    expect(await third.sender.drainOnce()).toMatchObject({ sent: 1, failed: 0 });
    expect(ch.delivered).toEqual(['opening#1 (re)']);
    expect(await third.outbox.get(id)).toMatchObject({ status: 'done' });
  });

  it('a message whose first part went out before the kill sends only the rest, labelled', async () => {
    const w = world();
    const { ch, kill } = killable({ parts: 2 });
    await w.enqueue(['hold']);
    const first = w.run(ch);
    // The first part is delivered, then the kill comes while the second is in flight.
    const deliver = ch.deliver;
    ch.deliver = async (payload) => {
      if (payload.startsWith('hold#2')) kill(true);
      return deliver(payload);
    };
    await killedDuringDelivery(first.sender);
    ch.deliver = deliver;
    kill(false);
    await w.run(ch).sender.drainOnce();
    expect(ch.delivered).toEqual(['hold#1', 'hold#2 (re)']);
  });

  it('a merged message cut off by a kill goes again with its number, labelled; the next merge gets the next number', async () => {
    const w = world();
    const { ch, kill } = killable();
    await w.enqueue(['a', 'b', 'c', 'd']);
    kill(true);
    await killedDuringDelivery(w.run(ch).sender);
    kill(false);
    const next = w.run(ch);
    await next.sender.drainOnce();
    await w.enqueue(['e', 'f', 'g', 'h']);
    await next.sender.drainOnce();
    expect(ch.delivered).toEqual(['burst#1:a,b,c,d (re)', 'burst#2:e,f,g,h']);
  });

  it('first deliveries in the next run carry no label: only the interrupted message is a re-send', async () => {
    const w = world();
    const { ch, kill } = killable();
    await w.enqueue(['old']);
    kill(true);
    await killedDuringDelivery(w.run(ch).sender);
    kill(false);
    await w.enqueue(['new']);
    await w.run(ch).sender.drainOnce();
    expect(ch.delivered).toEqual(['old#1 (re)', 'new#1']);
  });
});

describe('a lost answer on a merged message, merged again with new alerts', () => {
  it('only the part that may have arrived is a re-send, under its old number; the new alerts are not labelled', async () => {
    const w = world();
    let lost = true;
    // #1 in two parts: the answer to the first is lost, so the second never goes out.
    const ch = channel('wecom', {
      burstParts: 2,
      fail: (p) => (lost && p.startsWith('burst#1/1') ? new ChannelUnansweredError('cut') : undefined),
    });
    const { sender } = w.run(ch);
    await w.enqueue(['a', 'b', 'c', 'd']);
    expect(await sender.drainOnce()).toMatchObject({ sent: 0, messages: 0 });
    lost = false;
    w.clock.advance(10 * sec);
    await w.enqueue(['e', 'f']);
    await sender.drainOnce();
    // a and b were in the part that may have arrived; c, d (never sent) and e, f are new to the group.
    expect(ch.delivered).toEqual(['burst#1/1:a (re)', 'burst#1/2:b (re)', 'burst#2/1:c,d', 'burst#2/2:e,f']);
    expect(await createSenderState(w.kv).lastSeq('wecom')).toBe(2);
  });
});
