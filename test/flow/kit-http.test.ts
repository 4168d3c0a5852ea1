import type { APIResponse } from 'playwright';
import { describe, expect, it } from 'vitest';
import {
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../../src/core/errors.js';
import {
  errorCode,
  fetchOnce,
  PortalHttpError,
  portalFetch,
  readJson,
  safeReason,
  sessionExpiredMessage,
  throwIfAborted,
} from '../../src/flow/http.js';
import type { FlowContext } from '../../src/flow/types.js';
import { caught, useKitServer } from './kit-server.js';
import { send } from './raw-server.js';

/** The kit's one fetch and the portalFetch helpers (src/flow/http.ts), against a local server. */
const server = useKitServer({
  '/ok': (_q, res) => send(res, 200, 'application/json', '{"a":1}'),
  '/echo': (q, res, body) =>
    send(
      res,
      200,
      'application/json',
      JSON.stringify({ method: q.method, auth: q.headers['x-auth-token'] ?? null, body: body.toString() }),
    ),
  '/401': (_q, res) => send(res, 401, 'text/plain', 'no'),
  '/to-login': (_q, res) => res.writeHead(302, { location: '/login?from=x' }).end(),
  '/to-sso': (_q, res) => res.writeHead(302, { location: '/sso/auth' }).end(),
  '/to-page': (_q, res) => res.writeHead(302, { location: '/elsewhere' }).end(),
  '/no-location': (_q, res) => res.writeHead(303).end(),
  '/429': (_q, res) => res.writeHead(429, { 'retry-after': '7' }).end(),
  '/500': (_q, res) => send(res, 500, 'text/plain', 'down'),
  '/499': (_q, res) => send(res, 499, 'text/plain', 'odd'),
  '/html': (_q, res) => send(res, 200, 'text/html', '<p>maintenance</p>'),
  '/hang': () => undefined,
});

describe('portalFetch', () => {
  it('returns a 2xx and sends the method, headers and JSON body', async () => {
    const answer = await portalFetch(server.ctx, 'echo', {
      method: 'POST',
      timeoutMs: 5000,
      headers: { 'X-Auth-Token': 'tok' },
      data: { n: 1 },
    });
    expect(await answer.json()).toEqual({ method: 'POST', auth: 'tok', body: '{"n":1}' });
    const get = await portalFetch(server.ctx, '/echo', { timeoutMs: 5000 });
    expect(await get.json()).toEqual({ method: 'GET', auth: null, body: '' });
  });

  it('401 and a redirect to the login page are an expired session; other redirects and 4xx are returned', async () => {
    const e = await caught(portalFetch(server.ctx, '/401?sid=secret', { timeoutMs: 5000 }));
    expect(e).toBeInstanceOf(SessionExpiredError);
    expect(e.message).toBe(`session for account "mom" expired at ${server.url}/401 — run: jianlou login mom`);
    expect(await caught(portalFetch(server.ctx, '/to-login', { timeoutMs: 5000 }))).toBeInstanceOf(
      SessionExpiredError,
    );
    expect((await portalFetch(server.ctx, '/to-sso', { timeoutMs: 5000 })).status()).toBe(302);
    expect(
      await caught(portalFetch(server.ctx, '/to-sso', { timeoutMs: 5000, loginPath: '/sso' })),
    ).toBeInstanceOf(SessionExpiredError);
    expect((await portalFetch(server.ctx, '/to-page', { timeoutMs: 5000 })).status()).toBe(302);
    expect((await portalFetch(server.ctx, '/no-location', { timeoutMs: 5000 })).status()).toBe(303);
    expect((await portalFetch(server.ctx, '/499', { timeoutMs: 5000 })).status()).toBe(499);
  });

  it('429 is rate limited with the Retry-After; 5xx is unavailable with its status', async () => {
    const limited = await caught(portalFetch(server.ctx, '/429', { timeoutMs: 5000 }));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.message).toBe(`GET ${server.url}/429 answered 429 (rate limited); retry after 7 s`);
    expect((limited as RateLimitedError).retryAfterMs).toBe(7000);
    const down = await caught(portalFetch(server.ctx, '/500?x=1', { timeoutMs: 5000, method: 'DELETE' }));
    expect(down).toBeInstanceOf(PortalHttpError);
    expect(down.message).toBe(`DELETE ${server.url}/500 answered HTTP 500`);
    expect((down as PortalHttpError).status).toBe(500);
  });

  it('a timeout is PortalHttpError without a status, header values scrubbed', async () => {
    const e = await caught(
      portalFetch(server.ctx, '/hang', {
        timeoutMs: 300,
        headers: { Authorization: 'Bearer sekrit-token-123' },
      }),
    );
    expect(e).toBeInstanceOf(PortalHttpError);
    expect((e as PortalHttpError).status).toBeNull();
    expect(e.message.startsWith(`GET ${server.url}/hang failed: `)).toBe(true);
    expect(e.message).not.toContain('sekrit-token-123');
    expect(e.message).not.toContain('\n');
    expect((e as Error & { cause?: unknown }).cause).toBeUndefined();
  });
});

describe('fetchOnce and throwIfAborted', () => {
  it('a cancelled check says so, before sending and when the send fails', async () => {
    const controller = new AbortController();
    controller.abort();
    const aborted = { ...server.ctx, signal: controller.signal } as FlowContext;
    expect(() => throwIfAborted(aborted, 'GET x')).toThrow(
      'GET x stopped: the check was cancelled (timed out or shutting down)',
    );
    expect(() => throwIfAborted(server.ctx, 'GET x')).not.toThrow();
    const before = server.seen.length;
    const e = await caught(
      fetchOnce(aborted, { url: `${server.url}/ok`, method: 'GET', timeoutMs: 1000 }, 'GET ok'),
    );
    expect(e).toBeInstanceOf(PortalUnavailableError);
    expect(e).not.toBeInstanceOf(PortalHttpError);
    expect(server.seen.length).toBe(before);
    const late = new AbortController();
    const lateCtx = { ...server.ctx, signal: late.signal } as FlowContext;
    setTimeout(() => late.abort(), 100);
    const e2 = await caught(
      fetchOnce(lateCtx, { url: `${server.url}/hang`, method: 'GET', timeoutMs: 5000 }, 'GET hang'),
    );
    expect(e2.message).toBe('GET hang stopped: the check was cancelled (timed out or shutting down)');
  });

  it('follows no redirect and fails on no status', async () => {
    const answer = await fetchOnce(
      server.ctx,
      { url: `${server.url}/to-page`, method: 'GET', timeoutMs: 5000 },
      'L',
    );
    expect(answer.status()).toBe(302);
    expect(
      (
        await fetchOnce(server.ctx, { url: `${server.url}/500`, method: 'GET', timeoutMs: 5000 }, 'L')
      ).status(),
    ).toBe(500);
  });
});

describe('readJson, errorCode, safeReason, sessionExpiredMessage', () => {
  it('readJson: JSON, or PortalChangedError; an unreadable body is unavailable', async () => {
    expect(await readJson(await portalFetch(server.ctx, '/ok', { timeoutMs: 5000 }), 'GET ok')).toEqual({
      a: 1,
    });
    const html = await caught(
      readJson(await portalFetch(server.ctx, '/html', { timeoutMs: 5000 }), 'GET html'),
    );
    expect(html).toBeInstanceOf(PortalChangedError);
    expect(html.message).toBe(
      'GET html answered HTTP 200 with something that is not JSON — has the portal changed?',
    );
    const broken = {
      text: () => Promise.reject(new Error('socket hang up\n  call log: Cookie: sid=1')),
      status: () => 200,
    } as unknown as APIResponse;
    const e = await caught(readJson(broken, 'GET x'));
    expect(e).toBeInstanceOf(PortalHttpError);
    expect(e.message).toBe('GET x: could not read the answer: socket hang up');
  });

  it('errorCode: the string error field only', () => {
    expect(errorCode({ error: 'no_seats' })).toBe('no_seats');
    expect(errorCode({ error: 1 })).toBeUndefined();
    expect(errorCode({ code: 'x' })).toBeUndefined();
    expect(errorCode(null)).toBeUndefined();
    expect(errorCode('error')).toBeUndefined();
  });

  it('safeReason: the first line, no colour codes, no error-name prefix', () => {
    expect(
      safeReason(
        new Error('apiRequestContext.fetch: \u001b[31mECONNRESET\u001b[39m\nCall log:\n  cookie: a=b'),
      ),
    ).toBe('ECONNRESET');
    expect(safeReason('plain: text')).toBe('text');
    expect(safeReason('with space: kept')).toBe('with space: kept');
    expect(safeReason('')).toBe('');
    expect(safeReason(42)).toBe('42');
  });

  it('sessionExpiredMessage names the account and what to run', () => {
    expect(sessionExpiredMessage(server.ctx, '/list')).toBe(
      'session for account "mom" expired at /list — run: jianlou login mom',
    );
  });
});
