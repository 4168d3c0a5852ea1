import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createDingtalkChannel,
  dingtalkSign,
  signedDingtalkUrl,
} from '../../src/notify/channels/dingtalk.js';
import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnknownCodeError,
} from '../../src/notify/errors.js';
import { dailySummary, gone, holdMade, holdReminder, opening, openings, problem } from './fixtures.js';

/** DingTalk without a server: what is rendered and sent, and how each answer is read. */

const WEBHOOK = 'https://oapi.dingtalk.com/robot/send?access_token=tok0123456789';
const SECRET = 'SECsecret0123456789';
const AT = new Date(1_700_000_000_000);

function scripted(answers: (Response | Error)[]) {
  const calls: { url: string; body: string }[] = [];
  const fetch: typeof globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), body: String(init?.body) });
    const next = answers.shift() ?? new Response('{"errcode":0,"errmsg":"ok"}');
    if (next instanceof Error) throw next;
    return next;
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const ding = (over: Partial<Parameters<typeof createDingtalkChannel>[0]> = {}) =>
  createDingtalkChannel({ webhook: WEBHOOK, secret: SECRET, now: () => AT, ...over });

async function errorOf(answer: Response | Error, over = {}) {
  const { fetch } = scripted([answer]);
  const channel = ding({ fetch, ...over });
  const [payload] = channel.render(dailySummary(), {});
  return channel.deliver(payload as never).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
}

describe('DingTalk signing and URL', () => {
  it('appends with ? when the webhook has no query, & when it has one', () => {
    const sign = encodeURIComponent(dingtalkSign(AT.getTime(), SECRET));
    expect(signedDingtalkUrl('https://x.test/send', SECRET, AT)).toBe(
      `https://x.test/send?timestamp=1700000000000&sign=${sign}`,
    );
    expect(signedDingtalkUrl('https://x.test/send?a=1', SECRET, AT)).toBe(
      `https://x.test/send?a=1&timestamp=1700000000000&sign=${sign}`,
    );
  });

  it('signs UTF-8 text (a secret with Chinese characters signs its UTF-8 bytes)', () => {
    const secret = 'SEC密钥0123';
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
      .update(Buffer.from(`1\n${secret}`, 'utf8'))
      .digest('base64');
    expect(dingtalkSign(1, secret)).toBe(expected);
  });

  it('sends signed with the clock, and unsigned without a secret', async () => {
    const { calls, fetch } = scripted([]);
    const channel = ding({ fetch });
    for (const p of channel.render(dailySummary(), {})) await channel.deliver(p);
    expect(calls[0]?.url).toBe(signedDingtalkUrl(WEBHOOK, SECRET, AT));
    const plain = scripted([]);
    const unsigned = ding({ fetch: plain.fetch, secret: undefined as never });
    for (const p of unsigned.render(dailySummary(), {})) await unsigned.deliver(p);
    expect(plain.calls[0]?.url).toBe(WEBHOOK);
  });

  it('uses the real clock when none is given', async () => {
    const { calls, fetch } = scripted([]);
    const channel = createDingtalkChannel({ webhook: WEBHOOK, secret: SECRET, fetch });
    const before = Date.now();
    for (const p of channel.render(dailySummary(), {})) await channel.deliver(p);
    const ts = Number(/timestamp=(\d+)/.exec(calls[0]?.url ?? '')?.[1]);
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Date.now());
  });

  it('is named dingtalk by default, its id otherwise, 20 a minute', () => {
    expect(ding().id).toBe('dingtalk');
    expect(ding({ id: 'dingtalk-2' }).id).toBe('dingtalk-2');
    expect(ding().maxPerMinute).toBe(20);
  });
});

describe('DingTalk rendering', () => {
  it('a hold: one actionCard, title and text, one button per link, vertical past two links', () => {
    const [card, ...rest] = ding().render(holdMade(), {});
    expect(rest).toEqual([]);
    expect(card?.msgtype).toBe('actionCard');
    const c = (card as { actionCard: Record<string, unknown> }).actionCard;
    expect(c.title).toBe('已占位：少儿国画（初级）');
    expect(String(c.text)).toMatch(/^### 已占位：少儿国画（初级）\n\n/);
    expect(String(c.text)).not.toContain('http://192.168.1.5:8787/approve/tok-a');
    const btns = c.btns as { title: string; actionURL: string }[];
    expect(btns.length).toBeGreaterThan(2);
    expect(btns[0]).toEqual({ title: '批准报名', actionURL: 'http://192.168.1.5:8787/approve/tok-a' });
    expect(c.btnOrientation).toBe('0');
  });

  it('two links side by side (btnOrientation 1); one link too', () => {
    const [reminder] = ding().render(holdReminder(), {});
    const r = (reminder as { actionCard: { btns: unknown[]; btnOrientation: string } }).actionCard;
    expect(r.btns).toHaveLength(2);
    expect(r.btnOrientation).toBe('1');
    const [open] = ding().render(opening(), {});
    const o = (open as { actionCard: { btns: unknown[]; btnOrientation: string } }).actionCard;
    expect(o.btns).toHaveLength(1);
    expect(o.btnOrientation).toBe('1');
  });

  it('a message without links, or a non-card, non-urgent one, is markdown with its links inline', () => {
    const [summary] = ding().render(dailySummary(), {});
    expect(summary).toEqual({
      msgtype: 'markdown',
      markdown: { title: '每日值守报告', text: expect.stringMatching(/^### 每日值守报告\n\n/) },
    });
    const [g] = ding().render(gone(), {});
    expect(g?.msgtype).toBe('markdown');
    expect(JSON.stringify(g)).toContain('(http://127.0.0.1:4173/courses/ART-101)');
  });

  it('titles are cut to 64 characters', () => {
    const long = opening({ observation: { ...opening().observation, title: '长'.repeat(100) } });
    const [card] = ding().render(long, {});
    expect((card as { actionCard: { title: string } }).actionCard.title).toHaveLength(64);
  });

  it('an urgent card is followed by a text mentioning the mobiles (not @all) with its at', () => {
    const channel = ding({ mentionMobiles: ['13800000000', '13900000000', '@all'] });
    const parts = channel.render(opening(), {});
    expect(parts).toHaveLength(2);
    const ping = parts[1] as { msgtype: string; text: { content: string }; at: unknown };
    expect(ping.msgtype).toBe('text');
    expect(ping.text.content).toMatch(/请看上面的消息 @13800000000 @13900000000$/);
    expect(ping.text.content).not.toContain('@@all');
    expect(ping.at).toEqual({ atMobiles: ['13800000000', '13900000000'], isAtAll: true });
  });

  it('only @all: isAtAll without atMobiles, and no mobile line', () => {
    const parts = ding({ mentionMobiles: ['@all'] }).render(opening(), {});
    const ping = parts[1] as { text: { content: string }; at: unknown };
    expect(ping.at).toEqual({ isAtAll: true });
    expect(ping.text.content).toBe(ping.text.content.trim());
    expect(ping.text.content).not.toContain('@');
  });

  it('only mobiles: atMobiles without isAtAll', () => {
    const parts = ding({ mentionMobiles: ['13800000000'] }).render(opening(), {});
    expect((parts[1] as { at: unknown }).at).toEqual({ atMobiles: ['13800000000'] });
  });

  it('no mentions configured, or a non-urgent alert: no ping message', () => {
    expect(ding().render(opening(), {})).toHaveLength(1);
    expect(ding({ mentionMobiles: [] }).render(opening(), {})).toHaveLength(1);
    const summary = ding({ mentionMobiles: ['13800000000'] }).render(dailySummary(), {});
    expect(summary).toHaveLength(1);
    expect(summary[0]).not.toHaveProperty('at');
    expect(JSON.stringify(summary)).not.toContain('13800000000');
  });

  it('an urgent markdown message carries its mentions in the text and in at', () => {
    const [p] = ding({ mentionMobiles: ['13800000000'] }).render(problem(), {});
    expect(p).toEqual({
      msgtype: 'markdown',
      markdown: { title: expect.any(String), text: expect.stringMatching(/\n\n@13800000000$/) },
      at: { atMobiles: ['13800000000'] },
    });
    const [onlyAll] = ding({ mentionMobiles: ['@all'] }).render(problem(), {});
    expect((onlyAll as { markdown: { text: string } }).markdown.text).not.toMatch(/\n\n$/);
    expect(onlyAll).toHaveProperty('at', { isAtAll: true });
  });

  it('a long card goes on in markdown parts with the same title; only the first part mentions', () => {
    const big = holdMade({
      observation: { ...holdMade().observation, title: `长${'很长的课程说明'.repeat(400)}` },
    });
    const parts = ding({ mentionMobiles: ['13800000000'] }).render(big, {});
    expect(parts.length).toBeGreaterThan(2);
    const [card, ...more] = parts;
    const title = (card as { actionCard: { title: string; text: string } }).actionCard.title;
    expect((card as { actionCard: { text: string } }).actionCard.text.length).toBeGreaterThan(0);
    const markdowns = more.filter((p) => p.msgtype === 'markdown') as {
      markdown: { title: string; text: string };
    }[];
    expect(markdowns.length).toBeGreaterThan(0);
    for (const m of markdowns) {
      expect(m.markdown.title).toBe(title);
      expect(m.markdown.text.length).toBeGreaterThan(0);
      expect(Buffer.byteLength(m.markdown.text)).toBeLessThanOrEqual(5000);
    }
    // Urgent without links: markdown parts, the mention only on the first.
    const urgentLong = problem({
      problem: 'portal_changed',
      next: { code: 'doctor' },
      detail: '原因很长'.repeat(800),
    });
    const split = ding({ mentionMobiles: ['13800000000'] }).render(urgentLong, {});
    expect(split.length).toBeGreaterThan(1);
    expect(split[0]).toHaveProperty('at');
    for (const p of split.slice(1)) expect(p).not.toHaveProperty('at');
  });

  it('a burst is one markdown message: a ### title and each alert with a bold title', () => {
    const parts = ding().renderBurst(openings(4), { seq: 3 });
    expect(parts).toHaveLength(1);
    const [part] = parts;
    expect(part?.covers).toEqual([0, 1, 2, 3]);
    const md = part?.payload as { msgtype: string; markdown: { title: string; text: string } };
    expect(md.msgtype).toBe('markdown');
    expect(md.markdown.text.startsWith(`### ${md.markdown.title}\n\n`)).toBe(true);
    expect(md.markdown.text).toContain('**');
    expect(md.markdown.text).not.toMatch(/\n### 有空位/);
    const long = ding().renderBurst(
      openings(3).map((a) => ({ ...a, observation: { ...a.observation, title: '长'.repeat(80) } })),
      {},
    );
    const first = long[0]?.payload as { markdown: { title: string } } | undefined;
    expect(first?.markdown.title.length).toBeLessThanOrEqual(64);
  });
});

describe('DingTalk answers', () => {
  it('errcode 0 is delivered', async () => {
    expect(await errorOf(json({ errcode: 0, errmsg: 'ok' }))).toBeUndefined();
  });

  it('not JSON: an HTTP status is read (404 broken, 502 retried), else retried', async () => {
    const e404 = await errorOf(new Response('not found', { status: 404 }));
    expect(e404).toBeInstanceOf(ChannelBrokenCodeError);
    expect(e404?.message).toMatch(/check the webhook URL/);
    const e502 = await errorOf(new Response('bad gateway', { status: 502 }));
    expect(e502).toBeInstanceOf(ChannelRetryableError);
    const e200 = await errorOf(new Response('<html>', { status: 200 }));
    expect(e200).toBeInstanceOf(ChannelRetryableError);
    expect(e200).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(e200?.message).toBe(
      'DingTalk robot https://oapi.dingtalk.com/…: HTTP 200 without JSON; will retry',
    );
  });

  it('an answer without errcode is retried', async () => {
    const e = await errorOf(json({ errmsg: 'ok' }));
    expect(e).toBeInstanceOf(ChannelRetryableError);
    expect(e).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(e?.message).toBe('DingTalk robot https://oapi.dingtalk.com/…: answer without errcode; will retry');
    const s = await errorOf(json({ errcode: '0' }));
    expect(s).toBeInstanceOf(ChannelRetryableError);
  });

  it('130101 and 410100 throttle for 10 minutes; -1 is busy', async () => {
    for (const code of [130101, 410100]) {
      const e = (await errorOf(json({ errcode: code, errmsg: 'send too fast' }))) as ChannelRetryableError;
      expect(e).toBeInstanceOf(ChannelRetryableError);
      expect(e.retryAfterMs).toBe(600_000);
      expect(e.message).toMatch(/over 20 messages a minute/);
    }
    const busy = (await errorOf(json({ errcode: -1, errmsg: '系统繁忙' }))) as ChannelRetryableError;
    expect(busy).toBeInstanceOf(ChannelRetryableError);
    expect(busy).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(busy.message).toBe(
      'DingTalk robot https://oapi.dingtalk.com/…: errcode -1 (系统繁忙) — DingTalk is busy; will retry',
    );
    const one = await errorOf(json({ errcode: 1, errmsg: '' }));
    expect(one).toBeInstanceOf(ChannelUnknownCodeError);
    expect(one?.message).toBe(
      'DingTalk robot https://oapi.dingtalk.com/…: errcode 1 — unknown errcode; will retry a few times',
    );
  });

  it('310000 says which security setting refused it', async () => {
    const advice = async (errmsg: string) =>
      (await errorOf(json({ errcode: 310000, errmsg })))?.message ?? '';
    expect(await advice('sign not match')).toMatch(/加签 secret is wrong/);
    expect(await advice('invalid timestamp')).toMatch(/clock is off by more than an hour: fix the clock/);
    expect(await advice('keywords not in content')).toMatch(/requires a keyword/);
    expect(await advice('ip X not in whitelist')).toMatch(/IP is not on the robot's allowlist/);
    expect(await advice('something else')).toMatch(/a security setting of the robot refused the message/);
    const e = await errorOf(json({ errcode: 310000, errmsg: 'invalid timestamp' }));
    expect(e).toBeInstanceOf(ChannelBrokenCodeError);
    expect(e?.message).toMatch(/; then run: jianlou doctor --send$/);
  });

  it('broken codes name what to fix; refused content is not retried; unknown codes are', async () => {
    const broken = await errorOf(json({ errcode: 300001, errmsg: 'token is not exist' }));
    expect(broken).toBeInstanceOf(ChannelBrokenCodeError);
    expect(broken?.message).toBe(
      'DingTalk robot https://oapi.dingtalk.com/…: errcode 300001 (token is not exist) — the access_token is not valid: copy the webhook again from the robot settings; then run: jianlou doctor --send',
    );
    for (const code of [400101, 400102, 400106, 400013])
      expect(await errorOf(json({ errcode: code }))).toBeInstanceOf(ChannelBrokenCodeError);
    const refused = await errorOf(json({ errcode: 430101, errmsg: 'unsafe link' }));
    expect(refused).toBeInstanceOf(ChannelPayloadError);
    expect(refused?.message).toMatch(
      /content has an unsafe external link in a markdown message; not retried$/,
    );
    for (const code of [400105, 430102, 430103, 430104])
      expect(await errorOf(json({ errcode: code }))).toBeInstanceOf(ChannelPayloadError);
    const unknown = await errorOf(json({ errcode: 123456, errmsg: 'new' }));
    expect(unknown).toBeInstanceOf(ChannelUnknownCodeError);
  });

  it('the token and the secret are in no error message, also when the errmsg repeats them', async () => {
    const e = await errorOf(json({ errcode: 300001, errmsg: `bad token tok0123456789 / ${SECRET}` }));
    expect(e?.message).not.toContain('tok0123456789');
    expect(e?.message).not.toContain(SECRET);
    expect(e?.message).toMatch(/^DingTalk robot https:\/\/oapi\.dingtalk\.com\/…: /);
  });
});
