import { afterEach, describe, expect, it } from 'vitest';
import { createWecomChannel } from '../../src/notify/channel.js';
import { renderAlert } from '../../src/notify/render.js';
import { createSender } from '../../src/notify/sender.js';
import * as f from './fixtures.js';
import { busiestMinute, occurrences, senderRig } from './sender-setup.js';

const rigs: { close(): Promise<void> }[] = [];
async function rig(options?: Parameters<typeof senderRig>[0]) {
  const r = await senderRig(options);
  rigs.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.close()));
});

const minute = 60_000;

describe('sender', () => {
  it('delivers a due alert as rendered and marks it done', async () => {
    const r = await rig();
    await r.enqueue([f.holdMade()]);
    const sender = r.sender({ render: { mentionMobiles: ['13800000000'] } });
    expect(await sender.drainOnce()).toEqual({ sent: 1, deferred: 0, failed: 0, messages: 2 });
    expect(r.sink.received().map((m) => m.body)).toEqual(
      renderAlert(f.holdMade(), { mentionMobiles: ['13800000000'] }),
    );
    expect(r.statuses()).toEqual(['done']);
    expect(await sender.drainOnce()).toEqual({ sent: 0, deferred: 0, failed: 0, messages: 0 });
  });

  it('45009: waits at least a minute, then delivers exactly once', async () => {
    const r = await rig();
    const [id] = await r.enqueue([f.opening()]);
    const sender = r.sender();
    r.sink.setMode('45009');
    expect(await sender.drainOnce()).toMatchObject({ sent: 0, deferred: 1 });
    const entry = await r.outbox.get(id ?? '');
    expect(entry?.status).toBe('pending');
    expect(Date.parse(entry?.notBefore ?? '') - r.clock.now().getTime()).toBeGreaterThanOrEqual(minute);
    expect((await sender.channelStatus())[0]).toMatchObject({ id: 'wecom', state: 'paused', pending: 1 });

    r.sink.setMode('ok');
    r.clock.advance(30_000);
    expect(await sender.drainOnce()).toMatchObject({ sent: 0, messages: 0 });
    expect(r.refused()).toHaveLength(1);

    const result = await sender.drain({ until: new Date(r.clock.now().getTime() + 5 * minute) });
    expect(result).toMatchObject({ sent: 1, deferred: 0 });
    expect(r.sink.received()).toHaveLength(1);
    expect(r.statuses()).toEqual(['done']);
  });

  it('45009 between a card and its mention message resends only the mention', async () => {
    const r = await rig({ sinkMaxPerMinute: 1 });
    await r.enqueue([f.opening()]);
    const sender = r.sender({ render: { mentionUserIds: ['mom'] } });
    await sender.drainOnce();
    expect(r.sink.received().map((m) => m.msgtype)).toEqual(['template_card']);
    await sender.drain({ until: new Date(r.clock.now().getTime() + 5 * minute) });
    expect(r.sink.received().map((m) => m.msgtype)).toEqual(['template_card', 'text']);
    expect(r.statuses()).toEqual(['done']);
  });

  it('-1 system busy: retried with backoff and delivered', async () => {
    const r = await rig();
    await r.enqueue([f.gone()]);
    const sender = r.sender();
    r.sink.setMode('-1');
    expect(await sender.drainOnce()).toMatchObject({ sent: 0, deferred: 1 });
    r.sink.setMode('ok');
    expect(await sender.drain({ until: new Date(r.clock.now().getTime() + minute) })).toMatchObject({
      sent: 1,
    });
    expect(r.sink.received()).toHaveLength(1);
  });

  it('93000: marks the channel broken, shows it in the status, keeps every alert until a test send works', async () => {
    const r = await rig();
    await r.enqueue([f.opening(), f.gone()]);
    const sender = r.sender();
    r.sink.setMode('93000');
    expect(await sender.drainOnce()).toMatchObject({ sent: 0, deferred: 2, failed: 0 });
    expect(await r.brokenMark()).toMatchObject({
      broken: true,
      errcode: 93000,
      since: r.clock.now().toISOString(),
    });
    expect(String((await r.brokenMark())?.message)).not.toContain('key=demo');
    const [status] = await sender.channelStatus();
    expect(status).toMatchObject({ id: 'wecom', state: 'broken', pending: 2, broken: { errcode: 93000 } });
    expect(r.logs.some((l) => l.level === 'error' && l.msg.includes('IS BROKEN'))).toBe(true);

    // Fixed at WeCom's end, but the channel stays off until someone confirms it works.
    r.sink.setMode('ok');
    r.clock.advance(10 * minute);
    expect(await sender.drain({ until: new Date(r.clock.now().getTime() + minute) })).toMatchObject({
      sent: 0,
      deferred: 2,
    });
    expect(r.refused()).toHaveLength(1);
    expect(r.statuses()).toEqual(['pending', 'pending']);

    expect(await sender.sendTest()).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await r.brokenMark()).toBeUndefined();
    expect(await sender.drainOnce()).toMatchObject({ sent: 2, deferred: 0 });
    expect(r.sink.received().map((m) => m.msgtype)).toEqual(['text', 'template_card', 'markdown']);
    expect(r.statuses()).toEqual(['done', 'done']);
  });

  it('sendTest reports the errcode and marks a broken channel', async () => {
    const r = await rig();
    const sender = r.sender();
    r.sink.setMode('93000');
    const answer = await sender.sendTest();
    expect(answer.errcode).toBe(93000);
    expect(answer.errmsg).not.toContain('key=demo');
    expect((await sender.channelStatus())[0]?.state).toBe('broken');
  });

  it('a burst of 30 alerts is merged: all delivered, within 20 a minute, none twice', async () => {
    const r = await rig();
    const alerts = f.openings(30);
    await r.enqueue(alerts);
    const sender = r.sender({ render: { mentionMobiles: ['13800000000'] } });
    const result = await sender.drain({ until: new Date(r.clock.now().getTime() + 10 * minute) });
    expect(result).toMatchObject({ sent: 30, deferred: 0, failed: 0 });
    const received = r.sink.received();
    expect(received.length).toBeLessThan(30);
    expect(received.at(-1)?.msgtype).toBe('text');
    for (const a of alerts) expect(occurrences(received, a.observation.title)).toBe(1);
    expect(busiestMinute(received)).toBeLessThanOrEqual(20);
    expect(r.refused()).toEqual([]);
    expect(r.statuses().every((s) => s === 'done')).toBe(true);
  });

  it('without merging, 30 alerts go out 20 in the first minute and the rest after, none refused', async () => {
    const r = await rig();
    const alerts = f.openings(30);
    await r.enqueue(alerts);
    const sender = r.sender({ mergeAbove: Number.POSITIVE_INFINITY });
    expect(await sender.drainOnce()).toMatchObject({ sent: 20, deferred: 10 });
    expect((await sender.channelStatus())[0]).toMatchObject({
      sentLastMinute: 20,
      pending: 10,
      state: 'paused',
    });
    const result = await sender.drain({ until: new Date(r.clock.now().getTime() + 5 * minute) });
    expect(result).toMatchObject({ sent: 10, deferred: 0 });
    const received = r.sink.received();
    expect(received).toHaveLength(30);
    expect(
      received.map(
        (m) =>
          (m.body as { template_card: { main_title: { title: string } } }).template_card.main_title.title,
      ),
    ).toEqual(alerts.map((a) => `有空位：${a.observation.title}`));
    expect(busiestMinute(received)).toBe(20);
    expect(r.refused()).toEqual([]);
  });

  it('after a restart mid-queue, a new sender keeps the rate window and delivers the rest', async () => {
    const r = await rig();
    const alerts = f.openings(30);
    await r.enqueue(alerts);
    await r.sender({ mergeAbove: Number.POSITIVE_INFINITY }).drainOnce();
    expect(r.sink.received()).toHaveLength(20);

    const restarted = r.sender({ mergeAbove: Number.POSITIVE_INFINITY });
    expect(await restarted.drainOnce()).toMatchObject({ sent: 0, messages: 0 });
    await restarted.drain({ until: new Date(r.clock.now().getTime() + 5 * minute) });
    const received = r.sink.received();
    expect(received).toHaveLength(30);
    for (const a of alerts) expect(occurrences(received, a.observation.title)).toBe(1);
    expect(r.refused()).toEqual([]);
  });

  it('an alert delivered just before a crash is not sent again after the restart', async () => {
    const r = await rig();
    await r.enqueue([f.gone()]);
    let crash = true;
    const crashingOutbox = {
      ...r.outbox,
      done: async (id: string, now: Date) => {
        if (crash) throw new Error('power cut');
        return r.outbox.done(id, now);
      },
    };
    await expect(
      createSender({ outbox: crashingOutbox, kv: r.kv, channel: r.channel, now: r.clock.now }).drainOnce(),
    ).rejects.toThrow('power cut');
    expect(r.statuses()).toEqual(['running']);
    crash = false;
    expect(await r.sender().drainOnce()).toMatchObject({ sent: 1, messages: 0 });
    expect(r.sink.received()).toHaveLength(1);
    expect(r.statuses()).toEqual(['done']);
  });

  it('a message the robot refuses is failed with the reason; the next one still goes out', async () => {
    const r = await rig();
    await r.enqueue([f.holdFailed(), f.gone()]);
    const broken = {
      ...r.channel,
      render: (
        alert: Parameters<typeof r.channel.render>[0],
        opts: Parameters<typeof r.channel.render>[1],
      ) =>
        alert.kind === 'hold_failed'
          ? [{ msgtype: 'text', text: { content: '' } }]
          : r.channel.render(alert, opts),
    };
    const sender = r.sender({ channel: broken });
    expect(await sender.drainOnce()).toMatchObject({ sent: 1, failed: 1, deferred: 0 });
    const [failed, done] = r.outbox.all();
    expect(failed).toMatchObject({ status: 'failed', lastError: expect.stringContaining('44004') });
    expect(done?.status).toBe('done');
  });

  /** A WeCom channel to the rig's sink whose first `unknownAnswers` requests get an errcode we do not know. */
  function unknownErrcodeChannel(r: Awaited<ReturnType<typeof rig>>, unknownAnswers: number) {
    const calls = { count: 0 };
    const channel = createWecomChannel({
      webhookUrl: r.sink.webhookUrl,
      fetch: async (input, init) => {
        calls.count++;
        if (calls.count > unknownAnswers) return fetch(input, init);
        return new Response(JSON.stringify({ errcode: 12345, errmsg: 'something new' }), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    return { channel, calls };
  }

  it('an unknown errcode is retried with backoff and the alert is delivered once it clears', async () => {
    const r = await rig();
    await r.enqueue([f.gone()]);
    const { channel, calls } = unknownErrcodeChannel(r, 2);
    const sender = r.sender({ channel });
    expect(await sender.drainOnce()).toMatchObject({ sent: 0, deferred: 1, failed: 0 });
    expect(r.statuses()).toEqual(['pending']);
    const result = await sender.drain({ until: new Date(r.clock.now().getTime() + 10 * minute) });
    expect(result).toMatchObject({ sent: 1, failed: 0, deferred: 0 });
    expect(calls.count).toBe(3);
    expect(r.sink.received()).toHaveLength(1);
    expect(r.statuses()).toEqual(['done']);
  });

  it('an unknown errcode that persists fails the alert after 5 attempts with a loud error naming it', async () => {
    const r = await rig();
    await r.enqueue([f.gone()]);
    const { channel, calls } = unknownErrcodeChannel(r, Number.POSITIVE_INFINITY);
    const sender = r.sender({ channel });
    const result = await sender.drain({ until: new Date(r.clock.now().getTime() + 30 * minute) });
    expect(result).toMatchObject({ sent: 0, failed: 1, deferred: 0 });
    expect(calls.count).toBe(5);
    const [entry] = r.outbox.all();
    expect(entry).toMatchObject({ status: 'failed', attempts: 5 });
    expect(entry?.lastError).toContain('12345');
    const errors = r.logs.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.msg).toMatch(/not delivered.*5 attempts.*errcode 12345/);
    expect(errors[0]?.msg).not.toContain('key=demo');
  });

  it('an unreadable outbox payload is failed, not sent', async () => {
    const r = await rig();
    await r.outbox.enqueue({
      id: 'junk',
      lane: 'message',
      payload: { kind: 'opening' },
      createdAt: r.clock.now().toISOString(),
    });
    expect(await r.sender().drainOnce()).toMatchObject({ failed: 1, messages: 0 });
    expect((await r.outbox.get('junk'))?.lastError).toMatch(/not a valid alert/);
  });
});
