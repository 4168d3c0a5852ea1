import { describe, expect, it } from 'vitest';
import { PortalUnavailableError, RateLimitedError, SessionExpiredError } from '../../src/core/errors.js';
import { signalWithDeadline } from '../../src/flow/deadline.js';
import { fetchOnce, PortalHttpError, portalFetch } from '../../src/flow/http.js';
import type { FlowContext } from '../../src/flow/types.js';
import { caught, useKitServer } from './kit-server.js';
import { send } from './raw-server.js';

/**
 * The kit's one fetch (src/flow/http.ts) at the edges kit-http.test.ts leaves open (issue 26, test
 * strength): where a redirect stops being a redirect, a 429 without a usable Retry-After, the
 * step's share of the check's time, what a failed request's error is called.
 */

const server = useKitServer({
  '/300': (_q, res) => res.writeHead(300, { location: '/login' }).end(),
  '/399': (_q, res) => res.writeHead(399, { location: '/login' }).end(),
  '/400': (_q, res) => res.writeHead(400, { location: '/login' }).end(),
  '/200': (_q, res) => res.writeHead(200, { location: '/login' }).end(),
  '/429': (_q, res) => res.writeHead(429).end(),
  '/429-date': (_q, res) =>
    res.writeHead(429, { 'retry-after': new Date(Date.now() + 120_000).toUTCString() }).end(),
  '/echo': (q, res, body) =>
    send(
      res,
      200,
      'application/json',
      JSON.stringify({
        method: q.method,
        type: q.headers['content-type'] ?? null,
        length: q.headers['content-length'] ?? null,
        body: body.toString(),
      }),
    ),
  '/hang': () => undefined,
});

describe('portalFetch at the edges', () => {
  it('a redirect is any 3xx: 300 and 399 to the login are expired, a 200 or 400 naming it is returned', async () => {
    expect(await caught(portalFetch(server.ctx, '/300', { timeoutMs: 5000 }))).toBeInstanceOf(
      SessionExpiredError,
    );
    expect(await caught(portalFetch(server.ctx, '/399', { timeoutMs: 5000 }))).toBeInstanceOf(
      SessionExpiredError,
    );
    expect((await portalFetch(server.ctx, '/400', { timeoutMs: 5000 })).status()).toBe(400);
    expect((await portalFetch(server.ctx, '/200', { timeoutMs: 5000 })).status()).toBe(200);
  });

  it('a 429 without Retry-After waits 60 s; an HTTP-date is read against now', async () => {
    const bare = await caught(portalFetch(server.ctx, '/429', { timeoutMs: 5000 }));
    expect(bare).toBeInstanceOf(RateLimitedError);
    expect((bare as RateLimitedError).retryAfterMs).toBe(60_000);
    expect(bare.message).toBe(`GET ${server.url}/429 answered 429 (rate limited); retry after 60 s`);
    const dated = (await caught(
      portalFetch(server.ctx, '/429-date', { timeoutMs: 5000 }),
    )) as RateLimitedError;
    expect(dated.retryAfterMs).toBeGreaterThan(100_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(120_000);
    expect(dated.message).toMatch(/retry after 1[12]\d s$/);
  });

  it('a GET sends no body; data goes as JSON', async () => {
    const get = (await (await portalFetch(server.ctx, '/echo', { timeoutMs: 5000 })).json()) as Record<
      string,
      unknown
    >;
    expect(get).toMatchObject({ method: 'GET', body: '' });
    expect(get.type).toBeNull();
    const put = await portalFetch(server.ctx, '/echo', { method: 'PUT', data: { a: 1 }, timeoutMs: 5000 });
    expect(await put.json()).toMatchObject({ method: 'PUT', type: 'application/json', body: '{"a":1}' });
  });

  it("a step takes its share of the check's time left, and fails as unavailable, not cancelled", async () => {
    const timed = { ...server.ctx, signal: signalWithDeadline(4000) } as FlowContext;
    const e = await caught(portalFetch(timed, '/hang', { timeoutMs: 60_000, shareOfTimeLeft: 0.05 }));
    expect(e).toBeInstanceOf(PortalHttpError);
    expect(e.name).toBe('PortalHttpError');
    expect(e.message).toMatch(new RegExp(`^GET ${server.url}/hang failed: `));
    expect(timed.signal.aborted).toBe(false);
  });

  it('fetchOnce takes the share too, and a cancelled check is told apart from a failed request', async () => {
    const timed = { ...server.ctx, signal: signalWithDeadline(4000) } as FlowContext;
    const e = await caught(
      fetchOnce(
        timed,
        { url: `${server.url}/hang`, method: 'GET', timeoutMs: 60_000, shareOfTimeLeft: 0.05 },
        'L',
      ),
    );
    expect(e).toBeInstanceOf(PortalHttpError);
    expect((e as PortalHttpError).status).toBeNull();
    expect(e).toBeInstanceOf(PortalUnavailableError);
  });
});
