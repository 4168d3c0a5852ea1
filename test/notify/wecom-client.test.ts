import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ChannelBrokenError } from '../../src/core/errors.js';
import {
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnknownCodeError,
} from '../../src/notify/errors.js';
import { createWecomClient } from '../../src/notify/wecom-client.js';
import type { WecomMessage } from '../../src/notify/wecom-types.js';
import { type Sink, startSink } from '../../src/sink/sink.js';

const SECRET = 'S3CRET-KEY-693d';
const hello: WecomMessage = { msgtype: 'text', text: { content: '你好' } };

let sink: Sink;
let stub: Server;
let stubUrl: string;
/** What the stub answers next: a status and a body, or 'hang'. */
let stubReply: { status: number; body: string } | 'hang';

beforeAll(async () => {
  sink = await startSink();
  const app = express();
  app.post('/cgi-bin/webhook/send', (_req, res) => {
    if (stubReply === 'hang') return;
    res.status(stubReply.status).type('application/json').send(stubReply.body);
  });
  stub = app.listen(0, '127.0.0.1');
  await new Promise((r) => stub.once('listening', r));
  stubUrl = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/cgi-bin/webhook/send?key=${SECRET}`;
});
afterAll(async () => {
  await sink.close();
  stub.closeAllConnections();
  await new Promise((r) => stub.close(r));
});
beforeEach(() => {
  sink.setMode('ok');
  sink.clear();
});

const sinkClient = () =>
  createWecomClient({ webhookUrl: sink.webhookUrl.replace('key=demo', `key=${SECRET}`) });
const stubAnswer = (errcode: number, errmsg = 'x') => {
  stubReply = { status: 200, body: JSON.stringify({ errcode, errmsg }) };
  return createWecomClient({ webhookUrl: stubUrl, timeoutMs: 300 });
};

/** Every message in the error and its causes. */
function allText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  while (e instanceof Error) {
    parts.push(e.message, String(e.stack ?? ''));
    e = e.cause;
  }
  return parts.join('\n');
}

async function caught(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('WeCom client', () => {
  it('resolves when the robot answers errcode 0 and posts the message as JSON', async () => {
    await sinkClient().send(hello);
    expect(sink.received().map((m) => m.body)).toEqual([hello]);
  });

  it('45009 is retryable after at least a minute', async () => {
    sink.setMode('45009');
    const error = await caught(sinkClient().send(hello));
    expect(error).toBeInstanceOf(ChannelRetryableError);
    expect((error as ChannelRetryableError).errcode).toBe(45009);
    expect((error as ChannelRetryableError).retryAfterMs).toBeGreaterThanOrEqual(60_000);
  });

  it('-1 and 45033 are retryable with the sender’s backoff', async () => {
    sink.setMode('-1');
    const busy = await caught(sinkClient().send(hello));
    expect(busy).toBeInstanceOf(ChannelRetryableError);
    expect((busy as ChannelRetryableError).retryAfterMs).toBeUndefined();
    await expect(stubAnswer(45033, 'api concurrent out of limit').send(hello)).rejects.toThrow(
      ChannelRetryableError,
    );
  });

  it('93000 and 93004 mean the channel is broken', async () => {
    sink.setMode('93000');
    const error = await caught(sinkClient().send(hello));
    expect(error).toBeInstanceOf(ChannelBrokenError);
    expect((error as { errcode?: number }).errcode).toBe(93000);
    expect((error as Error).message).toContain('jianlou doctor --send');
    await expect(stubAnswer(93004, 'robot disabled').send(hello)).rejects.toThrow(ChannelBrokenError);
  });

  it('HTTP 200 with a refused payload is an error that names the field and limit', async () => {
    const long: WecomMessage = { msgtype: 'text', text: { content: 'x'.repeat(2049) } };
    const error = await caught(sinkClient().send(long));
    expect(error).toBeInstanceOf(ChannelPayloadError);
    expect((error as ChannelPayloadError).errcode).toBe(40058);
    expect((error as Error).message).toContain('text.content exceed max length 2048');
    const empty = { msgtype: 'text', text: { content: '' } } as WecomMessage;
    await expect(sinkClient().send(empty)).rejects.toThrow(/44004.*empty text content/);
    const badType = { msgtype: 'video' } as unknown as WecomMessage;
    await expect(sinkClient().send(badType)).rejects.toThrow(/40008.*invalid msgtype/);
    const noAction = {
      msgtype: 'template_card',
      template_card: { card_type: 'text_notice', main_title: { title: 't' } },
    } as WecomMessage;
    await expect(sinkClient().send(noAction)).rejects.toThrow(/42045.*card_action/);
    await expect(stubAnswer(45002, 'content size out of limit').send(hello)).rejects.toThrow(
      ChannelPayloadError,
    );
    await expect(stubAnswer(42099).send(hello)).rejects.toThrow(/template_card field error/);
  });

  it('an errcode we do not know is retryable a limited number of times, not a refusal', async () => {
    const error = await caught(stubAnswer(12345, 'something new').send(hello));
    expect(error).toBeInstanceOf(ChannelRetryableError);
    expect(error).not.toBeInstanceOf(ChannelPayloadError);
    expect(error).toBeInstanceOf(ChannelUnknownCodeError);
    expect((error as ChannelUnknownCodeError).errcode).toBe(12345);
    expect((error as ChannelUnknownCodeError).maxAttempts).toBe(5);
    expect((error as Error).message).toContain('errcode 12345');
  });

  it('network errors, timeouts, 5xx and non-JSON answers are retryable; 404 means a wrong URL', async () => {
    const closed = express().listen(0, '127.0.0.1');
    await new Promise((r) => closed.once('listening', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = createWecomClient({
      webhookUrl: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=${SECRET}`,
    });
    const network = await caught(refused.send(hello));
    expect(network).toBeInstanceOf(ChannelRetryableError);
    expect((network as ChannelRetryableError).errcode).toBeNull();

    stubReply = 'hang';
    const hang = createWecomClient({ webhookUrl: stubUrl, timeoutMs: 200 });
    await expect(hang.send(hello)).rejects.toThrow(/no answer within 200 ms/);

    stubReply = { status: 502, body: 'bad gateway' };
    await expect(createWecomClient({ webhookUrl: stubUrl }).send(hello)).rejects.toThrow(
      ChannelRetryableError,
    );
    stubReply = { status: 200, body: '<html>proxy</html>' };
    await expect(createWecomClient({ webhookUrl: stubUrl }).send(hello)).rejects.toThrow(
      ChannelRetryableError,
    );
    stubReply = { status: 404, body: 'not found' };
    await expect(createWecomClient({ webhookUrl: stubUrl }).send(hello)).rejects.toThrow(ChannelBrokenError);
  });

  it('never puts the webhook key into an error message or its causes', async () => {
    const errors: unknown[] = [];
    sink.setMode('93000');
    errors.push(await caught(sinkClient().send(hello)));
    sink.setMode('45009');
    errors.push(await caught(sinkClient().send(hello)));
    sink.setMode('ok');
    errors.push(await caught(sinkClient().send({ msgtype: 'text', text: { content: 'x'.repeat(3000) } })));
    stubReply = 'hang';
    errors.push(await caught(createWecomClient({ webhookUrl: stubUrl, timeoutMs: 100 }).send(hello)));
    errors.push(await caught(createWecomClient({ webhookUrl: `not a url?key=${SECRET}` }).send(hello)));
    errors.push(
      await caught(createWecomClient({ webhookUrl: `http://127.0.0.1:1/x?key=${SECRET}` }).send(hello)),
    );
    expect(errors).toHaveLength(6);
    for (const error of errors) {
      expect(error).toBeInstanceOf(Error);
      expect(allText(error)).not.toContain(SECRET);
      expect((error as Error).message).toContain('key=***');
    }
    expect(createWecomClient({ webhookUrl: stubUrl }).target).not.toContain(SECRET);
  });
});
