import { describe, expect, it } from 'vitest';
import { PortalChangedError, PortalUnavailableError, SessionExpiredError } from '../../src/core/errors.js';
import { signalWithDeadline } from '../../src/flow/deadline.js';
import { PortalHttpError } from '../../src/flow/http.js';
import { jsonClient } from '../../src/flow/json-client.js';
import { z } from '../../src/flow/public.js';
import type { FlowContext } from '../../src/flow/types.js';
import { caught, useKitServer } from './kit-server.js';
import { type RawRoute, send } from './raw-server.js';

/**
 * The kit's JSON client (src/flow/json-client.ts) at the edges the other tests leave open (issue 26,
 * test strength): absolute URLs, where a status stops being success, which words count as the
 * portal's message, the login page forms, envelope words, each request's time and a cancelled check.
 */
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): RawRoute =>
  (_q, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
const text =
  (status: number, body: string, type = 'text/plain; charset=utf-8'): RawRoute =>
  (_q, res) =>
    send(res, status, type, body);

const server = useKitServer({
  '/api/echo': (q, res) => send(res, 200, 'application/json', JSON.stringify({ url: q.url })),
  '/api/299': json(299, { a: 1 }),
  '/api/300': json(300, { error: 'choose' }),
  '/api/200-location': json(200, { a: 1 }, { location: '/login' }),
  '/api/400-location': json(400, { error: 'bad' }, { location: '/login' }),
  '/api/ok-says-login': json(200, { message: '请先登录以查看更多' }),
  '/api/400-says-login': json(400, { message: '请先登录' }),
  '/api/text-300': text(400, `${'x'.repeat(296)}请先登录`),
  '/api/text-301': text(400, `${'x'.repeat(297)}请先登录`),
  '/api/angle-text': text(400, '<b>请先登录</b> x'),
  '/api/title-attr': text(200, '<html><title lang="zh"> 系统维护中 </title></html>', 'text/html'),
  '/api/login-bare': text(400, '<form><input name=p type=password></form>', 'text/html'),
  '/api/login-spaced': text(400, "<form><input name=p type = 'password'></form>", 'text/html'),
  '/api/not-login': text(400, '<form><input name=p type=text></form>', 'text/html'),
  '/api/env-out-said': json(200, { code: 401, msg: '请登录 token=abc' }),
  '/api/env-down-silent': json(200, { code: 503 }),
  '/api/env-refused-silent': json(200, { code: 7 }),
  '/api/hang': () => undefined,
});

describe('jsonClient URLs', () => {
  it('an absolute URL in any case is used as it is, https too', async () => {
    const api = jsonClient(server.ctx, { baseUrl: 'http://unused.invalid/base' });
    const upper = server.url.replace('http://', 'HTTP://');
    expect((await api.request('GET', `${upper}/api/echo`)).body).toEqual({ url: '/api/echo' });
    // Nothing listens for https there: the request fails, named by the URL it was sent to.
    const e = await caught(api.request('GET', 'https://127.0.0.1:9/api/x', { timeoutMs: 2000 }));
    expect(e).toBeInstanceOf(PortalHttpError);
    expect(e.message).toMatch(/^GET https:\/\/127\.0\.0\.1:9\/api\/x failed: /);
  });
});

describe('jsonClient answers', () => {
  it('a URL inside the query keeps the path relative', async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api` });
    const a = await api.request('GET', 'echo?next=http://elsewhere.test/x');
    expect(a.body).toEqual({ url: '/api/echo?next=http://elsewhere.test/x' });
  });

  it("get sends a GET; an answer of the wrong shape is named by the request's label", async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api` });
    const e = await caught(api.get('300', z.object({ n: z.number() })));
    expect(e.message).toBe(`GET ${server.url}/api/300 answered HTTP 300 (choose) — has the portal changed?`);
    const a = await api.request('GET', 'echo');
    const shape = (() => {
      try {
        a.parse(z.object({ n: z.number() }));
      } catch (error) {
        return error as Error;
      }
      throw new Error('expected a throw');
    })();
    expect(shape).toBeInstanceOf(PortalChangedError);
    expect(shape.message.startsWith(`GET ${server.url}/api/echo`)).toBe(true);
  });
});

describe('jsonClient statuses and words', () => {
  it('2xx is success up to 299; a 300 is not; a Location outside a 3xx is no redirect', async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api` });
    expect(await api.request('GET', '299')).toMatchObject({ status: 299, ok: true, errorCode: undefined });
    expect(await api.request('GET', '300')).toMatchObject({ status: 300, ok: false, errorCode: 'choose' });
    expect(await api.request('GET', '200-location')).toMatchObject({ status: 200, ok: true });
    expect(await api.request('GET', '400-location')).toMatchObject({ status: 400, ok: false });
  });

  it("a success's own message is data; an error's message saying log in is an expired session", async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api` });
    expect(await api.request('GET', 'ok-says-login')).toMatchObject({
      ok: true,
      errorMessage: '请先登录以查看更多',
    });
    expect(await caught(api.request('GET', '400-says-login'))).toBeInstanceOf(SessionExpiredError);
  });

  it('a short text answer (300 characters at most, not markup) is the portal speaking', async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api` });
    expect(await caught(api.request('GET', 'text-300'))).toBeInstanceOf(SessionExpiredError);
    expect(await api.request('GET', 'text-301')).toMatchObject({ status: 400, ok: false });
    expect(await api.request('GET', 'angle-text')).toMatchObject({ status: 400, ok: false });
  });

  it('a title is read with attributes and without its spaces', async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api` });
    const e = await caught(api.request('GET', 'title-attr'));
    expect(e).toBeInstanceOf(PortalHttpError);
    expect(e.message).toBe(
      `GET ${server.url}/api/title-attr: the answer says "系统维护" (the portal is unavailable for now)`,
    );
  });

  it('a password field in any attribute spelling is the login page; another field is not', async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api` });
    expect(await caught(api.request('GET', 'login-bare'))).toBeInstanceOf(SessionExpiredError);
    expect(await caught(api.request('GET', 'login-spaced'))).toBeInstanceOf(SessionExpiredError);
    expect(await api.request('GET', 'not-login')).toMatchObject({ status: 400, ok: false });
  });
});

describe('jsonClient envelopes, their words', () => {
  it("a logged-out code quotes the portal's words, scrubbed; a silent code says none", async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api`, envelope: {} });
    const out = await caught(api.request('GET', 'env-out-said'));
    expect(out).toBeInstanceOf(SessionExpiredError);
    expect(out.message).toBe(
      `session for account "mom" expired at ${server.url}/api/env-out-said — run: jianlou login mom (the portal answered code 401 ("请登录 token="[redacted]""))`,
    );
    const down = await caught(api.request('GET', 'env-down-silent'));
    expect(down.message).toBe(
      `GET ${server.url}/api/env-down-silent answered code 503 (unavailable for now)`,
    );
    expect(await api.request('GET', 'env-refused-silent')).toMatchObject({ ok: false, errorCode: '7' });
  });
});

describe("jsonClient and the check's time", () => {
  const failsFast = async (p: Promise<unknown>, signal: AbortSignal) => {
    const e = await caught(p);
    expect(e).toBeInstanceOf(PortalHttpError);
    expect(e.message).toMatch(/\/api\/hang failed: /);
    expect(signal.aborted).toBe(false);
  };

  it("the client's and the request's timeout, and their share of the time left, bound a request", async () => {
    const base = `${server.url}/api`;
    const timed = () => ({ ...server.ctx, signal: signalWithDeadline(4000) }) as FlowContext;
    let c = timed();
    await failsFast(jsonClient(c, { baseUrl: base, timeoutMs: 200 }).request('GET', 'hang'), c.signal);
    c = timed();
    await failsFast(
      jsonClient(c, { baseUrl: base, timeoutMs: 60_000 }).request('GET', 'hang', { timeoutMs: 200 }),
      c.signal,
    );
    c = timed();
    await failsFast(jsonClient(c, { baseUrl: base, shareOfTimeLeft: 0.05 }).request('GET', 'hang'), c.signal);
    c = timed();
    await failsFast(
      jsonClient(c, { baseUrl: base, shareOfTimeLeft: 1 }).request('GET', 'hang', { shareOfTimeLeft: 0.05 }),
      c.signal,
    );
  });

  it('a cancelled check sends nothing and asks for no headers', async () => {
    const controller = new AbortController();
    controller.abort();
    let asked = 0;
    const api = jsonClient({ ...server.ctx, signal: controller.signal } as FlowContext, {
      baseUrl: `${server.url}/api`,
      headers: () => {
        asked++;
        return {};
      },
    });
    const before = server.seen.length;
    const e = await caught(api.request('GET', 'echo?token=1'));
    expect(e).toBeInstanceOf(PortalUnavailableError);
    expect(e).not.toBeInstanceOf(PortalChangedError);
    expect(e.message).toBe(
      `GET ${server.url}/api/echo stopped: the check was cancelled (timed out or shutting down)`,
    );
    expect(asked).toBe(0);
    expect(server.seen.length).toBe(before);
  });
});

describe('an answer that can no longer be read', () => {
  /** The context's fetch, its response disposed before the client reads it (the session closing). */
  const closing = (signalOf?: AbortController) =>
    ({
      ...server.ctx,
      ...(signalOf ? { signal: signalOf.signal } : {}),
      request: {
        fetch: async (...args: Parameters<FlowContext['request']['fetch']>) => {
          const response = await server.ctx.request.fetch(...args);
          await response.dispose();
          signalOf?.abort();
          return response;
        },
      },
    }) as unknown as FlowContext;

  it('is unavailable, in one line, without the header values; a check cancelled meanwhile says so', async () => {
    const api = jsonClient(closing(), { baseUrl: `${server.url}/api`, headers: { 'X-Token': 'disposed' } });
    const e = await caught(api.request('GET', 'echo'));
    expect(e).toBeInstanceOf(PortalHttpError);
    expect((e as PortalHttpError).status).toBeNull();
    expect(e.message).toBe(
      `GET ${server.url}/api/echo: could not read the answer: Response has been [redacted]`,
    );
    const stopped = await caught(
      jsonClient(closing(new AbortController()), { baseUrl: `${server.url}/api` }).request('GET', 'echo'),
    );
    expect(stopped).not.toBeInstanceOf(PortalHttpError);
    expect(stopped.message).toBe(
      `GET ${server.url}/api/echo stopped: the check was cancelled (timed out or shutting down)`,
    );
  });
});
