import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelBrokenError } from '../../src/core/errors.js';
import { createWecomChannel } from '../../src/notify/channel.js';
import { ChannelPayloadError, ChannelRetryableError } from '../../src/notify/errors.js';
import { createJsonWebhookChannel, type JsonWebhookPayload } from '../../src/notify/json-webhook-channel.js';
import { createSender } from '../../src/notify/sender.js';
import { startSink } from '../../src/sink/sink.js';
import { memoryKv, memoryOutbox } from './doubles.js';
import * as f from './fixtures.js';
import { senderRig } from './sender-setup.js';

let server: Server;
let base: string;
let bodies: JsonWebhookPayload[];
let reply: { status: number; headers?: Record<string, string> };

beforeAll(async () => {
  const app = express();
  app.post('/hook/:token', express.json(), (req, res) => {
    if (reply.status < 300) bodies.push(req.body as JsonWebhookPayload);
    res
      .status(reply.status)
      .set(reply.headers ?? {})
      .json({});
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  bodies = [];
  reply = { status: 200 };
});

const TOKEN = 'tok-secret-8c1f';
const channel = () => createJsonWebhookChannel({ url: `${base}/hook/${TOKEN}?sig=${TOKEN}` });

describe('JSON webhook channel', () => {
  it('POSTs the alerts with a plain-text rendering', async () => {
    await channel().send([f.opening()]);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]?.alerts).toEqual([f.opening()]);
    expect(bodies[0]?.text).toContain('有空位：少儿国画（初级）');
    expect(bodies[0]?.text).toContain('http://127.0.0.1:4173/courses/ART-101');
    await channel().send(f.openings(3), { locale: 'en' });
    expect(bodies[1]?.alerts).toHaveLength(3);
    expect(bodies[1]?.text).toContain('Seat open');
  });

  it('sorts failures like the WeCom client and never shows the URL path or query', async () => {
    reply = { status: 429, headers: { 'retry-after': '30' } };
    const limited = channel().send([f.gone()]);
    await expect(limited).rejects.toThrow(ChannelRetryableError);
    await expect(limited).rejects.toMatchObject({ retryAfterMs: 30_000, errcode: 429 });
    reply = { status: 503 };
    await expect(channel().send([f.gone()])).rejects.toThrow(ChannelRetryableError);
    reply = { status: 404 };
    await expect(channel().send([f.gone()])).rejects.toThrow(ChannelBrokenError);
    reply = { status: 400 };
    await expect(channel().send([f.gone()])).rejects.toThrow(ChannelPayloadError);
    await expect(channel().send([f.gone()])).rejects.not.toThrow(TOKEN);
    const unreachable = createJsonWebhookChannel({ url: `http://127.0.0.1:1/hook/${TOKEN}` });
    await expect(unreachable.send([f.gone()])).rejects.toThrow(
      /^JSON webhook http:\/\/127\.0\.0\.1:1\/…: no answer/,
    );
    await expect(unreachable.send([f.gone()])).rejects.not.toThrow(TOKEN);
  });
});

describe('sender with two channels', () => {
  let rig: Awaited<ReturnType<typeof senderRig>>;
  beforeEach(async () => {
    rig = await senderRig();
  });
  afterEach(() => rig.close());

  it('delivers to both; a broken second channel keeps the entry open without resending to WeCom', async () => {
    const sender = rig.sender({ channels: [channel()] });
    await rig.enqueue([f.opening()]);
    expect(await sender.drainOnce()).toMatchObject({ sent: 1 });
    expect(rig.sink.received()).toHaveLength(1);
    expect(bodies).toHaveLength(1);

    reply = { status: 410 };
    await rig.enqueue([f.gone()]);
    expect(await sender.drainOnce()).toMatchObject({ sent: 0, deferred: 1 });
    expect(await sender.drainOnce()).toMatchObject({ sent: 0, deferred: 1, messages: 0 });
    expect(rig.sink.received()).toHaveLength(2);
    const status = await sender.channelStatus();
    expect(status.map((s) => [s.id, s.state, s.pending])).toEqual([
      ['wecom', 'ok', 0],
      ['json-webhook', 'broken', 1],
    ]);

    reply = { status: 200 };
    expect(await sender.sendTest('json-webhook')).toEqual({ errcode: 0, errmsg: 'ok' });
    expect(await sender.drainOnce()).toMatchObject({ sent: 1, deferred: 0 });
    expect(rig.sink.received()).toHaveLength(2);
    expect(bodies.map((b) => b.alerts[0]?.kind)).toEqual(['opening', 'test', 'gone']);
  });
});

describe('sender daemon loop', () => {
  it('start() drains on its own until stop()', async () => {
    const sink = await startSink();
    try {
      const outbox = memoryOutbox();
      const sender = createSender({
        outbox,
        kv: memoryKv(),
        channel: createWecomChannel({ webhookUrl: sink.webhookUrl }),
      });
      sender.start(10);
      await outbox.enqueue({
        id: 'x',
        lane: 'message',
        payload: f.gone(),
        createdAt: new Date().toISOString(),
      });
      await vi.waitFor(() => expect(sink.received()).toHaveLength(1), { timeout: 5_000 });
      await sender.stop();
      expect((await outbox.get('x'))?.status).toBe('done');
    } finally {
      await sink.close();
    }
  });
});
