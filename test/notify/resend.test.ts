import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelUnansweredError } from '../../src/notify/errors.js';
import { createWecomClient } from '../../src/notify/wecom-client.js';
import * as f from './fixtures.js';
import { senderRig } from './sender-setup.js';

/**
 * The robot API has no idempotency key: a message whose answer was lost may have arrived, so it is
 * sent again (at-least-once) and the second copy says so, with the same sequence number on a merge.
 */
const rigs: { close(): Promise<void> }[] = [];
async function rig() {
  const r = await senderRig();
  rigs.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(rigs.splice(0).map((r) => r.close()));
});

const minute = 60_000;

/** A port nothing listens on (a server opened and closed again). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
const text = (body: unknown) => JSON.stringify(body);

describe('re-sends after a lost answer', () => {
  it('a single alert taken without an answer is sent again, marked （重发）; the first copy is not marked', async () => {
    const r = await rig();
    await r.enqueue([f.opening()]);
    const sender = r.sender();
    r.sink.setMode('lost-answer');
    expect(await sender.drainOnce()).toMatchObject({ sent: 0, deferred: 1 });
    r.sink.setMode('ok');
    const result = await sender.drain({ until: new Date(r.clock.now().getTime() + 5 * minute) });
    expect(result).toMatchObject({ sent: 1, failed: 0 });
    const [first, second, ...rest] = r.sink.received();
    expect(rest).toEqual([]);
    expect(text(first?.body)).not.toContain('重发');
    expect(text(second?.body)).toContain('（重发）');
    expect(r.statuses()).toEqual(['done']);
  });

  it('a refused sending (45009) is not a re-send: the copy that arrives carries no mark', async () => {
    const r = await rig();
    await r.enqueue([f.opening()]);
    const sender = r.sender();
    r.sink.setMode('45009');
    await sender.drainOnce();
    r.sink.setMode('ok');
    await sender.drain({ until: new Date(r.clock.now().getTime() + 5 * minute) });
    const received = r.sink.received();
    expect(received).toHaveLength(1);
    expect(text(received[0]?.body)).not.toContain('重发');
  });

  it('a merged message keeps its #number when sent again, and the next merge gets the next number', async () => {
    const r = await rig();
    await r.enqueue(f.openings(5));
    const sender = r.sender();
    r.sink.setMode('lost-answer');
    await sender.drainOnce();
    r.sink.setMode('ok');
    await sender.drain({ until: new Date(r.clock.now().getTime() + 5 * minute) });
    await r.enqueue(f.openings(4));
    await sender.drain({ until: new Date(r.clock.now().getTime() + 5 * minute) });

    const headers = r.sink
      .received()
      .map(
        (m) => String((m.body.markdown as { content?: string } | undefined)?.content ?? '').split('\n')[0],
      );
    expect(headers).toHaveLength(3);
    expect(headers[0]).toMatch(/ #1$/);
    expect(headers[1]).toMatch(/ #1（重发）$/);
    expect(headers[2]).toMatch(/ #2$/);
    expect(r.statuses().every((s) => s === 'done')).toBe(true);
  });

  it('English alerts say (re-sent)', async () => {
    const r = await rig();
    await r.enqueue(f.openings(4));
    const sender = r.sender({ render: { locale: 'en' } });
    r.sink.setMode('lost-answer');
    await sender.drainOnce();
    r.sink.setMode('ok');
    await sender.drain({ until: new Date(r.clock.now().getTime() + 5 * minute) });
    expect(text(r.sink.received()[1]?.body)).toContain('#1 (re-sent)');
  });
});

describe('which failures may have delivered the message', () => {
  it('a cut connection after sending and a timeout are "unanswered"; a refused connection is not', async () => {
    const r = await rig();
    r.sink.setMode('lost-answer');
    const cut = createWecomClient({ webhookUrl: r.sink.webhookUrl });
    await expect(cut.send({ msgtype: 'text', text: { content: 'x' } })).rejects.toBeInstanceOf(
      ChannelUnansweredError,
    );

    r.sink.setMode('hang');
    const slow = createWecomClient({ webhookUrl: r.sink.webhookUrl, timeoutMs: 200 });
    await expect(slow.send({ msgtype: 'text', text: { content: 'x' } })).rejects.toBeInstanceOf(
      ChannelUnansweredError,
    );

    const port = await closedPort();
    const closed = createWecomClient({ webhookUrl: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=k` });
    const refused = closed.send({ msgtype: 'text', text: { content: 'x' } });
    await expect(refused).rejects.toThrow(/will retry/);
    await expect(refused).rejects.not.toBeInstanceOf(ChannelUnansweredError);
  });
});
