import { describe, expect, it } from 'vitest';
import { ChannelBrokenError } from '../../src/core/errors.js';
import {
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnansweredError,
  ChannelUnknownCodeError,
} from '../../src/notify/errors.js';
import { backoffMs } from '../../src/notify/sender-drain.js';
import { channel, min, sec, setup, T0 } from './scripted-channel.js';

/**
 * One channel's share of a drain (src/notify/sender-drain.ts): when alerts are merged, which go on
 * their own, the merged message's number, re-send marks, and what a failure leaves for next time.
 * Payloads read `label#part` for one alert and `burst#seq:labels` for a merged message; ` (re)`
 * marks a re-send.
 */

describe('backoffMs', () => {
  it('doubles from 5 s per attempt and stops at 5 minutes', () => {
    expect([0, 1, 2, 3, 4].map(backoffMs)).toEqual([5_000, 5_000, 10_000, 20_000, 40_000]);
    expect(backoffMs(7)).toBe(300_000);
    expect(backoffMs(30)).toBe(300_000);
  });
});

describe('merging', () => {
  it('sends three due alerts one by one, and four or more as one numbered message', async () => {
    const a = channel('a');
    const s = setup([a]);
    await s.enqueue(['x', 'y', 'z']);
    await s.sender.drainOnce();
    expect(a.delivered).toEqual(['x#1', 'y#1', 'z#1']);
    await s.enqueue(['a', 'b', 'c', 'd']);
    expect(await s.sender.drainOnce()).toEqual({ sent: 4, deferred: 0, failed: 0, messages: 1 });
    expect(a.delivered.slice(3)).toEqual(['burst#1:a,b,c,d']);
    expect(await s.state.lastSeq('a')).toBe(1);
    await s.enqueue(['e', 'f', 'g', 'h']);
    await s.sender.drainOnce();
    expect(a.delivered.slice(4)).toEqual(['burst#2:e,f,g,h']);
  });

  it('merges two alerts when the window cannot take all their messages, but not one alone, nor when they just fit', async () => {
    const a = channel('a', { parts: 2, maxPerMinute: 3 });
    const s = setup([a]);
    await s.enqueue(['x', 'y']);
    await s.sender.drainOnce();
    expect(a.delivered).toEqual(['burst#1:x,y']);

    const b = channel('b', { parts: 2, maxPerMinute: 3 });
    const t = setup([b]);
    await t.enqueue(['x']);
    await t.sender.drainOnce();
    await t.enqueue(['y']);
    await t.sender.drainOnce();
    // One slot left for a card and its mention: it waits, it is not "merged" on its own.
    expect(b.delivered).toEqual(['x#1', 'x#2']);

    const c = channel('c', { maxPerMinute: 2 });
    const u = setup([c]);
    await u.enqueue(['x', 'y']);
    await u.sender.drainOnce();
    expect(c.delivered).toEqual(['x#1', 'y#1']);
  });

  it('uses no number while the window is full', async () => {
    const a = channel('a', { maxPerMinute: 2 });
    const s = setup([a]);
    await s.enqueue(['x', 'y']);
    await s.sender.drainOnce();
    await s.enqueue(['a', 'b', 'c', 'd']);
    expect(await s.sender.drainOnce()).toMatchObject({ sent: 0, messages: 0 });
    expect(await s.state.lastSeq('a')).toBe(0);
    s.clock.advance(61 * sec);
    await s.sender.drainOnce();
    expect(a.delivered).toEqual(['x#1', 'y#1', 'burst#1:a,b,c,d']);
  });

  it('sends an alert whose first part went out, or that a merged message could not carry, on its own first', async () => {
    const a = channel('a', { parts: 2 });
    const s = setup([a]);
    const [half = '', single = ''] = await s.enqueue(['half', 'single', 'b', 'c', 'd', 'e']);
    await s.state.saveProgress(half, { a: { parts: 1, done: false } });
    await s.state.saveProgress(single, { a: { parts: 0, done: false, alone: true } });
    expect(await s.sender.drainOnce()).toEqual({ sent: 6, deferred: 0, failed: 0, messages: 4 });
    expect(a.delivered).toEqual(['half#2', 'single#1', 'single#2', 'burst#1:b,c,d,e']);
    expect(s.entry(half)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it('closes an alert whose every part went out before a crash, without sending anything again', async () => {
    const a = channel('a', { parts: 2 });
    const s = setup([a]);
    const [id = ''] = await s.enqueue(['x']);
    await s.state.saveProgress(id, { a: { parts: 2, done: false } });
    expect(await s.sender.drainOnce()).toEqual({ sent: 1, deferred: 0, failed: 0, messages: 0 });
    expect(a.delivered).toEqual([]);
    expect(s.entry(id)?.status).toBe('done');
  });

  it('starts an alert once however many parts it has', async () => {
    const a = channel('a', { parts: 3 });
    const s = setup([a]);
    const [id = ''] = await s.enqueue(['x']);
    await s.sender.drainOnce();
    expect(a.delivered).toEqual(['x#1', 'x#2', 'x#3']);
    expect(s.entry(id)).toMatchObject({ status: 'done', attempts: 1 });
  });
});

describe('re-sends and numbers after a failure', () => {
  it('marks a single alert that got no answer as a re-send, and only that one', async () => {
    let lost = true;
    const a = channel('a', {
      fail: (p) => (lost && p === 'x#1' ? new ChannelUnansweredError('timeout') : undefined),
    });
    const s = setup([a]);
    const [x = ''] = await s.enqueue(['x', 'y']);
    expect(await s.sender.drainOnce()).toMatchObject({ sent: 0, deferred: 2 });
    expect(await s.state.progress(x)).toEqual({ a: { parts: 0, done: false, uncertain: true } });
    lost = false;
    s.clock.advance(5 * sec);
    await s.sender.drainOnce();
    expect(a.delivered).toEqual(['x#1 (re)', 'y#1']);
  });

  it('a merged message that got no answer goes again with its number, marked; a new alert due with it goes unmarked', async () => {
    let lost = true;
    const a = channel('a', {
      fail: (p) => (lost && p.startsWith('burst') ? new ChannelUnansweredError('cut') : undefined),
    });
    const s = setup([a]);
    const ids = await s.enqueue(['a', 'b', 'c', 'd']);
    await s.sender.drainOnce();
    for (const id of ids) {
      expect(await s.state.progress(id)).toEqual({ a: { parts: 0, done: false, seq: 1, uncertain: true } });
    }
    lost = false;
    s.clock.advance(5 * sec);
    await s.sender.drainOnce();
    expect(a.delivered).toEqual(['burst#1:a,b,c,d (re)']);

    lost = true;
    await s.enqueue(['e', 'f', 'g', 'h']);
    await s.sender.drainOnce();
    lost = false;
    await s.enqueue(['i']);
    s.clock.advance(5 * sec);
    await s.sender.drainOnce();
    // Only what may have arrived is a re-send: #2 again, marked; the new alert is not labelled.
    expect(a.delivered.slice(1)).toEqual(['burst#2:e,f,g,h (re)', 'i#1']);
    expect(await s.state.lastSeq('a')).toBe(2);
  });

  it('a merged message the robot asked to wait for goes again merged, not as a re-send, with the same number (#1 never arrived)', async () => {
    let busy = true;
    const a = channel('a', {
      fail: () => (busy ? new ChannelRetryableError('rate limited', 45009, min) : undefined),
    });
    const s = setup([a]);
    const ids = await s.enqueue(['a', 'b', 'c', 'd']);
    expect(await s.sender.drainOnce()).toMatchObject({ sent: 0, deferred: 4 });
    expect(s.logs).toEqual([
      {
        level: 'warn',
        obj: { channel: 'a', errcode: 45009, until: new Date(T0 + min).toISOString() },
        msg: 'rate limited',
      },
    ]);
    expect(s.entry(ids[0] ?? '')).toMatchObject({
      status: 'pending',
      lastError: 'rate limited',
      notBefore: new Date(T0 + min).toISOString(),
    });
    busy = false;
    s.clock.advance(min);
    expect(await s.state.lastSeq('a')).toBe(0);
    expect(await s.sender.drainOnce()).toMatchObject({ sent: 4, messages: 1 });
    expect(a.delivered).toEqual(['burst#1:a,b,c,d']);
    expect(await s.state.lastSeq('a')).toBe(1);
  });

  it('a merged message in two parts whose second part must wait keeps its number: its first part arrived', async () => {
    let busy = true;
    const a = channel('a', {
      burstParts: 2,
      fail: (p) => (busy && p.includes('/2:') ? new ChannelRetryableError('wait', 45009, min) : undefined),
    });
    const s = setup([a]);
    await s.enqueue(['a', 'b', 'c', 'd']);
    await s.sender.drainOnce();
    expect(a.delivered).toEqual(['burst#1/1:a,b']);
    expect(await s.state.lastSeq('a')).toBe(1);
    busy = false;
    s.clock.advance(min);
    await s.enqueue(['e', 'f', 'g', 'h']);
    await s.sender.drainOnce();
    // The next merged message is #2: #1 was seen in part.
    expect(a.delivered.slice(1).some((p) => p.startsWith('burst#2'))).toBe(true);
  });

  it('a merged message the channel could not take (broken) gives its number back', async () => {
    let broken = true;
    const a = channel('a', {
      fail: () => (broken ? new ChannelBrokenError('webhook key revoked') : undefined),
    });
    const s = setup([a]);
    await s.enqueue(['a', 'b', 'c', 'd']);
    await s.sender.drainOnce();
    expect(await s.state.lastSeq('a')).toBe(0);
    broken = false;
    await s.kv.delete('channel', 'a');
    await s.sender.drainOnce();
    expect(a.delivered).toEqual(['burst#1:a,b,c,d']);
  });

  it('a merged message that may have arrived keeps its number even when its re-send must wait', async () => {
    let fail: 'cut' | 'wait' | undefined = 'cut';
    const a = channel('a', {
      fail: () =>
        fail === 'cut'
          ? new ChannelUnansweredError('cut')
          : fail === 'wait'
            ? new ChannelRetryableError('wait', 45009, min)
            : undefined,
    });
    const s = setup([a]);
    await s.enqueue(['a', 'b', 'c', 'd']);
    await s.sender.drainOnce();
    fail = 'wait';
    s.clock.advance(min);
    await s.sender.drainOnce();
    // #1 may be in the group already: it is not given back.
    expect(await s.state.lastSeq('a')).toBe(1);
    fail = undefined;
    s.clock.advance(min);
    await s.sender.drainOnce();
    expect(a.delivered).toEqual(['burst#1:a,b,c,d (re)']);
  });

  it('a merged message refused for good is split: each alert goes on its own next time', async () => {
    const a = channel('a', {
      fail: (p) => (p.startsWith('burst') ? new ChannelPayloadError('too long', 40058) : undefined),
    });
    const s = setup([a]);
    const ids = await s.enqueue(['a', 'b', 'c', 'd']);
    expect(await s.sender.drainOnce()).toEqual({ sent: 0, deferred: 4, failed: 0, messages: 0 });
    expect(s.logs).toEqual([
      {
        level: 'error',
        obj: { channel: 'a', errcode: 40058 },
        msg: 'message refused, not retried: too long',
      },
    ]);
    expect(s.entry(ids[0] ?? '')).toMatchObject({
      status: 'pending',
      lastError: 'too long (will be sent on its own)',
      notBefore: new Date(T0).toISOString(),
    });
    expect(await s.state.progress(ids[0] ?? '')).toEqual({
      a: { parts: 0, done: false, alone: true, seq: 1 },
    });
    expect(await s.sender.drainOnce()).toMatchObject({ sent: 4 });
    expect(a.delivered).toEqual(['a#1', 'b#1', 'c#1', 'd#1']);
  });

  it('a single alert refused for good fails with the reason, logged', async () => {
    const a = channel('a', {
      fail: (p) => (p === 'x#1' ? new ChannelPayloadError('bad markdown', 40008) : undefined),
    });
    const s = setup([a]);
    const [x = ''] = await s.enqueue(['x', 'y']);
    expect(await s.sender.drainOnce()).toEqual({ sent: 1, deferred: 0, failed: 1, messages: 1 });
    expect(s.entry(x)).toMatchObject({ status: 'failed', lastError: 'a: bad markdown' });
  });

  it('gives up on an unknown code after its attempts, naming the code and the count', async () => {
    const a = channel('a', { fail: () => new ChannelUnknownCodeError('odd answer', 12345, 1) });
    const s = setup([a]);
    const [x = ''] = await s.enqueue(['x']);
    expect(await s.sender.drainOnce()).toMatchObject({ failed: 1 });
    const why = 'gave up after 1 attempts on unknown errcode 12345: odd answer';
    expect(s.entry(x)).toMatchObject({ status: 'failed', lastError: `a: ${why}` });
    expect(s.logs).toEqual([
      {
        level: 'error',
        obj: { channel: 'a', errcode: 12345, attempts: 1 },
        msg: `message not delivered, ${why}`,
      },
    ]);
  });

  it('a broken channel is marked and logged loudly with what to do; the alert waits', async () => {
    const a = channel('a', { fail: () => new ChannelBrokenError('webhook key revoked') });
    const s = setup([a]);
    const [x = ''] = await s.enqueue(['x']);
    expect(await s.sender.drainOnce()).toMatchObject({ sent: 0, deferred: 1 });
    expect(s.logs).toEqual([
      {
        level: 'error',
        obj: { channel: 'a', errcode: null },
        msg:
          'NOTIFICATION CHANNEL "a" IS BROKEN: webhook key revoked. Alerts are kept and sent once it works again ' +
          '(check with: jianlou doctor --send).',
      },
    ]);
    expect(await s.state.brokenMark('a')).toEqual({
      broken: true,
      since: new Date(T0).toISOString(),
      errcode: null,
      message: 'webhook key revoked',
    });
    expect(s.entry(x)).toMatchObject({ status: 'pending', lastError: 'webhook key revoked' });
  });
});

describe('bursts across channels and windows', () => {
  it('a merged message one channel delivered is not sent to it again while another channel still owes it', async () => {
    let busy = true;
    const a = channel('a');
    const b = channel('b', {
      fail: () => (busy ? new ChannelRetryableError('busy', -1, 10 * sec) : undefined),
    });
    const s = setup([a, b]);
    await s.enqueue(['a', 'b', 'c', 'd']);
    await s.sender.drainOnce();
    busy = false;
    s.clock.advance(10 * sec);
    expect(await s.sender.drainOnce()).toMatchObject({ sent: 4 });
    expect(a.delivered).toEqual(['burst#1:a,b,c,d']);
    // Each channel numbers its own merged messages; b's first try never arrived: it is #1 all the same.
    expect(b.delivered).toEqual(['burst#1:a,b,c,d']);
  });

  it('a merged message the window had no room for stays merged for the next window, with the same number', async () => {
    const a = channel('a', { parts: 2, maxPerMinute: 2 });
    const s = setup([a]);
    const [single = ''] = await s.enqueue(['single', 'b', 'c', 'd', 'e']);
    await s.state.saveProgress(single, { a: { parts: 0, done: false, alone: true } });
    expect(await s.sender.drainOnce()).toEqual({ sent: 1, deferred: 4, failed: 0, messages: 2 });
    s.clock.advance(61 * sec);
    expect(await s.sender.drainOnce()).toMatchObject({ sent: 4, messages: 1 });
    expect(a.delivered).toEqual(['single#1', 'single#2', 'burst#1:b,c,d,e']);
  });

  it('a merged message given up on (unknown code) is split, with the reason', async () => {
    const a = channel('a', {
      fail: (p) => (p.startsWith('burst') ? new ChannelUnknownCodeError('odd', 777, 1) : undefined),
    });
    const s = setup([a]);
    const [first = ''] = await s.enqueue(['a', 'b', 'c', 'd']);
    expect(await s.sender.drainOnce()).toMatchObject({ sent: 0, deferred: 4 });
    expect(s.entry(first)?.lastError).toBe(
      'gave up after 1 attempts on unknown errcode 777: odd (will be sent on its own)',
    );
    await s.sender.drainOnce();
    expect(a.delivered).toEqual(['a#1', 'b#1', 'c#1', 'd#1']);
  });
});

describe('sender state', () => {
  it('reads a broken mark written by hand with only `broken: true`, and ignores `broken: false`', async () => {
    const s = setup([channel('a')]);
    await s.kv.set('channel', 'a', { broken: true });
    expect(await s.state.brokenMark('a')).toEqual({ broken: true, since: '', errcode: null, message: '' });
    await s.kv.set('channel', 'a', { broken: false, since: 'x' });
    expect(await s.state.brokenMark('a')).toBeUndefined();
  });
});
