import { describe, expect, it } from 'vitest';
import {
  BARK_BODY_MAX_BYTES,
  BARK_MAX_PER_MINUTE,
  BARK_TITLE_MAX,
  type BarkMessage,
  barkTarget,
  createBarkChannel,
} from '../../src/notify/channels/bark.js';
import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnansweredError,
  ChannelUnknownCodeError,
} from '../../src/notify/errors.js';
import { startSink } from '../../src/sink/sink.js';
import { expectOneThenMerged, failureOf, jsonAnswer, scriptedFetch, useStandIn } from './channel-kit.js';
import { dailySummary, holdFailed, holdMade, opening, openings, problem, testAlert } from './fixtures.js';

/** Bark (iOS push): the device URL read, the push it sends, and how each answer is read. */

const KEY = 'barkDeviceKey0123456';
const DEVICE = `https://api.day.app/${KEY}`;
const WHERE = 'Bark https://api.day.app/…';

const scripted = (answers: Response[]) => scriptedFetch(answers, '{"code":200,"message":"success"}');
const json = jsonAnswer;

type Over = Partial<Parameters<typeof createBarkChannel>[0]>;
const bark = (over: Over = {}) => createBarkChannel({ url: DEVICE, ...over });

async function errorOf(answer: Response, over: Over = {}) {
  const { fetch } = scripted([answer]);
  const channel = bark({ fetch, ...over });
  const [payload] = channel.render(dailySummary(), {});
  return failureOf(channel.deliver(payload as BarkMessage));
}

describe('the device URL', () => {
  it("is the server's /push and the device key, as the app shows it", () => {
    expect(barkTarget(DEVICE)).toEqual({ pushUrl: 'https://api.day.app/push', deviceKey: KEY });
    expect(barkTarget(`${DEVICE}/`)).toEqual({ pushUrl: 'https://api.day.app/push', deviceKey: KEY });
  });

  it('keeps a self-hosted server’s path and drops any query', () => {
    expect(barkTarget('https://bark.example:8080/sub/dir/KEY123?sound=bell')).toEqual({
      pushUrl: 'https://bark.example:8080/sub/dir/push',
      deviceKey: 'KEY123',
    });
  });

  it('without a key the key is empty', () => {
    expect(barkTarget('https://api.day.app/')).toEqual({
      pushUrl: 'https://api.day.app/push',
      deviceKey: '',
    });
  });
});

describe('Bark rendering', () => {
  it('a hold: the title, the body with every link, the approve link opened on tap, time-sensitive', () => {
    const parts = bark().render(holdMade(), {});
    expect(parts).toHaveLength(1);
    const [m] = parts;
    expect(m?.title).toBe('已占位：少儿国画（初级）');
    expect(m?.body).not.toContain('已占位');
    expect(m?.body).toMatch(/^姐姐 · 请在 09:18 前决定\n/);
    expect(m?.body).toContain('http://192.168.1.5:8787/release/tok-r');
    expect(m?.url).toBe('http://192.168.1.5:8787/approve/tok-a');
    expect(m?.group).toBe('jianlou');
    expect(m?.level).toBe('timeSensitive');
  });

  it('without links no url; not urgent is active; its own group when configured', () => {
    const [m] = bark({ group: '孩子报名' }).render(dailySummary(), {});
    expect(m).not.toHaveProperty('url');
    expect(m?.level).toBe('active');
    expect(m?.group).toBe('孩子报名');
    expect(m?.body).toMatch(/^仍在值守/);
    // Urgent without a link: time-sensitive, no url.
    const [p] = bark().render(problem(), {});
    expect(p?.level).toBe('timeSensitive');
    expect(p).not.toHaveProperty('url');
  });

  it('a long body is cut to fit the APNs payload', () => {
    const [m] = bark().render(holdFailed(`${'很长的失败原因'.repeat(400)}`), {});
    expect(Buffer.byteLength(m?.body ?? '')).toBeLessThanOrEqual(BARK_BODY_MAX_BYTES);
    expect(Buffer.byteLength(m?.body ?? '')).toBeGreaterThan(BARK_BODY_MAX_BYTES - 30);
    expect(m?.body.endsWith('…')).toBe(true);
    expect(BARK_BODY_MAX_BYTES).toBe(3000);
  });

  it('a burst: one time-sensitive push, each alert as text, no url', () => {
    const parts = bark().renderBurst(openings(3), { seq: 4 });
    expect(parts).toHaveLength(1);
    expect(parts[0]?.covers).toEqual([0, 1, 2]);
    const m = parts[0]?.payload;
    expect(m).toEqual({
      title: expect.stringMatching(/3.*#4/),
      body: expect.any(String),
      group: 'jianlou',
      level: 'timeSensitive',
    });
    expect(m?.body.split('\n\n')).toHaveLength(3);
    expect(m?.body).toMatch(/^有空位：少儿国画 1 班\n/);
    const many = bark().renderBurst(openings(40), {});
    expect(many.length).toBeGreaterThan(1);
    for (const p of many) expect(Buffer.byteLength(p.payload.body)).toBeLessThanOrEqual(BARK_BODY_MAX_BYTES);
  });

  it('send delivers one alert as its own push, several as one merged push', async () => {
    const { calls, fetch } = scripted([]);
    await expectOneThenMerged(bark({ fetch }), () => calls.map((c) => c.body.title));
  });

  it('is named bark by default, its id otherwise, 30 a minute', () => {
    expect(bark().id).toBe('bark');
    expect(bark({ id: 'bark-dad' }).id).toBe('bark-dad');
    expect(bark().maxPerMinute).toBe(30);
    expect(BARK_MAX_PER_MINUTE).toBe(30);
  });
});

describe('Bark requests and answers', () => {
  it('posts the device key in the body to /push, never in the URL', async () => {
    const { calls, fetch } = scripted([]);
    const channel = bark({ fetch });
    const [m] = channel.render(holdMade(), {});
    await channel.deliver(m as BarkMessage);
    expect(calls[0]?.url).toBe('https://api.day.app/push');
    expect(calls[0]?.body).toEqual({ device_key: KEY, ...m });
  });

  it('code 200 with an HTTP success is delivered; anything else is not', async () => {
    expect(await errorOf(json({ code: 200, message: 'success' }))).toBeUndefined();
    const redirect = await errorOf(json({ code: 200, message: 'moved' }, 300));
    expect(redirect).toBeInstanceOf(ChannelUnknownCodeError);
    expect(redirect?.message).toBe(`${WHERE}: HTTP 300 (moved) — unknown code 200; will retry a few times`);
    const other = await errorOf(json({ code: 201 }));
    expect(other).toBeInstanceOf(ChannelUnknownCodeError);
    expect(other?.errcode).toBe(201);
    expect(other?.message).toBe(`${WHERE}: HTTP 200 — unknown code 201; will retry a few times`);
  });

  it('an unknown device key is broken, saying where to copy the URL from', async () => {
    for (const message of [
      'failed to get device token: failed to get [given] device token from database',
      'DEVICE TOKEN invalid',
      'bad device_key',
    ]) {
      const e = await errorOf(json({ code: 400, message }, 400));
      expect(e).toBeInstanceOf(ChannelBrokenCodeError);
      expect(e?.errcode).toBe(400);
      expect(e?.message).toBe(
        `${WHERE}: HTTP 400 (${message}) — the device key is unknown to the server: copy the URL again from the Bark app into notify.channels[].url`,
      );
    }
  });

  it('a server failing to read its own database (500, "failed to get device token") is retried, not broken', async () => {
    const e = await errorOf(
      json({ code: 500, message: 'failed to get device token: database is locked' }, 500),
    );
    expect(e).toBeInstanceOf(ChannelRetryableError);
    expect(e?.errcode).toBe(500);
  });

  it('another 400 is a refused push: not retried', async () => {
    const e = await errorOf(json({ code: 400, message: 'push failed: payload too large' }, 400));
    expect(e).toBeInstanceOf(ChannelPayloadError);
    expect(e?.message).toBe(
      `${WHERE}: HTTP 400 (push failed: payload too large) — Bark refused the push; not retried`,
    );
    expect(await errorOf(new Response('bad', { status: 400 }))).toBeInstanceOf(ChannelPayloadError);
  });

  it('a 5xx is retried, a 404 means a wrong URL, a 200 without a code is retried', async () => {
    const busy = await errorOf(json({ code: 500, message: 'push failed: APNs busy' }, 500));
    expect(busy).toBeInstanceOf(ChannelRetryableError);
    expect(busy).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(busy?.errcode).toBe(500);
    const e404 = await errorOf(new Response('404 page not found', { status: 404 }));
    expect(e404).toBeInstanceOf(ChannelBrokenCodeError);
    expect(e404?.message).toBe(`${WHERE}: HTTP 404 — check notify.channels[].url (the Bark app shows it)`);
    const bare = await errorOf(new Response('<html>', { status: 200 }));
    expect(bare).toBeInstanceOf(ChannelRetryableError);
    expect(bare).not.toBeInstanceOf(ChannelUnknownCodeError);
    expect(bare?.errcode).toBe(200);
    expect(bare?.message).toBe(`${WHERE}: HTTP 200 without a code; will retry`);
    const text = await errorOf(json({ code: '200', message: 5 }));
    expect(text?.message).toBe(`${WHERE}: HTTP 200 without a code; will retry`);
  });

  it('the device key is in no error message, even when the answer repeats it', async () => {
    const e = await errorOf(json({ code: 400, message: `failed to get device token ${KEY}` }, 400));
    expect(e?.message).not.toContain(KEY);
    expect(e?.message).toContain('(failed to get device token ***)');
  });
});

describe('Bark against its strict stand-in', () => {
  const sink = useStandIn(() => startSink({ smtp: false }));
  const deliver = (alert = holdMade(), over: Over = {}) => {
    const channel = bark({ url: sink.standIns.bark, ...over });
    return failureOf<Error>(
      (async () => {
        for (const p of channel.render(alert, {})) await channel.deliver(p);
      })(),
    );
  };

  it('every alert kind fits the stand-in’s 4 KB limit, even a very long one', async () => {
    expect(await deliver(holdFailed('很长的失败原因'.repeat(400)) as never)).toBeUndefined();
    expect(await deliver(testAlert() as never)).toBeUndefined();
    expect(sink.received().map((m) => m.channel)).toEqual(['bark', 'bark']);
  });

  it('a course with a very long name and a long reason still fits: the title is cut, keeping the re-send mark', async () => {
    const long = {
      ...holdFailed('很长的失败原因'.repeat(400)),
      observation: { ...opening().observation, title: '长'.repeat(600) },
    };
    const channel = bark({ url: sink.standIns.bark });
    const [m] = channel.render(long, { resend: true });
    expect(await failureOf(channel.deliver(m as BarkMessage))).toBeUndefined();
    expect([...(m?.title ?? '')]).toHaveLength(BARK_TITLE_MAX);
    expect(m?.title).toMatch(/^占位失败：长+…（重发）$/);
  });

  it('busy APNs is retried; a cut after taking it may have arrived; a hang too', async () => {
    sink.setMode('-1');
    expect(await deliver()).toBeInstanceOf(ChannelRetryableError);
    sink.setMode('lost-answer');
    expect(await deliver()).toBeInstanceOf(ChannelUnansweredError);
    sink.setMode('hang');
    expect(await deliver(holdMade(), { timeoutMs: 200 })).toBeInstanceOf(ChannelUnansweredError);
  });

  it('an unknown key is broken and the stand-in took nothing', async () => {
    sink.setMode('93000');
    const e = await deliver();
    expect(e).toBeInstanceOf(ChannelBrokenCodeError);
    expect(e?.message).not.toContain('demoBarkDeviceKey0123');
    expect(sink.received()).toHaveLength(0);
  });
});
