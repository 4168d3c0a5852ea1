import { describe, expect, it } from 'vitest';
import {
  createFeishuChannel,
  FEISHU_MAX_PER_MINUTE,
  FEISHU_MAX_PER_SECOND,
  FEISHU_TEXT_MAX_BYTES,
  type FeishuMessage,
  feishuSign,
} from '../../src/notify/channels/feishu.js';
import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnknownCodeError,
} from '../../src/notify/errors.js';
import {
  dailySummary,
  gone,
  holdFailed,
  holdMade,
  holdResult,
  loginSoon,
  opening,
  openings,
  problem,
  testAlert,
} from './fixtures.js';

/** Feishu without a server: the card it renders, how it signs and paces, how each answer is read. */

const TOKEN = 'hooktoken0123456789';
const WEBHOOK = `https://open.feishu.cn/open-apis/bot/v2/hook/${TOKEN}`;
const SECRET = 'feishu-secret-0123';
const AT = new Date(1_700_000_000_500);
const WHERE = 'Feishu bot https://open.feishu.cn/…';

function scripted(answers: Response[]) {
  const calls: { url: string; body: Record<string, unknown> }[] = [];
  const fetch: typeof globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), body: JSON.parse(String(init?.body)) as Record<string, unknown> });
    return answers.shift() ?? new Response('{"code":0,"msg":"success","data":{}}');
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers });

type Over = Partial<Parameters<typeof createFeishuChannel>[0]>;
const feishu = (over: Over = {}) =>
  createFeishuChannel({ webhook: WEBHOOK, secret: SECRET, now: () => AT, sleep: async () => {}, ...over });

async function errorOf(answer: Response, over: Over = {}) {
  const { fetch } = scripted([answer]);
  const channel = feishu({ fetch, ...over });
  const [payload] = channel.render(dailySummary(), {});
  return channel.deliver(payload as FeishuMessage).then(
    () => undefined,
    (e: unknown) => e as Error & { errcode?: number; retryAfterMs?: number },
  );
}

const cardOf = (m: FeishuMessage | undefined) => {
  if (m?.msg_type !== 'interactive') throw new Error(`not a card: ${JSON.stringify(m)}`);
  return m.card;
};

describe('Feishu rendering', () => {
  it('a hold: one card, the title in the header, the body in lark_md, approve as the primary button', () => {
    const parts = feishu().render(holdMade(), {});
    expect(parts).toHaveLength(1);
    const card = cardOf(parts[0]);
    expect(card.config).toEqual({ wide_screen_mode: true });
    expect(card.header).toEqual({
      title: { tag: 'plain_text', content: '已占位：少儿国画（初级）' },
      template: 'red',
    });
    const [div, action, ...rest] = card.elements;
    expect(rest).toEqual([]);
    expect(div).toEqual({ tag: 'div', text: { tag: 'lark_md', content: expect.any(String) } });
    const body = (div as { text: { content: string } }).text.content;
    // The title is not repeated, links are buttons, and lark_md has no quotes.
    expect(body).toMatch(/^\*\*姐姐 · 请在 09:18 前决定\*\*\n\n/);
    expect(body).not.toContain('已占位');
    expect(body).not.toContain('http://192.168.1.5');
    expect(body).not.toMatch(/^> /m);
    expect(action).toEqual({
      tag: 'action',
      actions: [
        {
          tag: 'button',
          text: { tag: 'plain_text', content: '批准报名' },
          type: 'primary',
          url: 'http://192.168.1.5:8787/approve/tok-a',
        },
        {
          tag: 'button',
          text: { tag: 'plain_text', content: expect.any(String) },
          type: 'default',
          url: 'http://192.168.1.5:8787/release/tok-r',
        },
        expect.objectContaining({ tag: 'button', type: 'default' }),
      ],
    });
  });

  it('the header colour follows the tone: red for a warning, green for info, grey for a comment', () => {
    expect(cardOf(feishu().render(opening(), {})[0]).header.template).toBe('red');
    expect(cardOf(feishu().render(holdResult(), {})[0]).header.template).toBe('green');
    expect(cardOf(feishu().render(gone(), {})[0]).header.template).toBe('grey');
  });

  it('a non-urgent alert has no primary button; one without links has no action row', () => {
    const soon = cardOf(feishu().render(loginSoon(), {})[0]);
    const actions = (soon.elements[1] as { actions: { type: string; url: string }[] }).actions;
    expect(actions).toEqual([
      expect.objectContaining({ type: 'default', url: 'https://jianlou.example/login/abc.def' }),
    ]);
    const summary = cardOf(feishu().render(dailySummary(), {})[0]);
    expect(summary.elements).toEqual([
      { tag: 'div', text: { tag: 'lark_md', content: expect.stringMatching(/^仍在值守/) } },
    ]);
  });

  it('a long alert goes on in more cards with the same title; only the first has the buttons', () => {
    const big = holdFailed(`长${'很长的失败原因'.repeat(900)}`);
    const parts = feishu().render(big, {});
    expect(parts.length).toBeGreaterThan(1);
    const cards = parts.map(cardOf);
    expect(cards[0]?.elements.map((e) => e.tag)).toEqual(['div', 'action']);
    for (const c of cards.slice(1)) {
      expect(c.elements.map((e) => e.tag)).toEqual(['div']);
      expect(c.header.title.content).toBe(cards[0]?.header.title.content);
    }
    for (const c of cards) {
      const text = (c.elements[0] as { text: { content: string } }).text.content;
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(FEISHU_TEXT_MAX_BYTES);
      expect(text.length).toBeGreaterThan(0);
    }
    // Well under the 20 KB request limit.
    for (const p of parts) expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThan(20 * 1024);
  });

  it('a burst is one warning card: each alert under a bold title, no quotes, no buttons', () => {
    const parts = feishu().renderBurst(openings(4), { seq: 3 });
    expect(parts).toHaveLength(1);
    expect(parts[0]?.covers).toEqual([0, 1, 2, 3]);
    const card = cardOf(parts[0]?.payload);
    expect(card.header.template).toBe('red');
    expect(card.header.title.content).toMatch(/4.*#3/);
    expect(card.elements).toHaveLength(1);
    const body = (card.elements[0] as { text: { content: string } }).text.content;
    expect(body).toMatch(/^\*\*有空位：少儿国画 1 班\*\*/);
    expect(body).toContain('**有空位：少儿国画 4 班**');
    expect(body).not.toMatch(/^> /m);
    expect(body).toContain('(http://127.0.0.1:4173/courses/ART-103)');
  });

  it('a big burst is split into cards that each fit', () => {
    const many = openings(40).map((a) => ({
      ...a,
      observation: { ...a.observation, title: `${a.observation.title}${'说明'.repeat(200)}` },
    }));
    const parts = feishu().renderBurst(many, {});
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.flatMap((p) => p.covers)).toEqual(many.map((_, i) => i));
    for (const p of parts) expect(Buffer.byteLength(JSON.stringify(p.payload))).toBeLessThan(20 * 1024);
  });

  it('is named feishu by default, its id otherwise, 100 a minute', () => {
    expect(feishu().id).toBe('feishu');
    expect(feishu({ id: 'feishu-2' }).id).toBe('feishu-2');
    expect(feishu().maxPerMinute).toBe(100);
    expect([FEISHU_MAX_PER_MINUTE, FEISHU_MAX_PER_SECOND]).toEqual([100, 5]);
  });
});

describe('Feishu signing', () => {
  it('signs with the timestamp in whole seconds; the message keeps its fields', async () => {
    const { calls, fetch } = scripted([]);
    const channel = feishu({ fetch });
    const [p] = channel.render(testAlert(), {});
    await channel.deliver(p as FeishuMessage);
    expect(calls[0]?.url).toBe(WEBHOOK);
    expect(calls[0]?.body.timestamp).toBe('1700000000');
    expect(calls[0]?.body.sign).toBe(feishuSign(1_700_000_000, SECRET));
    expect(calls[0]?.body.msg_type).toBe('interactive');
    expect(calls[0]?.body.card).toEqual((p as { card: unknown }).card);
  });

  it('without a secret the request carries no timestamp and no sign', async () => {
    const { calls, fetch } = scripted([]);
    const channel = feishu({ fetch, secret: undefined });
    const [p] = channel.render(testAlert(), {});
    await channel.deliver(p as FeishuMessage);
    expect(Object.keys(calls[0]?.body ?? {}).sort()).toEqual(['card', 'msg_type']);
  });

  it('uses the real clock when none is given', async () => {
    const { calls, fetch } = scripted([]);
    const channel = createFeishuChannel({ webhook: WEBHOOK, secret: SECRET, fetch });
    const before = Math.floor(Date.now() / 1000);
    await channel.deliver(channel.render(testAlert(), {})[0] as FeishuMessage);
    const ts = Number(calls[0]?.body.timestamp);
    expect(ts).toBeGreaterThanOrEqual(before);
    expect(ts).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
  });
});

describe('Feishu pacing (5 a second)', () => {
  function paced(step: (t: { now: number }) => void = () => {}, advanceOnSleep = true) {
    const t = { now: 1_000_000 };
    const sleeps: number[] = [];
    const { calls, fetch } = scripted([]);
    const channel = feishu({
      fetch,
      now: () => new Date(t.now),
      sleep: async (ms) => {
        sleeps.push(ms);
        if (advanceOnSleep) t.now += ms;
      },
    });
    const [p] = channel.render(testAlert(), {});
    const send = async () => {
      await channel.deliver(p as FeishuMessage);
      step(t);
    };
    return { t, sleeps, calls, send };
  }

  it('five at once go straight out; the sixth waits until the first is a second old', async () => {
    const { sleeps, calls, send } = paced();
    for (let i = 0; i < 5; i++) await send();
    expect(sleeps).toEqual([]);
    await send();
    expect(sleeps).toEqual([1000]);
    expect(calls).toHaveLength(6);
    // After the wait a new second starts: the next one goes straight out.
    await send();
    expect(sleeps).toEqual([1000]);
  });

  it('waits only for what is left of the oldest send’s second', async () => {
    const { sleeps, send } = paced((t) => {
      t.now += 100;
    });
    for (let i = 0; i < 5; i++) await send();
    await send();
    expect(sleeps).toEqual([500]);
  });

  it('a send exactly a second old no longer counts', async () => {
    const { t, sleeps, send } = paced();
    for (let i = 0; i < 5; i++) await send();
    t.now += 1000;
    await send();
    expect(sleeps).toEqual([]);
  });

  it('counts the five most recent sends even when a wait returned early', async () => {
    const { sleeps, send } = paced((t) => {
      t.now += 100;
    }, false);
    for (let i = 0; i < 5; i++) await send();
    // Sends at 0, 100, 200, 300, 400 ms; now 500.
    await send();
    expect(sleeps).toEqual([500]);
    // The wait did not move the clock: sends at 100 … 400 and 500 are the last five; now 600.
    await send();
    expect(sleeps).toEqual([500, 500]);
  });

  it('waits for real without a sleep of its own', async () => {
    const { fetch } = scripted([]);
    const channel = createFeishuChannel({ webhook: WEBHOOK, fetch });
    const [p] = channel.render(testAlert(), {});
    const started = Date.now();
    for (let i = 0; i < 6; i++) await channel.deliver(p as FeishuMessage);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});

describe('Feishu answers', () => {
  it('code 0 (or StatusCode 0) with an HTTP success is delivered', async () => {
    expect(await errorOf(json({ code: 0, msg: 'success' }))).toBeUndefined();
    expect(await errorOf(json({ StatusCode: 0, StatusMessage: 'success' }))).toBeUndefined();
  });

  it('code 0 with an HTTP error is not taken as delivered', async () => {
    const e = await errorOf(json({ code: 0, msg: 'odd' }, 400));
    expect(e).toBeInstanceOf(ChannelUnknownCodeError);
    expect(e?.message).toBe(`${WHERE}: code 0 (odd) — unknown code; will retry a few times`);
  });

  it('rate limited (99991400 or HTTP 429): waits as the gateway says, else a minute', async () => {
    const e = await errorOf(
      json({ code: 99991400, msg: 'request trigger frequency limit' }, 200, {
        'x-ogw-ratelimit-reset': '12',
      }),
    );
    expect(e).toBeInstanceOf(ChannelRetryableError);
    expect(e).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(e?.errcode).toBe(99991400);
    expect(e?.retryAfterMs).toBe(12_000);
    expect(e?.message).toBe(`${WHERE}: rate limited (code 99991400); waiting`);
    const http = await errorOf(new Response('too many', { status: 429 }));
    expect(http).toBeInstanceOf(ChannelRetryableError);
    expect(http?.errcode).toBe(429);
    expect(http?.retryAfterMs).toBe(60_000);
    for (const reset of ['0', '-3', 'soon', 'Infinity']) {
      const odd = await errorOf(json({ code: 99991400 }, 200, { 'x-ogw-ratelimit-reset': reset }));
      expect(odd?.retryAfterMs).toBe(60_000);
    }
  });

  it('9499 waits 10 s, 11232 a minute: too many requests', async () => {
    const e = await errorOf(json({ code: 9499, msg: 'too many request' }));
    expect(e).toBeInstanceOf(ChannelRetryableError);
    expect(e).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(e?.retryAfterMs).toBe(10_000);
    expect(e?.message).toBe(
      `${WHERE}: code 9499 (too many request) — too many requests (100/min, 5/s); waiting`,
    );
    const f = await errorOf(json({ code: 11232, msg: 'frequency limited' }));
    expect(f).toBeInstanceOf(ChannelRetryableError);
    expect(f?.errcode).toBe(11232);
    expect(f?.retryAfterMs).toBe(60_000);
  });

  it('no code: a 404 means a wrong webhook (broken), a 502 is retried, a 200 without one too', async () => {
    const e404 = await errorOf(new Response('not found', { status: 404 }));
    expect(e404).toBeInstanceOf(ChannelBrokenCodeError);
    expect(e404?.message).toBe(`${WHERE}: HTTP 404 — check the webhook URL`);
    expect(await errorOf(json({ msg: 'bad gateway' }, 502))).toBeInstanceOf(ChannelRetryableError);
    const e200 = await errorOf(new Response('<html>', { status: 200 }));
    expect(e200).toBeInstanceOf(ChannelRetryableError);
    expect(e200).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(e200?.errcode).toBe(200);
    expect(e200?.message).toBe(`${WHERE}: HTTP 200 without a code; will retry`);
    const text = await errorOf(json({ code: '0', msg: 'ok' }));
    expect(text).toBeInstanceOf(ChannelRetryableError);
    expect(text).not.toBeInstanceOf(ChannelUnknownCodeError);
  });

  it('a wrong secret, an IP allowlist or a keyword: broken, saying what to fix', async () => {
    const sign = await errorOf(json({ code: 19021, msg: 'sign match fail' }));
    expect(sign).toBeInstanceOf(ChannelBrokenCodeError);
    expect(sign?.errcode).toBe(19021);
    expect(sign?.message).toBe(
      `${WHERE}: code 19021 (sign match fail) — the 签名校验 secret is wrong, or this machine's clock is off by more than an hour: copy the secret again into notify.channels[].secret; then run: jianlou doctor --send`,
    );
    const ip = await errorOf(json({ code: 19022, msg: 'ip not allowed' }));
    expect(ip).toBeInstanceOf(ChannelBrokenCodeError);
    expect(ip?.message).toMatch(/ — this machine's IP is not on the bot's allowlist; then run/);
    const kw = await errorOf(json({ code: 19024, msg: 'keyword' }));
    expect(kw).toBeInstanceOf(ChannelBrokenCodeError);
    expect(kw?.message).toMatch(/ — the bot requires a keyword: use 签名校验/);
  });

  it('a refused message (19002, 11246) is not retried; an unknown code is, a few times', async () => {
    const bad = await errorOf(json({ code: 19002, msg: 'params error' }));
    expect(bad).toBeInstanceOf(ChannelPayloadError);
    expect(bad?.errcode).toBe(19002);
    expect(bad?.message).toBe(
      `${WHERE}: code 19002 (params error) — the bot refused the interactive message; not retried`,
    );
    expect(await errorOf(json({ code: 11246 }))).toBeInstanceOf(ChannelPayloadError);
    const unknown = await errorOf(json({ code: 12345 }));
    expect(unknown).toBeInstanceOf(ChannelUnknownCodeError);
    expect(unknown?.message).toBe(`${WHERE}: code 12345 — unknown code; will retry a few times`);
    const status = await errorOf(json({ StatusCode: 12345, StatusMessage: 'new thing' }));
    expect(status?.message).toBe(`${WHERE}: code 12345 (new thing) — unknown code; will retry a few times`);
    const odd = await errorOf(json({ code: 12345, msg: 7, StatusMessage: 'told' }));
    expect(odd?.message).toBe(`${WHERE}: code 12345 (told) — unknown code; will retry a few times`);
    const none = await errorOf(json({ code: 12345, msg: 7, StatusMessage: 8 }));
    expect(none?.message).toBe(`${WHERE}: code 12345 — unknown code; will retry a few times`);
  });

  it('the hook token and the secret are in no error message, also when the answer repeats them', async () => {
    const e = await errorOf(json({ code: 19021, msg: `bad ${TOKEN} / ${SECRET} / ${WEBHOOK}` }));
    expect(e?.message).not.toContain(TOKEN);
    expect(e?.message).not.toContain(SECRET);
    expect(e?.message).toContain('(bad *** / *** / ***)');
  });

  it('send delivers one alert as its own card, several as one merged card', async () => {
    const { calls, fetch } = scripted([]);
    const channel = feishu({ fetch });
    await channel.send([holdMade()], {});
    expect(JSON.stringify(calls[0]?.body)).toContain('"tag":"button"');
    await channel.send(openings(3), {});
    expect(calls).toHaveLength(2);
    expect(JSON.stringify(calls[1]?.body)).toContain('少儿国画 3 班');
  });

  it('an urgent alert is delivered as a card with its link to a bot that only answers StatusCode', async () => {
    const { calls, fetch } = scripted([json({ StatusCode: 0 })]);
    const channel = feishu({ fetch });
    for (const p of channel.render(problem(), {})) await channel.deliver(p);
    expect(calls).toHaveLength(1);
  });
});
