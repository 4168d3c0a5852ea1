import { describe, expect, it } from 'vitest';
import { PortalChangedError, RateLimitedError, SessionExpiredError } from '../../src/core/errors.js';
import { PortalHttpError } from '../../src/flow/http.js';
import { jsonClient, unexpectedAnswer } from '../../src/flow/json-client.js';
import { z } from '../../src/flow/public.js';
import { caught, useKitServer } from './kit-server.js';
import { type RawRoute, send } from './raw-server.js';

/** The kit's JSON client (src/flow/json-client.ts): URLs, headers, verdicts, envelopes, get/post. */
const j = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  ((_q, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }) as RawRoute;

const server = useKitServer({
  '/api/echo': (q, res, body) =>
    send(
      res,
      200,
      'application/json',
      JSON.stringify({
        url: q.url,
        token: q.headers['x-token'] ?? null,
        extra: q.headers['x-extra'] ?? null,
        body: body.toString(),
      }),
    ),
  '/api/empty': (_q, res) => res.writeHead(204).end(),
  '/api/blank': (_q, res) => send(res, 200, 'application/json', '  '),
  '/api/full': j(409, { error: 'full', message: '名额已满' }),
  '/api/text-error': (_q, res) => send(res, 400, 'text/plain', 'bad request token=abc123'),
  '/api/to-login': (_q, res) => res.writeHead(302, { location: '/cas/login?service=x' }).end(),
  '/api/to-sso': (_q, res) => res.writeHead(302, { location: '/sso/auth' }).end(),
  '/api/moved': (_q, res) => res.writeHead(301, { location: '/api/new' }).end(),
  '/api/429': j(429, {}, { 'retry-after': '12' }),
  '/api/502': (_q, res) => send(res, 502, 'text/html', '<h1>Bad gateway</h1>'),
  '/api/not-json': (_q, res) => send(res, 200, 'text/plain', 'hello'),
  '/api/login-page': (_q, res) =>
    send(
      res,
      400,
      'text/html',
      '<html><title>登录</title><form><input type="password" name="p"></form></html>',
    ),
  '/api/busy-title': (_q, res) => send(res, 200, 'text/html', '<html><title>系统繁忙</title><p>x</p></html>'),
  '/api/env-ok': j(200, { status: 'S', payload: { n: 1 } }),
  '/api/env-missing': j(200, { n: 1 }),
  '/api/env-busy': j(200, { code: 429, msg: 'slow' }),
  '/api/env-down': j(200, { code: 503, msg: 'maintenance token=abc' }),
  '/api/env-out': j(200, { code: 401 }),
  '/api/env-refused': j(200, { code: 1001, msg: '名额已满' }),
  '/api/err-with-code': j(400, { code: 'E_X' }),
  '/api/unknown-charset': (_q, res) => send(res, 200, 'application/json; charset=x-nope', '{}'),
});

describe('jsonClient requests', () => {
  it('joins base and path (slashes either side), adds defined query values, sends headers and JSON', async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api//`, headers: { 'X-Token': 'tok-1' } });
    const a = await api.request('POST', '//echo', {
      data: { n: 1 },
      query: { q: '国画', n: 2, gone: undefined },
      headers: { 'X-Extra': 'e' },
    });
    expect(a.status).toBe(200);
    expect(a.ok).toBe(true);
    expect(a.label).toBe(`POST ${server.url}/api/echo`);
    expect(a.body).toEqual({
      url: '/api/echo?q=%E5%9B%BD%E7%94%BB&n=2',
      token: 'tok-1',
      extra: 'e',
      body: '{"n":1}',
    });
    expect(a.headers['content-type']).toBe('application/json');
    expect(a.errorCode).toBeUndefined();
    expect(a.errorMessage).toBeUndefined();
    expect(a.parse(z.object({ token: z.string() }))).toEqual({ token: 'tok-1' });
    expect(() => a.parse(z.object({ missing: z.string() }))).toThrow(PortalChangedError);
    // An absolute URL is used as it is; headers may come from a function, asked each time.
    let asked = 0;
    const lazy = jsonClient(server.ctx, {
      baseUrl: 'http://unused.invalid',
      headers: () => ({ 'X-Token': `t${++asked}` }),
    });
    expect((await lazy.request('GET', `${server.url}/api/echo`)).body).toMatchObject({
      token: 't1',
      body: '',
    });
    expect((await lazy.request('GET', `${server.url}/api/echo`)).body).toMatchObject({ token: 't2' });
    // The context's base URL by default.
    const plain = jsonClient(server.ctx);
    expect((await plain.request('GET', 'api/echo')).label).toBe(`GET ${server.url}/api/echo`);
  });

  it('an empty or blank body is null; other statuses come back for the flow, with their code and words', async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api` });
    expect(await api.request('DELETE', 'empty')).toMatchObject({
      status: 204,
      body: null,
      text: '',
      ok: true,
    });
    expect(await api.request('GET', 'blank')).toMatchObject({
      status: 200,
      body: null,
      ok: true,
      errorMessage: undefined,
    });
    const full = await api.request('POST', 'full');
    expect(full).toMatchObject({
      status: 409,
      ok: false,
      errorCode: 'full',
      errorMessage: '名额已满',
      body: { error: 'full' },
    });
    const text = await api.request('GET', 'text-error');
    expect(text).toMatchObject({
      status: 400,
      ok: false,
      body: null,
      errorCode: undefined,
      text: 'bad request token=abc123',
    });
    expect(text.errorMessage).toBe('bad request token="[redacted]"');
    expect((await api.request('GET', 'err-with-code')).errorCode).toBe('E_X');
    expect((await api.request('GET', 'moved')).status).toBe(301);
  });

  it('get and post want a 2xx of the shape; anything else is "portal changed" with the status and code', async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api` });
    expect(await api.get('echo', z.object({ body: z.string() }))).toEqual({ body: '' });
    expect(await api.post('echo', { a: 1 }, z.object({ body: z.string() }))).toEqual({ body: '{"a":1}' });
    const e = await caught(api.post('full', {}, z.unknown()));
    expect(e).toBeInstanceOf(PortalChangedError);
    expect(e.message).toBe(`POST ${server.url}/api/full answered HTTP 409 (full) — has the portal changed?`);
    expect(unexpectedAnswer({ label: 'GET x', status: 404, errorCode: undefined }).message).toBe(
      'GET x answered HTTP 404 — has the portal changed?',
    );
  });
});

describe('jsonClient verdicts', () => {
  it('a redirect to a login is expired, named without the query; loginPath and loggedOut.redirect replace the default', async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api` });
    const e = await caught(api.request('GET', 'to-login?sid=1'));
    expect(e).toBeInstanceOf(SessionExpiredError);
    expect(e.message).toBe(
      `session for account "mom" expired at ${server.url}/api/to-login — run: jianlou login mom (the portal sent to /cas/login)`,
    );
    expect((await api.request('GET', 'to-sso')).status).toBe(302);
    const sso = jsonClient(server.ctx, { baseUrl: `${server.url}/api`, loginPath: '/sso' });
    expect(await caught(sso.request('GET', 'to-sso'))).toBeInstanceOf(SessionExpiredError);
    expect((await sso.request('GET', 'to-login')).status).toBe(302);
    const own = jsonClient(server.ctx, {
      baseUrl: `${server.url}/api`,
      loginPath: '/cas',
      loggedOut: { redirect: ['/sso'] },
    });
    expect((await own.request('GET', 'to-login')).status).toBe(302);
  });

  it('429 with the Retry-After; 5xx unavailable; a maintenance title unavailable; a login page expired', async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api` });
    const limited = await caught(api.request('GET', '429'));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.message).toBe(`GET ${server.url}/api/429 answered 429 (rate limited); retry after 12 s`);
    expect((limited as RateLimitedError).retryAfterMs).toBe(12_000);
    const down = await caught(api.request('GET', '502'));
    expect(down).toBeInstanceOf(PortalHttpError);
    expect(down.message).toBe(`GET ${server.url}/api/502 answered HTTP 502`);
    expect((down as PortalHttpError).status).toBe(502);
    const busy = await caught(api.request('GET', 'busy-title'));
    expect(busy).toBeInstanceOf(PortalHttpError);
    expect(busy.message).toBe(
      `GET ${server.url}/api/busy-title: the answer says "系统繁忙" (the portal is unavailable for now)`,
    );
    const login = await caught(api.request('GET', 'login-page'));
    expect(login).toBeInstanceOf(SessionExpiredError);
    expect(login.message).toContain('(the portal shows the login form)');
    const changed = await caught(api.request('GET', 'not-json'));
    expect(changed).toBeInstanceOf(PortalChangedError);
    expect(changed.message).toContain('answered HTTP 200 with something that is not JSON ("hello")');
    const charset = await caught(api.request('GET', 'unknown-charset'));
    expect(charset).toBeInstanceOf(PortalChangedError);
    expect(charset.message).toContain('declares charset "x-nope"');
  });
});

describe('jsonClient envelopes', () => {
  it('success gives the data field; a missing status field is "portal changed"', async () => {
    const api = jsonClient(server.ctx, {
      baseUrl: `${server.url}/api`,
      envelope: { code: 'status', ok: ['S'], data: 'payload' },
    });
    const a = await api.request('GET', 'env-ok');
    expect(a).toMatchObject({ ok: true, body: { n: 1 }, errorCode: undefined });
    const missing = await caught(api.request('GET', 'env-missing'));
    expect(missing).toBeInstanceOf(PortalChangedError);
    expect(missing.message).toBe(
      `GET ${server.url}/api/env-missing: the answer has no "status" status field (the envelope) — has the portal changed?`,
    );
  });

  it('logged out, rate limited, unavailable (words scrubbed) and refused inside a 200', async () => {
    const api = jsonClient(server.ctx, { baseUrl: `${server.url}/api`, envelope: {} });
    const out = await caught(api.request('GET', 'env-out'));
    expect(out).toBeInstanceOf(SessionExpiredError);
    expect(out.message).toBe(
      `session for account "mom" expired at ${server.url}/api/env-out — run: jianlou login mom (the portal answered code 401)`,
    );
    const busy = await caught(api.request('GET', 'env-busy'));
    expect(busy).toBeInstanceOf(RateLimitedError);
    expect(busy.message).toBe(
      `GET ${server.url}/api/env-busy answered code 429 (rate limited); retry after 60 s`,
    );
    expect((busy as RateLimitedError).retryAfterMs).toBe(60_000);
    const down = await caught(api.request('GET', 'env-down'));
    expect(down).toBeInstanceOf(PortalHttpError);
    expect(down.message).toBe(
      `GET ${server.url}/api/env-down answered code 503 ("maintenance token="[redacted]"") (unavailable for now)`,
    );
    expect((down as PortalHttpError).status).toBe(200);
    const refused = await api.request('GET', 'env-refused');
    expect(refused).toMatchObject({
      status: 200,
      ok: false,
      errorCode: '1001',
      body: { code: 1001, msg: '名额已满' },
    });
    // Without an envelope the same answer is a plain success.
    expect(
      await jsonClient(server.ctx, { baseUrl: `${server.url}/api` }).request('GET', 'env-refused'),
    ).toMatchObject({
      ok: true,
      errorCode: undefined,
    });
  });
});
