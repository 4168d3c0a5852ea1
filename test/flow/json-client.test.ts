import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import {
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../../src/core/errors.js';
import { createFlowContext } from '../../src/flow/context.js';
import { signalWithDeadline } from '../../src/flow/deadline.js';
import { checkShape, jsonClient, z } from '../../src/flow/public.js';

const TOKEN = 'tok-4f9a1c2e7b3d5a6f';

type Route = (req: IncomingMessage, res: ServerResponse) => void;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A hostile little API: each path is one behaviour the client must turn into a contract error. */
const routes: Record<string, Route> = {
  '/api/v1/me': (req, res) =>
    req.headers.authorization === `Bearer ${TOKEN}`
      ? json(res, 200, { account: { phone: '138', name: '妈妈' }, seen: req.url })
      : json(res, 401, { error: 'unauthorized' }),
  '/api/v1/expired': (_req, res) => json(res, 401, { error: 'unauthorized' }),
  '/api/v1/to-login': (_req, res) => {
    res.writeHead(302, { location: '/login?next=/x' });
    res.end();
  },
  '/api/v1/busy': (_req, res) => json(res, 429, { error: 'slow_down' }, { 'retry-after': '7' }),
  '/api/v1/down': (_req, res) => json(res, 503, { error: 'maintenance' }),
  '/api/v1/hang': () => {},
  '/api/v1/html': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>新版网站</body></html>');
  },
  '/api/v1/full': (_req, res) => json(res, 409, { error: 'full' }),
  '/api/v1/events': (_req, res) => json(res, 200, { events: [{ id: 'ART-101', remaining: 'two' }] }),
  '/api/v1/empty': (_req, res) => {
    res.writeHead(204);
    res.end();
  },
};

describe('jsonClient (jianlou/flow)', () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route) route(req, res);
      else json(res, 404, { error: 'not_found' });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    context = await newContext(browser);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  });

  function client(options: { signal?: AbortSignal; timeoutMs?: number } = {}) {
    const ctx = createFlowContext({
      context,
      baseUrl: 'http://127.0.0.1:1',
      accountId: 'mom',
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return jsonClient(ctx, {
      baseUrl: `${base}/api/v1/`,
      headers: () => ({ Authorization: `Bearer ${TOKEN}` }),
      timeoutMs: options.timeoutMs ?? 1500,
    });
  }

  it('joins paths onto a base URL that has a path, sends the headers, and parses the answer', async () => {
    const me = await client().get(
      '/me',
      z.object({ account: z.object({ name: z.string() }), seen: z.string() }),
      { query: { ids: 'A,B', skip: undefined } },
    );
    expect(me).toEqual({ account: { name: '妈妈' }, seen: '/api/v1/me?ids=A%2CB' });
  });

  it('401 → SessionExpiredError naming the account and the login command', async () => {
    const failure = client().get('expired', z.unknown());
    await expect(failure).rejects.toThrow(SessionExpiredError);
    await expect(failure).rejects.toThrow('account "mom" expired at');
    await expect(failure).rejects.toThrow('run: jianlou login mom');
  });

  it('a redirect to the login page → SessionExpiredError', async () => {
    await expect(client().request('GET', 'to-login')).rejects.toThrow(SessionExpiredError);
  });

  it("429 → RateLimitedError carrying the portal's Retry-After in ms", async () => {
    const failure = await client()
      .request('GET', 'busy')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RateLimitedError);
    expect((failure as RateLimitedError).retryAfterMs).toBe(7000);
  });

  it('5xx → PortalUnavailableError', async () => {
    await expect(client().request('GET', 'down')).rejects.toThrow(PortalUnavailableError);
  });

  it('a time-out → PortalUnavailableError in one line, without the call log or the Authorization header', async () => {
    const failure = await client({ timeoutMs: 300 })
      .request('GET', 'hang')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PortalUnavailableError);
    const message = (failure as Error).message;
    expect(message).toContain(`GET ${base}/api/v1/hang failed`);
    expect(message).not.toContain('\n');
    expect(message).not.toContain(TOKEN);
    expect(message.toLowerCase()).not.toContain('authorization');
    expect((failure as Error).cause).toBeUndefined();
  });

  it("the check's deadline caps a request's own longer timeout", async () => {
    const signal = signalWithDeadline(400);
    await expect(client({ signal, timeoutMs: 25_000 }).request('GET', 'hang')).rejects.toThrow(
      PortalUnavailableError,
    );
  });

  it('an answer that is not JSON → PortalChangedError', async () => {
    await expect(client().request('GET', 'html')).rejects.toThrow(PortalChangedError);
    await expect(client().request('GET', 'html')).rejects.toThrow('not JSON');
  });

  it('a body of the wrong shape → PortalChangedError naming the field', async () => {
    const schema = z.object({ events: z.array(z.object({ id: z.string(), remaining: z.number() })) });
    await expect(client().get('events', schema)).rejects.toThrow(PortalChangedError);
    await expect(client().get('events', schema)).rejects.toThrow('events[0].remaining');
  });

  it('other statuses come back with the portal error code; get() refuses them as a changed portal', async () => {
    const answer = await client()
      .post('full', { eventId: 'A' }, z.unknown())
      .catch((e: unknown) => e);
    expect(answer).toBeInstanceOf(PortalChangedError);
    expect((answer as Error).message).toContain('answered HTTP 409 (full)');
    const raw = await client().request('POST', 'full', { data: { eventId: 'A' } });
    expect([raw.status, raw.errorCode]).toEqual([409, 'full']);
    const empty = await client().request('DELETE', 'empty');
    expect([empty.status, empty.body]).toEqual([204, null]);
  });

  it('a cancelled check sends nothing and says so', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(client({ signal: controller.signal }).request('GET', 'me')).rejects.toThrow('cancelled');
  });
});

describe('checkShape', () => {
  it('returns the parsed value, or names every field that does not fit (never the values)', () => {
    const schema = z.object({ token: z.string(), user: z.object({ id: z.number() }) });
    expect(checkShape(schema, { token: 't', user: { id: 1 } }, 'POST /login')).toEqual({
      token: 't',
      user: { id: 1 },
    });
    const bad = () => checkShape(schema, { token: 12345678, user: {} }, 'POST /login');
    expect(bad).toThrow(PortalChangedError);
    expect(bad).toThrow('POST /login: the answer no longer has the expected field(s) token, user.id');
    expect(bad).not.toThrow('12345678');
  });
});
