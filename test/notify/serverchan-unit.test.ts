import { describe, expect, it } from 'vitest';
import { createServerchanChannel, isQuotaAnswer } from '../../src/notify/channels/serverchan.js';
import {
  ChannelBrokenCodeError,
  ChannelRetryableError,
  ChannelUnknownCodeError,
} from '../../src/notify/errors.js';
import { dailySummary, holdMade, openings } from './fixtures.js';

/** ServerChan without a server: the URL, the fields, the sizes, and how each answer is read. */

const KEY = 'SCTkey0123456789';

function scripted(answers: Response[]) {
  const calls: { url: string; body: string }[] = [];
  const fetch: typeof globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), body: String(init?.body) });
    return answers.shift() ?? new Response('{"code":0,"message":""}');
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const at = new Date('2026-12-01T02:00:00.000Z'); // 10:00 in Shanghai

async function errorOf(answer: Response, over = {}) {
  const { fetch } = scripted([answer]);
  const channel = createServerchanChannel({ sendkey: KEY, fetch, now: () => at, ...over });
  const [payload] = channel.render(dailySummary(), {});
  return channel.deliver(payload as never).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
}

describe('ServerChan requests', () => {
  it('posts JSON to <base>/<SendKey>.send, the provider by default, trailing slashes dropped', async () => {
    const a = scripted([]);
    const channel = createServerchanChannel({ sendkey: KEY, fetch: a.fetch });
    for (const p of channel.render(dailySummary(), {})) await channel.deliver(p);
    expect(a.calls[0]?.url).toBe(`https://sctapi.ftqq.com/${KEY}.send`);
    const b = scripted([]);
    const local = createServerchanChannel({ sendkey: 'a/b', url: 'http://127.0.0.1:9//', fetch: b.fetch });
    for (const p of local.render(dailySummary(), {})) await local.deliver(p);
    expect(b.calls[0]?.url).toBe('http://127.0.0.1:9/a%2Fb.send');
    const body = JSON.parse(b.calls[0]?.body ?? '{}') as Record<string, string>;
    expect(body.title).toBe('每日值守报告');
    expect(body.desp).toMatch(/^### 每日值守报告/);
  });

  it('title at most 32 characters, short at most 64 (a long ping is cut)', () => {
    const channel = createServerchanChannel({ sendkey: KEY });
    const long = openings(1).map((a) => ({
      ...a,
      observation: { ...a.observation, title: '长'.repeat(100) },
    }))[0];
    const [m] = channel.render(long as never, {});
    expect([...(m?.title ?? '')]).toHaveLength(32);
    expect(m?.short).toBeDefined();
    expect([...(m?.short ?? '')]).toHaveLength(64);
    expect(m?.short).not.toContain('Stryker');
    const [hold] = channel.render(holdMade(), {});
    expect(hold?.desp).toContain('http://192.168.1.5:8787/approve/tok-a');
  });

  it('a burst is one message with each alert under a bold title', () => {
    const parts = createServerchanChannel({ sendkey: KEY }).renderBurst(openings(4), {});
    expect(parts).toHaveLength(1);
    expect(parts[0]?.covers).toEqual([0, 1, 2, 3]);
    const desp = parts[0]?.payload.desp ?? '';
    // Each alert opens with its title in bold (not a heading, not bare), the alerts apart by a rule.
    for (const n of [0, 1, 2, 3])
      expect(desp).toContain(`**有空位：少儿国画 ${n + 1} 班**\n\n**姐姐 · ART-10${n}**`);
    expect(desp).not.toMatch(/^#/m);
    expect(desp.split('\n\n---\n\n')).toHaveLength(4);
    expect(parts[0]?.payload).not.toHaveProperty('short');
  });

  it('send delivers one alert as its own message, several as one merged message', async () => {
    const { calls, fetch } = scripted([]);
    const channel = createServerchanChannel({ sendkey: KEY, fetch });
    await channel.send([holdMade()], {});
    await channel.send(openings(3), {});
    expect(calls.map((c) => JSON.parse(c.body).title)).toEqual([
      expect.stringContaining('少儿国画（初级）'),
      expect.stringMatching(/^捡漏：3 条/),
    ]);
  });

  it('is named serverchan by default, its id otherwise', () => {
    expect(createServerchanChannel({ sendkey: KEY }).id).toBe('serverchan');
    expect(createServerchanChannel({ sendkey: KEY, id: 'sc-2' }).id).toBe('sc-2');
  });
});

describe('ServerChan answers', () => {
  it('code 0 is delivered', async () => {
    expect(await errorOf(json({ code: 0, message: '' }))).toBeUndefined();
  });

  it('no code: 404 means a wrong SendKey (broken), 502 is retried, 200 without a code is retried', async () => {
    const e404 = await errorOf(new Response('nope', { status: 404 }));
    expect(e404).toBeInstanceOf(ChannelBrokenCodeError);
    expect(e404?.message).toMatch(/the SendKey looks wrong: copy it again from sct\.ftqq\.com/);
    expect(await errorOf(new Response('bad', { status: 502 }))).toBeInstanceOf(ChannelRetryableError);
    const e200 = await errorOf(json({ message: 'ok' }));
    expect(e200).toBeInstanceOf(ChannelRetryableError);
    expect(e200).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(e200?.message).toBe('ServerChan https://sctapi.ftqq.com: HTTP 200 without a code; will retry');
    expect(await errorOf(json({ code: '0' }))).toBeInstanceOf(ChannelRetryableError);
  });

  it('another code is an unknown code (retried a few times), saying what came back', async () => {
    const e = await errorOf(json({ code: 40001, message: 'bad pushtoken' }));
    expect(e).toBeInstanceOf(ChannelUnknownCodeError);
    expect(e?.message).toBe(
      "ServerChan https://sctapi.ftqq.com: code 40001 (bad pushtoken) — the message was not accepted (a wrong SendKey or the day's quota); will retry a few times",
    );
    const bare = await errorOf(json({ code: 40001 }));
    expect(bare?.message).toMatch(/^ServerChan https:\/\/sctapi\.ftqq\.com: code 40001 — /);
  });

  it("the quota answer waits until midnight in the channel's zone (Shanghai by default)", async () => {
    const e = (await errorOf(
      json({ code: 40005, message: '超过当天的发送次数限制' }),
    )) as ChannelRetryableError;
    expect(e).toBeInstanceOf(ChannelRetryableError);
    expect(e).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(e.retryAfterMs).toBe(14 * 3_600_000);
    expect(e.message).toBe(
      "ServerChan https://sctapi.ftqq.com: code 40005 (超过当天的发送次数限制) — the day's quota is spent; waiting until midnight",
    );
    const utc = (await errorOf(json({ code: 40005, message: 'daily quota' }), {
      timeZone: 'UTC',
    })) as ChannelRetryableError;
    expect(utc.retryAfterMs).toBe(22 * 3_600_000);
  });

  it('reads the quota from the text', () => {
    for (const said of ['超过当天的发送次数限制', '今日限额已满', 'Daily quota exceeded', 'rate LIMIT'])
      expect(isQuotaAnswer(said)).toBe(true);
    for (const said of ['bad pushtoken', '', 'title is required']) expect(isQuotaAnswer(said)).toBe(false);
  });

  it('the SendKey is in no error message, even when the answer repeats it', async () => {
    const e = await errorOf(json({ code: 40001, message: `bad key ${KEY}` }));
    expect(e?.message).not.toContain(KEY);
    const e2 = await errorOf(json({ code: 40005, message: `quota for ${KEY}` }));
    expect(e2?.message).not.toContain(KEY);
  });

  it('uses the real clock without one', async () => {
    const { fetch } = scripted([json({ code: 40005, message: 'quota' })]);
    const channel = createServerchanChannel({ sendkey: KEY, fetch });
    const [p] = channel.render(dailySummary(), {});
    const e = (await channel.deliver(p as never).catch((x: unknown) => x)) as ChannelRetryableError;
    expect(e.retryAfterMs).toBeGreaterThanOrEqual(60_000);
    expect(e.retryAfterMs).toBeLessThanOrEqual(86_400_000);
  });
});
