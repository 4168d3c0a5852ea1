import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createDingtalkChannel,
  dingtalkSign,
  signedDingtalkUrl,
} from '../../src/notify/channels/dingtalk.js';
import { createFeishuChannel, feishuSign } from '../../src/notify/channels/feishu.js';
import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
} from '../../src/notify/errors.js';
import { createSender } from '../../src/notify/sender.js';
import { type Sink, startSink } from '../../src/sink/sink.js';
import { fakeClock, memoryKv, memoryOutbox } from './doubles.js';
import { holdMade, openings, testAlert } from './fixtures.js';

// Independent reference values (Python: base64(hmac.new(key, msg, sha256).digest())).
const DING_VECTOR = 'yBKp5IlG6qCzcQWmgyRK/ziJBdVNJmHfFE2ST/CzT/g=';
const FEISHU_VECTOR = 'OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=';

let sink: Sink;
const clock = fakeClock();
const log: string[] = [];
beforeAll(async () => {
  sink = await startSink({ now: clock.now, log: (l) => log.push(l), smtp: false });
});
afterAll(() => sink.close());
beforeEach(() => {
  sink.clear();
  sink.setMode('ok');
  log.length = 0;
  clock.advance(3_600_000);
});

const s = () => sink.standIns;
const ding = (over: { secret?: string; webhook?: string } = {}) =>
  createDingtalkChannel({ webhook: s().dingtalk, secret: s().dingtalkSecret, now: clock.now, ...over });
const feishu = (over: { secret?: string } = {}) =>
  createFeishuChannel({
    webhook: s().feishu,
    secret: s().feishuSecret,
    now: clock.now,
    sleep: clock.sleep,
    ...over,
  });

/** Delivers every wire message of one alert; the error thrown, if any. */
async function sendOne<P>(
  channel: { render(a: never, o: object): P[]; deliver(p: P): Promise<void> },
  alert: unknown,
) {
  try {
    for (const p of channel.render(alert as never, {})) await channel.deliver(p);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('DingTalk robot', () => {
  it('signs as the doc says: base64(HMAC-SHA256(secret, "timestamp\\nsecret")), URL-encoded', () => {
    expect(dingtalkSign(1_700_000_000_000, 'SECtest0123456789')).toBe(DING_VECTOR);
    const url = signedDingtalkUrl(
      'https://oapi.dingtalk.com/robot/send?access_token=t',
      'SECtest0123456789',
      new Date(1_700_000_000_000),
    );
    expect(url).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=1700000000000&sign=${encodeURIComponent(DING_VECTOR)}`,
    );
    expect(url).toContain('%2F'); // the '/' and '+' of base64 are encoded
  });

  it('sends a hold as an actionCard whose buttons are the approve and release links', async () => {
    expect(await sendOne(ding(), holdMade())).toBeUndefined();
    const [card] = sink.received();
    expect(card?.channel).toBe('dingtalk');
    expect(card?.msgtype).toBe('actionCard');
    const btns =
      (card?.body.actionCard as { btns: { title: string; actionURL: string }[] } | undefined)?.btns ?? [];
    expect(btns.map((b) => b.actionURL)).toEqual([
      'http://192.168.1.5:8787/approve/tok-a',
      'http://192.168.1.5:8787/release/tok-r',
      expect.stringMatching(/^https?:/),
    ]);
  });

  it('a wrong secret is refused with 310000 and marks the channel broken, naming neither secret nor token', async () => {
    const error = await sendOne(ding({ secret: 'SECwrong-secret-value' }), testAlert());
    expect(error).toBeInstanceOf(ChannelBrokenCodeError);
    expect((error as ChannelBrokenCodeError).errcode).toBe(310000);
    expect(error?.message).toMatch(/加签 secret is wrong/);
    expect(error?.message).not.toContain('SECwrong-secret-value');
    expect(error?.message).not.toContain(s().dingtalk.split('=')[1]);
    expect(sink.received()).toHaveLength(0);
  });

  it('an unsigned request is refused too (the stand-in checks the signature)', async () => {
    const error = await sendOne(
      createDingtalkChannel({ webhook: s().dingtalk, now: clock.now }),
      testAlert(),
    );
    expect((error as ChannelBrokenCodeError).errcode).toBe(310000);
  });

  it('the 21st message within a minute gets 130101, read as "throttled for 10 minutes"', async () => {
    const channel = ding();
    for (let i = 0; i < 20; i++) expect(await sendOne(channel, testAlert())).toBeUndefined();
    const error = await sendOne(channel, testAlert());
    expect(error).toBeInstanceOf(ChannelRetryableError);
    expect((error as ChannelRetryableError).errcode).toBe(130101);
    expect((error as ChannelRetryableError).retryAfterMs).toBe(600_000);
  });

  it('the sender keeps a DingTalk robot under 20 a minute: 30 openings arrive merged, none refused', async () => {
    const outbox = memoryOutbox();
    const sender = createSender({
      outbox,
      kv: memoryKv(),
      channel: ding(),
      now: clock.now,
      sleep: clock.sleep,
    });
    for (const [i, alert] of openings(30).entries())
      await outbox.enqueue({
        id: `o${i}`,
        lane: 'message',
        payload: alert,
        createdAt: clock.now().toISOString(),
      });
    const result = await sender.drain({ until: new Date(clock.now().getTime() + 3_600_000) });
    expect(result.sent).toBe(30);
    expect(log.filter((l) => l.includes('refused'))).toEqual([]);
    expect(sink.received().length).toBeLessThanOrEqual(20);
    expect(JSON.stringify(sink.received().map((m) => m.body))).toContain('#1');
  });

  it('an answer lost after the robot took the message: the next sending is labelled （重发）', async () => {
    const outbox = memoryOutbox();
    const sender = createSender({
      outbox,
      kv: memoryKv(),
      channel: ding(),
      now: clock.now,
      sleep: clock.sleep,
    });
    await outbox.enqueue({
      id: 'h',
      lane: 'message',
      payload: holdMade(),
      createdAt: clock.now().toISOString(),
    });
    sink.setMode('lost-answer');
    await sender.drainOnce();
    sink.setMode('ok');
    await sender.drain({ until: new Date(clock.now().getTime() + 600_000) });
    const titles = sink.received().map((m) => m.summary);
    expect(titles).toHaveLength(2);
    expect(titles[0]).not.toContain('（重发）');
    expect(titles[1]).toContain('（重发）');
    expect(outbox.all().map((e) => e.status)).toEqual(['done']);
  });

  it('reads the documented answers: content refused (430104) is not retried', async () => {
    const fetch430: typeof fetch = async () =>
      new Response(JSON.stringify({ errcode: 430104, errmsg: '含有不合适的内容' }));
    const error = await sendOne(
      createDingtalkChannel({ webhook: s().dingtalk, fetch: fetch430 }),
      testAlert(),
    );
    expect(error).toBeInstanceOf(ChannelPayloadError);
  });
});

describe('Feishu bot', () => {
  it('signs as the doc says: HMAC-SHA256 keyed with "timestamp\\nsecret" over an empty message', () => {
    expect(feishuSign(1_700_000_000, 'feishu-secret')).toBe(FEISHU_VECTOR);
  });

  it('sends a hold as an interactive card with approve and release buttons; the re-send is labelled', async () => {
    const channel = feishu();
    for (const p of channel.render(holdMade(), { resend: true })) await channel.deliver(p);
    const [card] = sink.received();
    expect(card?.msgtype).toBe('interactive');
    const body = JSON.stringify(card?.body);
    expect(body).toContain('http://192.168.1.5:8787/approve/tok-a');
    expect(body).toContain('http://192.168.1.5:8787/release/tok-r');
    expect(body).toContain('"tag":"button"');
    expect(card?.summary).toContain('（重发）');
  });

  it('a wrong secret gets 19021 and marks the channel broken without showing the secret or the hook token', async () => {
    const error = await sendOne(feishu({ secret: 'not-the-feishu-secret' }), testAlert());
    expect((error as ChannelBrokenCodeError).errcode).toBe(19021);
    expect(error?.message).not.toContain('not-the-feishu-secret');
    expect(error?.message).not.toContain('demo-feishu-token');
  });

  it('paces itself to 5 requests a second: six quick sends never meet 9499', async () => {
    const channel = feishu();
    const before = clock.now().getTime();
    for (let i = 0; i < 6; i++) expect(await sendOne(channel, testAlert())).toBeUndefined();
    expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(1000);
    expect(sink.received()).toHaveLength(6);
  });

  it('9499 (too many requests) is retried after a wait', async () => {
    sink.setMode('45009');
    const error = await sendOne(feishu(), testAlert());
    expect(error).toBeInstanceOf(ChannelRetryableError);
    expect((error as ChannelRetryableError).errcode).toBe(9499);
  });
});
