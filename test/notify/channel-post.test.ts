import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  endpoint,
  httpStatusError,
  jsonOf,
  msUntilLocalMidnight,
  originOf,
  post,
  retryAfterMs,
  scrubberOf,
} from '../../src/notify/channels/post.js';
import {
  ChannelBrokenCodeError,
  ChannelRetryableError,
  ChannelUnansweredError,
} from '../../src/notify/errors.js';
import { type Sink, startSink } from '../../src/sink/sink.js';

/**
 * The HTTP part every push channel shares (post.ts): which failures may have delivered the message
 * (re-sent labelled) and which surely did not (retried plainly), the secrets kept out of every
 * message, and how a status without a usable body is read.
 */

const URL_ = 'https://push.example/hook/tokenABCDEF123456';
const answer = (status: number, headers: Record<string, string> = {}, text = '') => ({
  status,
  headers: new Headers(headers),
  text,
});
const ep = (over: { fetch?: typeof fetch; timeoutMs?: number } = {}) =>
  endpoint('Push', URL_, ['tokenABCDEF123456'], over);

/** A fetch that records its calls and answers or throws as scripted. */
function scripted(answer: Response | Error | 'hang') {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = ((input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    if (answer === 'hang') {
      return new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    }
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

const failed = (over: { fetch?: typeof fetch; timeoutMs?: number }) =>
  post(ep(over), URL_, '{}').then(
    () => undefined,
    (e: unknown) => e as ChannelRetryableError,
  );

describe('scrubberOf', () => {
  it('hides each secret of six characters or more, not shorter ones (they would blank words)', () => {
    expect(scrubberOf(['abcdef'])('x abcdef y')).toBe('x *** y');
    expect(scrubberOf(['abcde'])('x abcde y')).toBe('x abcde y');
    expect(scrubberOf([undefined, 'abcdef', undefined])('abcdef')).toBe('***');
    expect(scrubberOf([])('plain text')).toBe('plain text');
  });

  it('hides a full URL before its parts, whatever order they are given in', () => {
    const url = 'https://h.example/p/secretpart99';
    const text = `posted to ${url} failed`;
    expect(scrubberOf(['secretpart99', url])(text)).toBe('posted to *** failed');
    expect(scrubberOf([url, 'secretpart99'])(text)).toBe('posted to *** failed');
    expect(scrubberOf(['secretpart99', 'https://h.example/p/secretpart99?x=1', url])(text)).toBe(
      'posted to *** failed',
    );
  });

  it('also hides the usual secret URL parameters', () => {
    expect(scrubberOf([])('https://x.example/send?access_token=abc')).toBe(
      'https://x.example/send?access_token=***',
    );
  });
});

describe('originOf', () => {
  it('shows only the origin; a path or a query (often the secret) becomes …', () => {
    expect(originOf('https://a.example')).toBe('https://a.example');
    expect(originOf('https://a.example/')).toBe('https://a.example');
    expect(originOf('https://a.example:8443/')).toBe('https://a.example:8443');
    expect(originOf('https://a.example/?token=x')).toBe('https://a.example/…');
    expect(originOf('https://a.example/hook/secret')).toBe('https://a.example/…');
    expect(originOf('http://127.0.0.1:9/x')).toBe('http://127.0.0.1:9/…');
  });

  it('builds the origin of smtp URLs from the host, without the user and password', () => {
    expect(originOf('smtps://user:pa55word@smtp.example.com:465')).toBe('smtps://smtp.example.com:465');
    expect(originOf('smtp://user:pa55word@smtp.example.com:587/x')).toBe('smtp://smtp.example.com:587/…');
  });

  it('says so for an invalid URL, without repeating it', () => {
    expect(originOf('not a url with secret123456')).toBe('(invalid URL)');
  });
});

describe('endpoint', () => {
  it('names the endpoint by label and origin, scrubs the URL and the secrets, 10 s by default', () => {
    const e = endpoint('Bark', 'https://api.example/push', ['devicekey123', undefined], {});
    expect(e.where).toBe('Bark https://api.example/…');
    expect(e.timeoutMs).toBe(10_000);
    expect(e.fetch).toBe(globalThis.fetch);
    expect(e.scrub('at https://api.example/push with devicekey123')).toBe('at *** with ***');
    const f = scripted(new Response('')).fetch;
    const own = endpoint('Bark', 'https://api.example/push', [], { fetch: f, timeoutMs: 25 });
    expect(own.fetch).toBe(f);
    expect(own.timeoutMs).toBe(25);
  });
});

describe('post', () => {
  it('POSTs the body as UTF-8 JSON with a timeout signal, and returns status, headers and text', async () => {
    const { calls, fetch } = scripted(new Response('{"ok":1}', { status: 201, headers: { 'x-a': 'b' } }));
    const got = await post(ep({ fetch }), URL_, '{"a":1}');
    const form = scripted(new Response(''));
    expect(got.status).toBe(201);
    expect(got.headers.get('x-a')).toBe('b');
    expect(got.text).toBe('{"ok":1}');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(URL_);
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
    expect(calls[0]?.init.body).toBe('{"a":1}');
    expect(calls[0]?.init.signal).toBeInstanceOf(AbortSignal);
    await post(ep({ fetch: form.fetch }), URL_, 'a=1', 'application/x-www-form-urlencoded');
    expect(form.calls[0]?.init.headers).toEqual({ 'content-type': 'application/x-www-form-urlencoded' });
  });

  it('no answer within the timeout: may have arrived, re-sent labelled', async () => {
    const e = await failed({ fetch: scripted('hang').fetch, timeoutMs: 30 });
    expect(e).toBeInstanceOf(ChannelUnansweredError);
    expect(e?.message).toBe(
      'Push https://push.example/…: no answer within 30 ms; will send again, marked as a re-send',
    );
  });

  it('an AbortError is a timeout too', async () => {
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    const e = await failed({ fetch: scripted(abort).fetch, timeoutMs: 40 });
    expect(e).toBeInstanceOf(ChannelUnansweredError);
    expect(e?.message).toMatch(/: no answer within 40 ms; /);
  });

  it('a connection cut after sending may have arrived; a refused connection surely did not', async () => {
    const cut = new TypeError('fetch failed', {
      cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
    });
    const e1 = await failed({ fetch: scripted(cut).fetch });
    expect(e1).toBeInstanceOf(ChannelUnansweredError);
    expect(e1?.message).toBe(
      'Push https://push.example/…: network error (ECONNRESET); will send again, marked as a re-send',
    );
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
    });
    const e2 = await failed({ fetch: scripted(refused).fetch });
    expect(e2).toBeInstanceOf(ChannelRetryableError);
    expect(e2).not.toBeInstanceOf(ChannelUnansweredError);
    expect(e2?.errcode).toBeNull();
    expect(e2?.retryAfterMs).toBeUndefined();
    expect(e2?.message).toBe('Push https://push.example/…: network error (ECONNREFUSED); will retry');
  });

  it('something thrown that is not an Error is a plain retry', async () => {
    const fetch = (() => Promise.reject('weird')) as unknown as typeof globalThis.fetch;
    const e = await failed({ fetch });
    expect(e).toBeInstanceOf(ChannelRetryableError);
    expect(e).not.toBeInstanceOf(ChannelUnansweredError);
    expect(e?.message).toBe('Push https://push.example/…: network error (weird); will retry');
  });

  it('the secret is in neither the message nor the kept cause', async () => {
    const leak = new TypeError(`fetch to ${URL_} failed`);
    const e = await failed({ fetch: scripted(leak).fetch });
    const cause = e?.cause as Error;
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('TypeError');
    expect(`${e?.message} ${cause.message}`).not.toContain('tokenABCDEF123456');
    expect(cause.message).toBe('fetch to *** failed');
  });
});

describe('post against a real server that hangs or cuts the connection', () => {
  let sink: Sink;
  beforeAll(async () => {
    sink = await startSink({ smtp: false });
  });
  afterAll(() => sink.close());
  const pushUrl = () => sink.standIns.pushplus;

  it('a hanging server: given up after the timeout, may have arrived', async () => {
    sink.setMode('hang');
    // A message the stand-in would take (a refused one is answered at once, whatever the mode).
    const body = JSON.stringify({ token: sink.standIns.pushplusToken, content: 'y' });
    const e = await post(endpoint('PushPlus', pushUrl(), [], { timeoutMs: 200 }), pushUrl(), body).catch(
      (x: unknown) => x as Error,
    );
    expect(e).toBeInstanceOf(ChannelUnansweredError);
  });

  it('a connection cut after the request: may have arrived', async () => {
    sink.setMode('cut');
    const body = JSON.stringify({ token: sink.standIns.pushplusToken, content: 'y' });
    const e = await post(endpoint('PushPlus', pushUrl(), [], {}), pushUrl(), body).catch(
      (x: unknown) => x as Error,
    );
    expect(e).toBeInstanceOf(ChannelUnansweredError);
    expect((e as Error).message).toMatch(/^PushPlus http:\/\/127\.0\.0\.1:\d+\/…: network error \(/);
  });

  it('a closed port: surely not sent, retried plainly', async () => {
    const closed = await startSink({ smtp: false });
    const url = closed.standIns.pushplus;
    await closed.close();
    const e = await post(endpoint('PushPlus', url, [], {}), url, '{}').catch((x: unknown) => x as Error);
    expect(e).toBeInstanceOf(ChannelRetryableError);
    expect(e).not.toBeInstanceOf(ChannelUnansweredError);
  });
});

describe('jsonOf', () => {
  it('is the JSON object of an answer, undefined for anything else', () => {
    expect(jsonOf(answer(200, {}, '{"code":0}'))).toEqual({ code: 0 });
    expect(jsonOf(answer(200, {}, '[1]'))).toBeUndefined();
    expect(jsonOf(answer(200, {}, 'null'))).toBeUndefined();
    expect(jsonOf(answer(200, {}, '"text"'))).toBeUndefined();
    expect(jsonOf(answer(200, {}, '7'))).toBeUndefined();
    expect(jsonOf(answer(200, {}, '<html>'))).toBeUndefined();
  });
});

describe('retryAfterMs', () => {
  it('reads Retry-After seconds; nothing for absent, zero, negative or non-numeric values', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '30' }))).toBe(30_000);
    expect(retryAfterMs(new Headers({ 'retry-after': '0.5' }))).toBe(500);
    expect(retryAfterMs(new Headers())).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': '0' }))).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': '-5' }))).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(new Headers({ 'retry-after': 'Infinity' }))).toBeUndefined();
  });
});

describe('httpStatusError', () => {
  const e = ep();
  it('408, 429 and 5xx are retried, after Retry-After when given', () => {
    for (const status of [408, 429, 500, 502, 503, 599]) {
      const err = httpStatusError(e, answer(status, { 'retry-after': '7' }), 'fix it');
      expect(err).toBeInstanceOf(ChannelRetryableError);
      expect((err as ChannelRetryableError).errcode).toBe(status);
      expect((err as ChannelRetryableError).retryAfterMs).toBe(7000);
      expect(err?.message).toBe(`Push https://push.example/…: HTTP ${status}; will retry`);
    }
    expect((httpStatusError(e, answer(503), 'x') as ChannelRetryableError).retryAfterMs).toBeUndefined();
  });

  it('401, 403, 404 and 410 mean the endpoint or its credential is wrong: broken, saying what to fix', () => {
    for (const status of [401, 403, 404, 410]) {
      const err = httpStatusError(e, answer(status), 'check the token');
      expect(err).toBeInstanceOf(ChannelBrokenCodeError);
      expect((err as ChannelBrokenCodeError).errcode).toBe(status);
      expect(err?.message).toBe(`Push https://push.example/…: HTTP ${status} — check the token`);
    }
  });

  it('other statuses are left to the body', () => {
    for (const status of [200, 204, 400, 405, 409, 499])
      expect(httpStatusError(e, answer(status), 'x')).toBeUndefined();
  });
});

describe('msUntilLocalMidnight', () => {
  it('counts hours, minutes and seconds to the next midnight in the zone', () => {
    // 10:15:30 in Shanghai.
    const at = new Date('2026-12-01T02:15:30.000Z');
    expect(msUntilLocalMidnight(at, 'Asia/Shanghai')).toBe(86_400_000 - (10 * 3600 + 15 * 60 + 30) * 1000);
    expect(msUntilLocalMidnight(at, 'UTC')).toBe(86_400_000 - (2 * 3600 + 15 * 60 + 30) * 1000);
  });

  it('just after midnight is almost a day (hour 0, not 24); just before, at least a minute', () => {
    expect(msUntilLocalMidnight(new Date('2026-12-01T16:00:05.000Z'), 'Asia/Shanghai')).toBe(86_395_000);
    expect(msUntilLocalMidnight(new Date('2026-12-01T15:59:30.000Z'), 'Asia/Shanghai')).toBe(60_000);
    expect(msUntilLocalMidnight(new Date('2026-12-01T15:58:30.000Z'), 'Asia/Shanghai')).toBe(90_000);
  });
});
