import { describe, expect, it } from 'vitest';
import { BadInputError, ChannelBrokenError } from '../../src/core/errors.js';
import { ChannelPayloadError, ChannelRetryableError } from '../../src/notify/errors.js';
import { createSender } from '../../src/notify/sender.js';
import { memoryKv, memoryOutbox } from './doubles.js';
import { alert, channel, min, sec, setup, T0 } from './scripted-channel.js';

/**
 * The sender's loop (`drain`, `start`/`stop`), its status and its test send, over in-process
 * channels that deliver or fail as a test says: when it sleeps, when it gives up, what it reports.
 */

describe('createSender', () => {
  it('needs a channel, and delivers every alert to `channel` and to each of `channels`', async () => {
    const outbox = memoryOutbox();
    const kv = memoryKv();
    expect(() => createSender({ outbox, kv })).toThrow(BadInputError);
    expect(() => createSender({ outbox, kv, channels: [] })).toThrow(
      'createSender: at least one notification channel is needed',
    );
    const a = channel('a');
    const b = channel('b');
    const only = createSender({ outbox, kv, channel: a });
    expect((await only.channelStatus()).map((s) => s.id)).toEqual(['a']);
    const both = createSender({ outbox, kv, channel: a, channels: [b] });
    expect((await both.channelStatus()).map((s) => s.id)).toEqual(['a', 'b']);
  });

  it('reads the real clock and allows 20 messages a minute unless the channel or the options say otherwise', async () => {
    const outbox = memoryOutbox();
    const kv = memoryKv();
    const own = channel('own', { maxPerMinute: 3 });
    const plain = channel('plain');
    const before = Date.now();
    const byDefault = await createSender({ outbox, kv, channels: [own, plain] }).channelStatus();
    expect(byDefault.map((s) => s.maxPerMinute)).toEqual([3, 20]);
    const at = Date.parse(byDefault[1]?.nextSendAt ?? '');
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
    const asked = await createSender({ outbox, kv, channels: [own, plain], maxPerMinute: 5 }).channelStatus();
    expect(asked.map((s) => s.maxPerMinute)).toEqual([3, 5]);
  });
});

describe('drainOnce', () => {
  it('fails an unreadable entry with the reason, logged with the entry id', async () => {
    const s = setup([channel('a')]);
    await s.outbox.enqueue({ id: 'bad', lane: 'message', payload: { kind: 'nope' }, createdAt: 'x' });
    const r = await s.sender.drainOnce();
    expect(r).toEqual({ sent: 0, deferred: 0, failed: 1, messages: 0 });
    const why = s.entry('bad')?.lastError ?? '';
    // zod's two lines (what is wrong, where) on one.
    expect(why).toMatch(
      /^not a valid alert: ✖ Invalid discriminator value\. Expected 'opening' .* 'test' {3}→ at kind$/,
    );
    expect(s.logs).toEqual([{ level: 'error', obj: { entry: 'bad' }, msg: why }]);
  });

  it('marks an entry done only when every channel delivered it; the others keep it open', async () => {
    const a = channel('a');
    const b = channel('b', { fail: () => new ChannelRetryableError('busy', -1, 30 * sec) });
    const s = setup([a, b]);
    const [id = ''] = await s.enqueue(['one']);
    expect(await s.sender.drainOnce()).toEqual({ sent: 0, deferred: 1, failed: 0, messages: 1 });
    expect(a.delivered).toEqual(['one#1']);
    expect(s.entry(id)).toMatchObject({ status: 'pending', lastError: 'busy' });
    const status = await s.sender.channelStatus();
    expect(status.map((c) => [c.id, c.state, c.pending])).toEqual([
      ['a', 'ok', 0],
      ['b', 'paused', 1],
    ]);
  });

  it('fails an entry every channel refused, naming each channel and its reason', async () => {
    const refuse = () => new ChannelPayloadError('too long', 40058);
    const s = setup([channel('a', { fail: refuse }), channel('b', { fail: refuse })]);
    const [id = ''] = await s.enqueue(['one']);
    expect(await s.sender.drainOnce()).toEqual({ sent: 0, deferred: 0, failed: 1, messages: 0 });
    expect(s.entry(id)).toMatchObject({ status: 'failed', lastError: 'a: too long; b: too long' });
    expect(await s.state.progress(id)).toEqual({});
  });

  it('leaves an entry untouched when its channel is broken, and says why it waits when the window fills mid-alert', async () => {
    const a = channel('a');
    const s = setup([a]);
    await s.state.markBroken('a', { broken: true, since: 'x', errcode: 93000, message: 'bad key' });
    const [id = ''] = await s.enqueue(['one']);
    expect(await s.sender.drainOnce()).toEqual({ sent: 0, deferred: 1, failed: 0, messages: 0 });
    expect(s.entry(id)).toEqual(expect.objectContaining({ status: 'pending', attempts: 0 }));
    expect(s.entry(id)?.lastError).toBeUndefined();
    expect(s.entry(id)?.notBefore).toBeUndefined();

    const two = channel('two', { parts: 3, maxPerMinute: 2 });
    const t = setup([two]);
    const [card = ''] = await t.enqueue(['card']);
    t.clock.advance(5 * sec);
    expect(await t.sender.drainOnce()).toEqual({ sent: 0, deferred: 1, failed: 0, messages: 2 });
    expect(two.delivered).toEqual(['card#1', 'card#2']);
    expect(t.entry(card)).toMatchObject({
      status: 'pending',
      lastError: 'waiting for the rate limit',
      notBefore: new Date(T0 + 5 * sec).toISOString(),
    });
  });
});

describe('drain', () => {
  it('sleeps until a paused channel is free again, once, and counts the messages', async () => {
    const gate = { ms: () => 0 };
    const b = channel('b', {
      fail: () => (gate.ms() < 30 * sec ? new ChannelRetryableError('busy', -1, 30 * sec) : undefined),
    });
    const a = channel('a');
    const s = setup([a, b]);
    gate.ms = s.ms;
    await s.enqueue(['one', 'two']);
    expect(await s.sender.drain({ until: new Date(T0 + 5 * min) })).toEqual({
      sent: 2,
      deferred: 0,
      failed: 0,
      messages: 4,
    });
    expect(s.sleeps).toEqual([30 * sec]);
    expect(s.reads).toEqual([0, 30 * sec]);
    expect(b.delivered).toEqual(['one#1', 'two#1']);
    // What `a` already delivered is not sent to it again.
    expect(a.delivered).toEqual(['one#1', 'two#1']);
  });

  it('wakes for the earliest entry first, and for an entry that is not due yet', async () => {
    const a = channel('a');
    const s = setup([a]);
    await s.enqueue(['late'], 90 * sec);
    await s.enqueue(['early'], 30 * sec);
    expect(await s.sender.drain({ until: new Date(T0 + 5 * min) })).toMatchObject({ sent: 2, deferred: 0 });
    expect(s.sleeps).toEqual([30 * sec, 60 * sec]);
    expect(a.delivered).toEqual(['early#1', 'late#1']);
  });

  it('stops at `until`: sends what is due at that very time, leaves what comes after', async () => {
    const a = channel('a');
    const s = setup([a]);
    await s.enqueue(['at-until'], 30 * sec);
    await s.enqueue(['after'], 90 * sec);
    expect(await s.sender.drain({ until: new Date(T0 + 30 * sec) })).toEqual({
      sent: 1,
      deferred: 1,
      failed: 0,
      messages: 1,
    });
    expect(s.sleeps).toEqual([30 * sec]);
    expect(s.reads).toEqual([0, 30 * sec]);
    expect(a.delivered).toEqual(['at-until#1']);
  });

  it('does not sleep past `until`, and stops at `until` even when more could go at once', async () => {
    const a = channel('a');
    const s = setup([a]);
    await s.enqueue(['after'], 90 * sec);
    expect(await s.sender.drain({ until: new Date(T0 + 30 * sec) })).toMatchObject({ sent: 0, deferred: 1 });
    expect(s.sleeps).toEqual([]);
    expect(a.delivered).toEqual([]);

    const b = channel('b', { parts: 2, maxPerMinute: 3 });
    const t = setup([b], { mergeAbove: Number.POSITIVE_INFINITY });
    await t.enqueue(['x', 'y']);
    expect(await t.sender.drain({ until: new Date(T0) })).toMatchObject({ sent: 1, deferred: 1 });
    expect(t.reads).toEqual([0]);
  });

  it('does not sleep for a broken channel: what it owes waits for a person', async () => {
    const s = setup([channel('a')]);
    await s.state.markBroken('a', { broken: true, since: 'x', errcode: 93000, message: 'bad key' });
    await s.enqueue(['one']);
    expect(await s.sender.drain({ until: new Date(T0 + 10 * min) })).toEqual({
      sent: 0,
      deferred: 1,
      failed: 0,
      messages: 0,
    });
    expect(s.sleeps).toEqual([]);
    expect(s.ms()).toBe(0);
  });

  it('looks again at once after progress, then every second while a card and its mention do not fit', async () => {
    const a = channel('a', { parts: 2, maxPerMinute: 3 });
    const s = setup([a], { mergeAbove: Number.POSITIVE_INFINITY });
    await s.enqueue(['x', 'y']);
    expect(await s.sender.drain({ until: new Date(T0 + 5 * min) })).toMatchObject({ sent: 2, deferred: 0 });
    expect(a.delivered).toEqual(['x#1', 'x#2', 'y#1', 'y#2']);
    expect(s.reads.slice(0, 3)).toEqual([0, 0, sec]);
    // The rate window is 61 s: the first two messages leave it then.
    expect(s.sleeps).toEqual(Array.from({ length: 61 }, () => sec));
    expect(s.ms()).toBe(61 * sec);
  });

  it('after progress that delivered as many messages as entries, still looks again without sleeping', async () => {
    const a = channel('a', { parts: 1, maxPerMinute: 2 });
    a.render = (x) =>
      x.kind === 'test' && x.at === 'pair' ? ['pair#1', 'pair#2'] : [`${x.kind === 'test' ? x.at : ''}#1`];
    const s = setup([a], { mergeAbove: Number.POSITIVE_INFINITY });
    await s.enqueue(['one', 'pair']);
    await s.sender.drain({ until: new Date(T0 + 5 * min) });
    expect(a.delivered).toEqual(['one#1', 'pair#1', 'pair#2']);
    expect(s.reads.slice(0, 3)).toEqual([0, 0, sec]);
  });

  it('counts failed entries as progress too: looks again without sleeping', async () => {
    const a = channel('a', { maxPerMinute: 2 });
    a.render = (x) => (x.kind === 'test' && x.at === 'pair' ? ['pair#1', 'pair#2'] : ['one#1']);
    const s = setup([a], { mergeAbove: Number.POSITIVE_INFINITY });
    await s.outbox.enqueue({ id: 'bad1', lane: 'message', payload: { kind: 'nope' }, createdAt: 'x' });
    await s.outbox.enqueue({ id: 'bad2', lane: 'message', payload: { kind: 'nope' }, createdAt: 'x' });
    await s.enqueue(['one', 'pair']);
    await s.sender.drain({ until: new Date(T0 + 5 * min) });
    expect(a.delivered).toEqual(['one#1', 'pair#1', 'pair#2']);
    expect(s.reads.slice(0, 3)).toEqual([0, 0, sec]);
  });

  it('an entry already delivered everywhere but still open (a crash in between) is closed when due', async () => {
    const a = channel('a');
    const s = setup([a]);
    const [id = ''] = await s.enqueue(['one'], 90 * sec);
    await s.state.saveProgress(id, { a: { parts: 1, done: true } });
    expect(await s.sender.drain({ until: new Date(T0 + 5 * min) })).toMatchObject({ sent: 1, deferred: 0 });
    expect(s.sleeps).toEqual([90 * sec]);
    expect(a.delivered).toEqual([]);
    expect(s.entry(id)?.status).toBe('done');
  });

  it('does nothing when stopped before it starts, and returns at once when stopped while sleeping', async () => {
    const s = setup([channel('a')]);
    await s.enqueue(['one']);
    expect(await s.sender.drain({ until: new Date(T0 + 5 * min), signal: AbortSignal.abort() })).toEqual({
      sent: 0,
      deferred: 1,
      failed: 0,
      messages: 0,
    });
    expect(s.reads).toEqual([]);

    const stop = new AbortController();
    let naps = 0;
    const t = setup([channel('a', { fail: () => new ChannelRetryableError('busy', -1, 30 * sec) })], {
      // A sleep that never ends by itself: only the stop signal can end the drain.
      sleep: () => {
        naps++;
        queueMicrotask(() => stop.abort());
        return new Promise<void>(() => {});
      },
    });
    await t.enqueue(['one']);
    expect(await t.sender.drain({ until: new Date(T0 + 5 * min), signal: stop.signal })).toMatchObject({
      sent: 0,
      deferred: 1,
    });
    expect(naps).toBe(1);
    expect(t.reads).toEqual([0]);
  });

  it('with a signal that is never used, still sleeps and delivers', async () => {
    const busy = { on: true };
    const a = channel('a', {
      fail: () => (busy.on ? new ChannelRetryableError('busy', -1, 30 * sec) : undefined),
    });
    const s = setup([a], {
      sleep: async (ms) => {
        busy.on = false;
        s.clock.advance(ms);
      },
    });
    await s.enqueue(['one']);
    const r = await s.sender.drain({ until: new Date(T0 + 5 * min), signal: new AbortController().signal });
    expect(r).toMatchObject({ sent: 1, deferred: 0 });
    expect(a.delivered).toEqual(['one#1']);
  });

  it('waits with real timers by default, and a stop ends the wait', async () => {
    let busy = true;
    const a = channel('a', { fail: () => (busy ? new ChannelRetryableError('busy', -1, 40) : undefined) });
    const outbox = memoryOutbox();
    let reads = 0;
    const counted = {
      ...outbox,
      due: (lane: 'message' | 'effect', now: Date) => {
        reads++;
        return outbox.due(lane, now);
      },
    };
    const sender = createSender({ outbox: counted, kv: memoryKv(), channel: a });
    await outbox.enqueue({ id: 'e1', lane: 'message', payload: alert('one'), createdAt: 'x' });
    const started = Date.now();
    const drained = sender.drain({ until: new Date(Date.now() + 5_000) });
    setTimeout(() => {
      busy = false;
    }, 20);
    expect(await drained).toMatchObject({ sent: 1, deferred: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(reads).toBeLessThanOrEqual(3);

    const stop = new AbortController();
    const b = channel('b', { fail: () => new ChannelRetryableError('busy', -1, 60_000) });
    const otherBox = memoryOutbox();
    await otherBox.enqueue({ id: 'e2', lane: 'message', payload: alert('two'), createdAt: 'x' });
    const other = createSender({ outbox: otherBox, kv: memoryKv(), channel: b });
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = Date.now();
    setTimeout(() => stop.abort(), 30);
    const idle = timers();
    const stopped = await other.drain({ until: new Date(Date.now() + 120_000), signal: stop.signal });
    expect(Date.now() - before).toBeLessThan(5_000);
    expect(stopped).toMatchObject({ sent: 0, deferred: 1 });
    // The minute-long wait was cancelled, not left to keep the process alive: the abort timer is gone
    // and no new one is left (other timers of the test runner may end meanwhile, never start one here).
    await new Promise((r) => setImmediate(r));
    expect(timers()).toBeLessThanOrEqual(idle - 1);
  });
});

describe('start and stop (the daemon)', () => {
  const until = (cond: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const look = () => {
        if (cond()) resolve();
        else if (Date.now() - started > 5_000) reject(new Error('timed out waiting'));
        else setTimeout(look, 5);
      };
      look();
    });

  it('drains at once when started; a second start does not drain again', async () => {
    const a = channel('a');
    const s = setup([a], { now: () => new Date() });
    await s.enqueue(['one']);
    s.sender.start(60_000);
    s.sender.start(60_000);
    await until(() => a.delivered.length === 1);
    await new Promise((r) => setTimeout(r, 30));
    expect(s.reads).toHaveLength(1);
    await s.sender.stop();
  });

  it('drains every interval until stopped, and not once after', async () => {
    const a = channel('a');
    const s = setup([a], { now: () => new Date() });
    await s.enqueue(['one']);
    s.sender.start(15);
    await until(() => a.delivered.length === 1);
    await s.enqueue(['two']);
    await until(() => a.delivered.length === 2);
    await s.sender.stop();
    await s.enqueue(['three']);
    await new Promise((r) => setTimeout(r, 80));
    expect(a.delivered).toEqual(['one#1', 'two#1']);
  });

  it('stopped while its first drain runs, it finishes that drain and schedules no other', async () => {
    const a = channel('a');
    const s = setup([a], { now: () => new Date() });
    await s.enqueue(['one']);
    s.sender.start(15);
    await s.sender.stop();
    expect(a.delivered).toEqual(['one#1']);
    await s.enqueue(['two']);
    await new Promise((r) => setTimeout(r, 80));
    expect(a.delivered).toEqual(['one#1']);
    expect(s.reads).toHaveLength(1);
  });

  it('a drain that throws is logged and the next one still runs', async () => {
    const a = channel('a');
    const s = setup([a], { now: () => new Date() });
    const due = s.outbox.due;
    let calls = 0;
    const sender = createSender({
      outbox: {
        ...s.outbox,
        due: (lane, now) => {
          calls++;
          return calls === 1 ? Promise.reject(new Error('disk gone')) : due(lane, now);
        },
      },
      kv: s.kv,
      channel: a,
      logger: {
        info() {},
        warn() {},
        error: (obj, msg) => s.logs.push({ level: 'error', obj, msg }),
      },
    });
    await s.enqueue(['one']);
    sender.start(10);
    await until(() => a.delivered.length === 1);
    await sender.stop();
    expect(s.logs[0]?.msg).toBe('notification drain failed');
    expect(s.logs[0]?.obj).toEqual({ err: new Error('disk gone') });
  });

  it('stop without start returns at once', async () => {
    const s = setup([channel('a')]);
    await expect(s.sender.stop()).resolves.toBeUndefined();
  });
});

describe('channelStatus', () => {
  it('reports ok, paused with the next send time, and broken with the mark', async () => {
    const s = setup([
      channel('a'),
      channel('b', { fail: () => new ChannelRetryableError('busy', 45009, min) }),
    ]);
    const fresh = await s.sender.channelStatus();
    expect(fresh).toEqual([
      {
        id: 'a',
        state: 'ok',
        sentLastMinute: 0,
        maxPerMinute: 20,
        nextSendAt: new Date(T0).toISOString(),
        pending: 0,
      },
      {
        id: 'b',
        state: 'ok',
        sentLastMinute: 0,
        maxPerMinute: 20,
        nextSendAt: new Date(T0).toISOString(),
        pending: 0,
      },
    ]);
    await s.enqueue(['one']);
    await s.sender.drainOnce();
    const mark = { broken: true as const, since: 'then', errcode: 93000, message: 'bad key' };
    await s.state.markBroken('a', mark);
    const later = await s.sender.channelStatus();
    expect(later[0]).toEqual({
      id: 'a',
      state: 'broken',
      broken: mark,
      sentLastMinute: 1,
      maxPerMinute: 20,
      nextSendAt: new Date(T0).toISOString(),
      pending: 0,
    });
    expect(later[1]).toMatchObject({
      state: 'paused',
      nextSendAt: new Date(T0 + min).toISOString(),
      pending: 1,
    });
    expect(later[1]).not.toHaveProperty('broken');
  });
});

describe('sendTest', () => {
  it('sends to the first channel by default or to the one named; an unknown name is refused', async () => {
    const a = channel('a');
    const b = channel('b');
    const s = setup([a, b]);
    expect(await s.sender.sendTest()).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await s.sender.sendTest('b')).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(a.delivered).toEqual([`${new Date(T0).toISOString()}#1`]);
    expect(b.delivered).toHaveLength(1);
    await expect(s.sender.sendTest('c')).rejects.toThrow(new BadInputError('no notification channel "c"'));
    expect((await s.sender.channelStatus()).map((c) => c.sentLastMinute)).toEqual([1, 1]);
  });

  it('reports a failure: -1 for an error without a code, a pause for a retryable one, a mark for a broken one', async () => {
    let failure: Error | undefined = new Error('socket hang up');
    const a = channel('a', { fail: () => failure });
    const s = setup([a]);
    expect(await s.sender.sendTest()).toEqual({ errcode: -1, errmsg: 'socket hang up' });
    expect(s.logs.at(-1)).toEqual({
      level: 'warn',
      obj: { channel: 'a', errcode: -1 },
      msg: 'test message failed: socket hang up',
    });
    expect((await s.sender.channelStatus())[0]?.state).toBe('ok');

    failure = new ChannelRetryableError('rate limited', 45009, 30 * sec);
    expect(await s.sender.sendTest()).toEqual({ errcode: 45009, errmsg: 'rate limited' });
    expect((await s.sender.channelStatus())[0]).toMatchObject({
      state: 'paused',
      nextSendAt: new Date(T0 + 30 * sec).toISOString(),
    });
    expect(await s.state.brokenMark('a')).toBeUndefined();

    failure = new ChannelRetryableError('busy, no wait given', -1);
    s.clock.advance(min);
    expect(await s.sender.sendTest()).toEqual({ errcode: -1, errmsg: 'busy, no wait given' });
    expect((await s.sender.channelStatus())[0]).toMatchObject({
      state: 'ok',
      nextSendAt: new Date(T0 + min).toISOString(),
    });

    failure = new ChannelBrokenError('key revoked');
    s.clock.advance(min);
    expect(await s.sender.sendTest()).toEqual({ errcode: -1, errmsg: 'key revoked' });
    expect(await s.state.brokenMark('a')).toEqual({
      broken: true,
      since: new Date(T0 + 2 * min).toISOString(),
      errcode: -1,
      message: 'key revoked',
    });

    failure = undefined;
    const before = s.logs.length;
    expect(await s.sender.sendTest()).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await s.state.brokenMark('a')).toBeUndefined();
    expect(s.logs.slice(before)).toEqual([
      {
        level: 'info',
        obj: { channel: 'a' },
        msg: 'channel "a" works again; held alerts will now be sent',
      },
    ]);
    expect(await s.sender.sendTest()).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(s.logs.slice(before)).toHaveLength(1);
  });
});
