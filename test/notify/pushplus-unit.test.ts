import { describe, expect, it } from 'vitest';
import { channelFromConfig } from '../../src/notify/channels/from-config.js';
import { QUOTA_TIME_ZONE, quotaWaitMs } from '../../src/notify/channels/push-service.js';
import {
  createPushplusChannel,
  PUSHPLUS_CONTENT_MAX_BYTES,
  PUSHPLUS_MAX_PER_MINUTE,
  PUSHPLUS_TITLE_MAX,
  PUSHPLUS_URL,
  type PushplusMessage,
} from '../../src/notify/channels/pushplus.js';
import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnansweredError,
  ChannelUnknownCodeError,
} from '../../src/notify/errors.js';
import { startSink } from '../../src/sink/sink.js';
import { expectOneThenMerged, failureOf, jsonAnswer, scriptedFetch, useStandIn } from './channel-kit.js';
import { fakeClock } from './doubles.js';
import { dailySummary, holdMade, openings, testAlert } from './fixtures.js';

/** PushPlus: the request it makes, the HTML it sends, and how each documented code is read. */

const TOKEN = 'pushplusToken0123456789abcdef';
const WHERE = 'PushPlus https://www.pushplus.plus/…';
const at = new Date('2026-12-01T02:00:00.000Z'); // 10:00 in Shanghai

const scripted = (answers: Response[]) => scriptedFetch(answers, '{"code":200,"msg":"请求成功","data":"x"}');
const json = jsonAnswer;

type Over = Partial<Parameters<typeof createPushplusChannel>[0]>;
const pushplus = (over: Over = {}) => createPushplusChannel({ token: TOKEN, now: () => at, ...over });

async function errorOf(answer: Response, over: Over = {}) {
  const { fetch } = scripted([answer]);
  const channel = pushplus({ fetch, ...over });
  const [payload] = channel.render(dailySummary(), {});
  return failureOf(channel.deliver(payload as PushplusMessage));
}

describe('PushPlus requests', () => {
  it('posts the token with the message to the provider by default, or to the configured URL', async () => {
    const a = scripted([]);
    const channel = pushplus({ fetch: a.fetch });
    const [p] = channel.render(holdMade(), {});
    await channel.deliver(p as PushplusMessage);
    expect(a.calls[0]?.url).toBe(PUSHPLUS_URL);
    expect(PUSHPLUS_URL).toBe('https://www.pushplus.plus/send');
    expect(a.calls[0]?.body).toEqual({ token: TOKEN, ...p });
    const b = scripted([]);
    const local = pushplus({ fetch: b.fetch, url: 'http://127.0.0.1:9/send' });
    await local.deliver(p as PushplusMessage);
    expect(b.calls[0]?.url).toBe('http://127.0.0.1:9/send');
  });

  it('an alert is one HTML message titled as the alert, its links as links', () => {
    const parts = pushplus().render(holdMade(), {});
    expect(parts).toHaveLength(1);
    const [m] = parts;
    expect(m?.title).toBe('已占位：少儿国画（初级）');
    expect(m?.template).toBe('html');
    expect(m).not.toHaveProperty('topic');
    expect(m?.content).toMatch(/^<h2 /);
    expect(m?.content).toContain('href="http://192.168.1.5:8787/approve/tok-a"');
    expect(m?.content).toContain('href="http://192.168.1.5:8787/release/tok-r"');
  });

  it('a topic sends to a group of followers', () => {
    const [m] = pushplus({ topic: 'family01' }).render(testAlert(), {});
    expect(m?.topic).toBe('family01');
  });

  it('titles are cut to 100 characters, keeping the re-send mark', () => {
    const long = {
      ...openings(1)[0],
      observation: { ...openings(1)[0]?.observation, title: '长'.repeat(150) },
    };
    const [m] = pushplus().render(long as never, { resend: true });
    expect([...(m?.title ?? '')]).toHaveLength(PUSHPLUS_TITLE_MAX);
    expect(PUSHPLUS_TITLE_MAX).toBe(100);
    expect(m?.title).toMatch(/（重发）$/);
  });

  it('a burst is one message, the alerts apart by a rule, without the topic lost', () => {
    const parts = pushplus({ topic: 'family01' }).renderBurst(openings(4), { seq: 2 });
    expect(parts).toHaveLength(1);
    expect(parts[0]?.covers).toEqual([0, 1, 2, 3]);
    const m = parts[0]?.payload;
    expect(m?.title).toMatch(/4.*#2/);
    expect(m?.template).toBe('html');
    expect(m?.topic).toBe('family01');
    expect(m?.content.split('\n<hr>\n')).toHaveLength(4);
  });

  it('a big burst is split into messages that each fit in 20 000 bytes', () => {
    const many = openings(30).map((a) => ({
      ...a,
      observation: { ...a.observation, title: `${a.observation.title}${'说明'.repeat(300)}` },
    }));
    const parts = pushplus().renderBurst(many, {});
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.covers)).toEqual(many.map((_, i) => i));
    for (const p of parts)
      expect(Buffer.byteLength(p.payload.content)).toBeLessThanOrEqual(PUSHPLUS_CONTENT_MAX_BYTES);
    expect(PUSHPLUS_CONTENT_MAX_BYTES).toBe(20_000);
  });

  it('send delivers one alert as its own message, several as one merged message', async () => {
    const { calls, fetch } = scripted([]);
    await expectOneThenMerged(pushplus({ fetch }), () => calls.map((c) => c.body.title));
  });

  it('is named pushplus by default, its id otherwise, 5 a minute (bursts merge early)', () => {
    expect(pushplus().id).toBe('pushplus');
    expect(pushplus({ id: 'pp-2' }).id).toBe('pp-2');
    expect(pushplus().maxPerMinute).toBe(PUSHPLUS_MAX_PER_MINUTE);
    expect(PUSHPLUS_MAX_PER_MINUTE).toBe(5);
  });
});

describe('PushPlus answers', () => {
  it('code 200 is delivered', async () => {
    expect(await errorOf(json({ code: 200, msg: '请求成功' }))).toBeUndefined();
  });

  it('no code: a 404 means a wrong URL (broken), a 502 is retried, a 200 without one too', async () => {
    const e404 = await errorOf(new Response('nope', { status: 404 }));
    expect(e404).toBeInstanceOf(ChannelBrokenCodeError);
    expect(e404?.message).toBe(`${WHERE}: HTTP 404 — check notify.channels[].url and the token`);
    expect(await errorOf(new Response('bad', { status: 502 }))).toBeInstanceOf(ChannelRetryableError);
    const e200 = await errorOf(json({ msg: 'ok' }));
    expect(e200).toBeInstanceOf(ChannelRetryableError);
    expect(e200).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(e200?.message).toBe(`${WHERE}: HTTP 200 without a code; will retry`);
    expect(await errorOf(json({ code: '200' }))).toBeInstanceOf(ChannelRetryableError);
    expect(await errorOf(new Response('[200]'))).toBeInstanceOf(ChannelRetryableError);
  });

  it('900 (the account may send no more today) waits until midnight in the zone, Shanghai by default', async () => {
    const e = await errorOf(json({ code: 900, msg: '用户账号使用受限' }));
    expect(e).toBeInstanceOf(ChannelRetryableError);
    expect(e).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(e?.errcode).toBe(900);
    expect(e?.retryAfterMs).toBe(14 * 3_600_000);
    expect(e?.message).toBe(
      `${WHERE}: code 900 (用户账号使用受限) — the account may not send more today; waiting until midnight`,
    );
    const utc = await errorOf(json({ code: 900 }), { timeZone: 'UTC' });
    expect(utc?.retryAfterMs).toBe(22 * 3_600_000);
  });

  it('500 is PushPlus being busy: retried with the usual backoff', async () => {
    const e = await errorOf(json({ code: 500, msg: '系统异常' }));
    expect(e).toBeInstanceOf(ChannelRetryableError);
    expect(e).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(e?.retryAfterMs).toBeUndefined();
    expect(e?.message).toBe(`${WHERE}: code 500 (系统异常) — PushPlus is busy; will retry`);
  });

  it('a bad token, an allowlist, no credit or an unverified account: broken, saying what to fix', async () => {
    const cases: [number, string][] = [
      [302, 'not logged in: the token is not valid'],
      [401, 'request not authorised: check the token'],
      [403, "this machine's IP is not on the token's allowlist"],
      [888, 'out of credit (积分不足)'],
      [903, 'the token is wrong: copy it again from pushplus.plus into notify.channels[].token'],
      [905, 'the account is not verified (实名认证): verify it on pushplus.plus'],
    ];
    for (const [code, advice] of cases) {
      const e = await errorOf(json({ code, msg: 'x' }));
      expect(e).toBeInstanceOf(ChannelBrokenCodeError);
      expect(e?.errcode).toBe(code);
      expect(e?.message).toBe(`${WHERE}: code ${code} (x) — ${advice}; then run: jianlou doctor --send`);
    }
  });

  it('a refused message (600, 999) is not retried; an unknown code is, a few times', async () => {
    for (const code of [600, 999]) {
      const e = await errorOf(json({ code, msg: '服务端验证错误' }));
      expect(e).toBeInstanceOf(ChannelPayloadError);
      expect(e?.message).toBe(
        `${WHERE}: code ${code} (服务端验证错误) — PushPlus refused the message; not retried`,
      );
    }
    const unknown = await errorOf(json({ code: 777 }));
    expect(unknown).toBeInstanceOf(ChannelUnknownCodeError);
    expect(unknown?.message).toBe(`${WHERE}: code 777 — unknown code; will retry a few times`);
    const odd = await errorOf(json({ code: 777, msg: 5 }));
    expect(odd?.message).toBe(`${WHERE}: code 777 — unknown code; will retry a few times`);
  });

  it('the token is in no error message, even when the answer repeats it', async () => {
    const e = await errorOf(json({ code: 903, msg: `无效的用户令牌 ${TOKEN}` }));
    expect(e?.message).not.toContain(TOKEN);
    expect(e?.message).toContain('(无效的用户令牌 ***)');
  });
});

describe('the daily quota shared with ServerChan (push-service.ts)', () => {
  it('waits until the next midnight in the given zone, Shanghai when none is given', () => {
    expect(quotaWaitMs({ now: () => at, timeZone: 'UTC' })).toBe(22 * 3_600_000);
    expect(quotaWaitMs({ now: () => at })).toBe(14 * 3_600_000);
    expect(QUOTA_TIME_ZONE).toBe('Asia/Shanghai');
  });

  it('uses the real clock without one', () => {
    const ms = quotaWaitMs({ timeZone: 'UTC' });
    const now = new Date();
    const left = 86_400_000 - (now.getTime() % 86_400_000);
    expect(Math.abs(ms - Math.max(60_000, left))).toBeLessThan(5_000);
  });
});

describe('PushPlus and ServerChan from the config', () => {
  it('both get the configured endpoint, the config timezone for the quota, its fetch and clock', async () => {
    const a = scripted([json({ code: 900 }), json({ code: 40005, message: '超过当天的发送次数限制' })]);
    const ctx = { timeZone: 'UTC', now: () => at, fetch: a.fetch };
    const pp = channelFromConfig(
      { type: 'pushplus', token: TOKEN, url: 'http://127.0.0.1:9/send', topic: 'family01' },
      'pp',
      ctx,
    );
    const sc = channelFromConfig(
      { type: 'serverchan', sendkey: 'SCTkey0123456789', url: 'http://127.0.0.1:9' },
      'sc',
      ctx,
    );
    const errors: unknown[] = [];
    for (const c of [pp, sc]) {
      const [p] = c.render(testAlert(), {});
      errors.push(await c.deliver(p).catch((e: unknown) => e));
    }
    expect(a.calls.map((c) => c.url)).toEqual([
      'http://127.0.0.1:9/send',
      'http://127.0.0.1:9/SCTkey0123456789.send',
    ]);
    expect(a.calls[0]?.body.topic).toBe('family01');
    // 02:00 UTC: 22 hours to midnight in UTC (14 would be Shanghai's default).
    expect(errors.map((e) => (e as ChannelRetryableError).retryAfterMs)).toEqual([
      22 * 3_600_000,
      22 * 3_600_000,
    ]);
    expect([pp.id, sc.id]).toEqual(['pp', 'sc']);
  });

  it('without a url they post to the providers', async () => {
    const a = scripted([json({ code: 200 }), json({ code: 0 })]);
    const ctx = { timeZone: 'Asia/Shanghai', fetch: a.fetch };
    for (const c of [
      channelFromConfig({ type: 'pushplus', token: TOKEN }, 'pushplus', ctx),
      channelFromConfig({ type: 'serverchan', sendkey: 'SCTkey0123456789' }, 'serverchan', ctx),
    ]) {
      const [p] = c.render(testAlert(), {});
      await c.deliver(p);
    }
    expect(a.calls.map((c) => c.url)).toEqual([
      PUSHPLUS_URL,
      'https://sctapi.ftqq.com/SCTkey0123456789.send',
    ]);
  });
});

describe('PushPlus against its strict stand-in', () => {
  const clock = fakeClock('2026-11-07T04:00:00.000Z'); // 12:00 in Shanghai
  const sink = useStandIn(() => startSink({ now: clock.now, smtp: false, lateAnswerMs: 2_000 }));
  const channel = (over: Over = {}) =>
    pushplus({ token: sink.standIns.pushplusToken, url: sink.standIns.pushplus, now: clock.now, ...over });
  const deliver = (c: ReturnType<typeof channel>) =>
    failureOf<Error>(c.deliver(c.render(holdMade(), {})[0] as PushplusMessage));

  it('takes a well-formed message: title, HTML content and template as the API wants them', async () => {
    expect(await deliver(channel())).toBeUndefined();
    const [m] = sink.received();
    expect(m?.channel).toBe('pushplus');
    expect(m?.msgtype).toBe('html');
    expect(m?.body.title).toBe('已占位：少儿国画（初级）');
    expect(m?.body.token).toBe(sink.standIns.pushplusToken);
  });

  it('busy (500) is retried; the quota (900) waits until midnight; a wrong token is broken', async () => {
    sink.setMode('-1');
    const busy = await deliver(channel());
    expect(busy).toBeInstanceOf(ChannelRetryableError);
    expect((busy as ChannelRetryableError).errcode).toBe(500);
    sink.setMode('45009');
    const quota = (await deliver(channel())) as ChannelRetryableError;
    expect(quota.errcode).toBe(900);
    expect(quota.retryAfterMs).toBe(12 * 3_600_000);
    sink.setMode('ok');
    const wrong = await deliver(channel({ token: 'wrongToken0123456789abcd' }));
    expect(wrong).toBeInstanceOf(ChannelBrokenCodeError);
    expect(wrong?.message).not.toContain('wrongToken0123456789abcd');
    expect(sink.received()).toHaveLength(0);
  });

  it('taken but the answer lost, or never answered: may have arrived, re-sent labelled', async () => {
    sink.setMode('lost-answer');
    expect(await deliver(channel())).toBeInstanceOf(ChannelUnansweredError);
    expect(sink.received()).toHaveLength(1);
    sink.setMode('hang');
    expect(await deliver(channel({ timeoutMs: 200 }))).toBeInstanceOf(ChannelUnansweredError);
  });
});
