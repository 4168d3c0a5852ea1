import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type APIRequestContext, type APIResponse, request } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchRequest, type FetchRequestOptions } from '../../src/browser/fetch-request.js';
import type { StorageState } from '../../src/browser/launch.js';
import { safeReason } from '../../src/flow/http.js';
import { cookie } from './cookies.js';

type Ctx = APIRequestContext;

const SECRET = 'sid-SECRET-4711';

/** A server that echoes what it got and sets cookies in every form a portal might. */
function startEchoServer(): Promise<{ url: string; port: number; close(): Promise<void> }> {
  const flaky = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = url.pathname;
      if (path === '/slow') {
        setTimeout(() => res.end('late'), 3000).unref();
        return;
      }
      if (path === '/flaky') {
        // Resets the first two tries of each key, then answers.
        const key = url.searchParams.get('key') ?? '';
        const tries = (flaky.get(key) ?? 0) + 1;
        flaky.set(key, tries);
        if (tries <= 2) req.socket.destroy();
        else res.end(`answered on try ${tries}`);
        return;
      }
      if (path === '/late-cookie') {
        setTimeout(() => res.setHeader('Set-Cookie', 'late=1').end('late'), 300).unref();
        return;
      }
      if (path === '/reset') {
        req.socket.destroy();
        return;
      }
      if (path === '/loop') {
        res.writeHead(302, { location: '/loop' }).end();
        return;
      }
      if (path === '/status') {
        res.writeHead(Number(url.searchParams.get('code')), { 'content-type': 'text/plain' });
        res.end(`answer ${url.searchParams.get('code')}`);
        return;
      }
      if (path === '/gzip') {
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'text/plain' });
        res.end(gzipSync('squeezed'));
        return;
      }
      if (path === '/set') {
        const future = new Date(Date.now() + 86_400_000).toUTCString();
        res.setHeader('Set-Cookie', [
          'plain=1',
          'scoped=2; Path=/deep',
          // Domain=127.0.0.1 from 127.0.0.1: Playwright keeps it as `.127.0.0.1`, Chromium (and this
          // client) host-only — test/browser/cookie-chromium.test.ts; here Domain= names the host.
          'wide=3; Domain=localhost; Path=/',
          'foreign=4; Domain=example.com',
          'aged=5; Max-Age=3600; HttpOnly',
          `dated=6; Expires=${future}; Secure; SameSite=Strict`,
          'none=7; SameSite=None; Secure',
          'rel=8; Path=relative',
          'namelessvalue',
          'sid=replaced; Path=/; HttpOnly',
        ]);
        res.end('set');
        return;
      }
      if (path === '/delete') {
        res.setHeader('Set-Cookie', ['plain=; Max-Age=0', 'aged=x; Expires=Thu, 01 Jan 1970 00:00:01 GMT']);
        res.end('deleted');
        return;
      }
      if (path.startsWith('/deep/dir/page')) {
        res.setHeader('Set-Cookie', 'defaulted=9');
        res.end('page');
        return;
      }
      if (path.startsWith('/redirect')) {
        const code = Number(url.searchParams.get('code'));
        const hop = url.searchParams.get('hop') ?? 'x';
        res.setHeader('Set-Cookie', `hop${hop}=${code}; Path=/echo`);
        res.writeHead(code, { location: url.searchParams.get('to') ?? '/echo' }).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.setHeader('Set-Cookie', ['echoA=1; Path=/nowhere', 'echoB=2; Path=/nowhere']);
      res.end(
        JSON.stringify({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

const BOUNDARY = /----WebKitFormBoundary[A-Za-z0-9]{16}/g;

/** What both clients must agree on for one call: the answer, or the first line of the error. */
async function record(call: () => Promise<APIResponse>): Promise<unknown> {
  let response: APIResponse;
  try {
    response = await call();
  } catch (error) {
    const e = error as Error;
    return { error: e.name, first: e.message.split('\n', 1)[0] };
  }
  const text = (await response.text()).replace(BOUNDARY, 'BOUNDARY');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {}
  const { date: _date, ...headers } = response.headers();
  return {
    status: response.status(),
    statusText: response.statusText(),
    ok: response.ok(),
    // Each client tries its own flaky key (the server counts tries per key).
    url: response.url().replace(/key=\d+/, 'key=N'),
    headers,
    headersArray: response.headersArray().filter((h) => h.name.toLowerCase() !== 'date'),
    body,
    serverAddr: await response.serverAddr(),
    securityDetails: await response.securityDetails(),
  };
}

/**
 * The order of cookies — in a Cookie header, in cookies() and in a storage state — is Chromium's
 * (longest path first, then creation; a changed value is a new cookie), which Playwright's own
 * request context does not keep: test/browser/cookie-chromium.test.ts checks it against Chromium.
 * Against Playwright, what is compared here is which cookies, not their order.
 */
function orderFree(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(orderFree);
    const cookies = items.every((i) => typeof i === 'object' && i !== null && 'name' in i && 'domain' in i);
    return cookies && items.length
      ? [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
      : items;
  }
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === 'cookie' && typeof v === 'string' ? v.split('; ').sort().join('; ') : orderFree(v),
    ]),
  );
}

/**
 * Expiry from Max-Age depends on the moment each client read the answer: an expiry within 5 s of
 * the other side's counts as the same.
 */
function alignExpiry(ours: StorageState, theirs: StorageState): StorageState {
  return {
    ...ours,
    cookies: ours.cookies.map((c, i) => {
      const other = theirs.cookies[i]?.expires ?? -1;
      return c.expires !== -1 && other !== -1 && Math.abs(c.expires - other) < 5
        ? { ...c, expires: other }
        : c;
    }),
  };
}

describe('createFetchRequest answers like Playwright’s request.newContext (issue 17)', () => {
  let server: Awaited<ReturnType<typeof startEchoServer>>;
  const open: Ctx[] = [];
  let initial: StorageState;

  beforeAll(async () => {
    server = await startEchoServer();
    initial = {
      cookies: [
        cookie('sid', SECRET, { httpOnly: true }),
        cookie('domainWide', 'd', { domain: '.127.0.0.1' }),
        cookie('apiOnly', 'p', { path: '/api' }),
        cookie('secureLocal', 's', { secure: true }),
        cookie('gone', 'old', { expires: 1_000_000 }),
        cookie('elsewhere', 'e', { domain: 'portal.example.com' }),
        cookie('later', 'l', { expires: Math.floor(Date.now() / 1000) + 7200, sameSite: 'Strict' }),
      ],
      origins: [{ origin: server.url, localStorage: [{ name: 'token', value: 't' }] }],
    };
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.dispose()));
    await server?.close();
  });

  async function both(extra: Partial<FetchRequestOptions> = {}): Promise<[Ctx, Ctx]> {
    const options = {
      storageState: initial,
      baseURL: server.url,
      userAgent: 'jianlou-test/1',
      extraHTTPHeaders: { 'Accept-Language': 'zh-CN,zh;q=0.9' },
      timeout: 2000,
      ...extra,
    };
    const playwright = await request.newContext(options);
    const ours = createFetchRequest(options);
    open.push(playwright, ours);
    return [playwright, ours];
  }

  /** Runs the same calls through both, in order, and expects the same records and the same jar. */
  async function same(calls: ((c: Ctx) => Promise<APIResponse>)[]): Promise<unknown[]> {
    const [playwright, ours] = await both();
    const theirs: unknown[] = [];
    const mine: unknown[] = [];
    for (const call of calls) {
      theirs.push(await record(() => call(playwright)));
      mine.push(await record(() => call(ours)));
    }
    expect(orderFree(mine)).toEqual(orderFree(theirs));
    const expected = await playwright.storageState();
    expect(orderFree(alignExpiry(await ours.storageState(), expected))).toEqual(orderFree(expected));
    return mine;
  }

  it('sends URL, params, headers and bodies of every kind as Playwright does', async () => {
    const formData = new FormData();
    formData.append('x', '1');
    formData.append('y', 'two words');
    const multipartData = new FormData();
    multipartData.append('field', 'value');
    multipartData.append('upload', new Blob(['file body'], { type: 'text/csv' }), 'list.csv');
    const records = await same([
      (c) => c.get('/echo', { params: { a: 1, b: 'x y', c: true } }),
      (c) => c.get('/echo?z=1', { params: 'q=2&r=3' }),
      (c) => c.get('/echo?z=1', { params: new URLSearchParams({ s: 'ü' }) }),
      (c) => c.get(`${server.url}/echo#frag`),
      (c) => c.get('echo/relative'),
      (c) => c.post('/echo', { data: 'plain text' }),
      (c) => c.post('/echo', { data: 'not json', headers: { 'Content-Type': 'application/json' } }),
      (c) =>
        c.post('/echo', { data: '{"a":1}', headers: { 'content-type': 'application/json; charset=utf-8' } }),
      (c) => c.post('/echo', { data: { a: 1, nested: { b: [1, 2] } } }),
      (c) => c.post('/echo', { data: 42 }),
      (c) => c.post('/echo', { data: { a: 1 }, headers: { 'Content-Type': 'text/x-custom' } }),
      (c) => c.put('/echo', { data: Buffer.from('raw bytes') }),
      (c) => c.patch('/echo', { form: { a: 1, b: 'é & =', skip: undefined as unknown as string } }),
      (c) => c.post('/echo', { form: formData }),
      (c) =>
        c.post('/echo', {
          multipart: {
            a: 'one',
            n: 2,
            f: { name: 'f.txt', mimeType: 'text/plain', buffer: Buffer.from('hi') },
          },
        }),
      (c) => c.post('/echo', { multipart: multipartData }),
      (c) =>
        c.delete('/echo', { headers: { 'X-Custom': 'v', 'USER-AGENT': 'override', accept: 'text/html' } }),
      (c) => c.head('/echo'),
      (c) => c.fetch('/echo', { method: 'put', data: { m: 1 } }),
      (c) => c.fetch('/echo'),
      (c) => c.get('/echo', { headers: { 'X-Left-Out': undefined as unknown as string, 'x-kept': '' } }),
      (c) => c.get('/gzip'),
      (c) => c.get('/status?code=500'),
      (c) => c.get('/status?code=404'),
    ]);
    // The differential test is only as good as what the server saw: a spot check that it saw it.
    expect(records[5]).toMatchObject({
      body: { method: 'POST', body: 'plain text', headers: { 'content-type': 'application/octet-stream' } },
    });
    expect(records[0]).toMatchObject({ body: { url: '/echo?a=1&b=x+y&c=true' } });
  });

  it('keeps the same cookies as Playwright: set, scope, default-path, delete (their order is Chromium’s)', async () => {
    const records = await same([
      (c) => c.get('/echo'),
      (c) => c.get('/api/echo'),
      (c) => c.get('/set'),
      (c) => c.get('/echo'),
      (c) => c.get('/deep/echo'),
      (c) => c.get('/deep/dir/page'),
      (c) => c.get('/deep/dir/echo'),
      (c) => c.get('/deep/other'),
      (c) => c.get('/deeper/echo'),
      (c) => c.get('/deep'),
      (c) => c.get('/delete'),
      (c) => c.get('/echo'),
      (c) => c.get(`http://localhost:${server.port}/echo`),
      (c) => c.get('/echo', { headers: { Cookie: 'mine=1' } }),
    ]);
    expect(JSON.stringify(records[0])).toContain(SECRET);
    expect(records[3]).toMatchObject({ body: { headers: { cookie: expect.stringContaining('plain=1') } } });
  });

  it('follows redirects like Playwright: method and body rules, cookies of every hop, limits', async () => {
    await same([
      (c) => c.post('/redirect?code=301&hop=a', { data: { x: 1 } }),
      (c) => c.post('/redirect?code=302&hop=b', { form: { x: '1' } }),
      (c) => c.put('/redirect?code=303&hop=c', { data: 'body' }),
      (c) => c.head('/redirect?code=303&hop=h'),
      (c) => c.post('/redirect?code=307&hop=d', { data: { keep: true } }),
      (c) => c.put('/redirect?code=308&hop=e', { data: 'kept' }),
      (c) => c.put('/redirect?code=301&hop=f', { data: 'put stays put' }),
      (c) => c.get('/redirect?code=302&hop=g&to=/redirect%3Fcode%3D307%26hop%3Di%26to%3D/echo/end'),
      (c) => c.get('/redirect?code=302&hop=j', { maxRedirects: 0 }),
      (c) => c.get('/redirect?code=302&hop=k', { headers: { cookie: 'mine=1' } }),
      (c) => c.get('/loop', { maxRedirects: 3 }),
      (c) => c.get('/loop'),
      (c) =>
        c.get('/redirect?code=307&hop=l&to=http%3A%2F%2Flocalhost%3A1%2Fecho', {
          headers: { Authorization: 'x' },
        }),
    ]);
  });

  it('fails like Playwright: failOnStatusCode, timeout, refused, reset, retries, abort, bad input', async () => {
    let flakyKey = 0;
    const aborted = new AbortController();
    aborted.abort(new Error('check cancelled'));
    await same([
      (c) => c.get('/status?code=404', { failOnStatusCode: true }),
      (c) => c.get('/status?code=302', { failOnStatusCode: true }),
      (c) => c.get('/slow', { timeout: 300 }),
      (c) => c.get('http://127.0.0.1:9/'),
      (c) => c.post('http://127.0.0.1:9/', { maxRetries: 1 }),
      (c) => c.get('/reset'),
      (c) => c.get('/reset', { maxRetries: 2 }),
      (c) => c.get(`/flaky?key=${++flakyKey}`, { maxRetries: 2 }),
      (c) => c.get(`/flaky?key=${++flakyKey}`, { maxRetries: 1 }),
      (c) => c.get('/slow', { signal: AbortSignal.timeout(200) }),
      (c) => c.get('/slow', { signal: aborted.signal }),
      (c) => c.get('http://[bad'),
      (c) => c.get('/echo', { maxRedirects: -1 }),
      (c) => c.get('/echo', { maxRetries: -1 }),
      (c) => c.post('/echo', { data: 'a', form: { b: '1' } }),
      (c) => c.get('/echo', { timeout: 0 }),
      (c) => c.get('/echo', { headers: { 'X-Bad': 'line\nbreak' } }),
      (c) => c.get('/redirect?code=302&hop=m&to=http%3A%2F%2F%5Bbad'),
    ]);
  });

  it('manages cookies and state like Playwright: cookies(), addCookies, clearCookies, storageState', async () => {
    const [playwright, ours] = await both();
    const steps = async (c: Ctx) => {
      const seen: unknown[] = [];
      seen.push(await c.cookies());
      seen.push(await c.cookies(`${server.url}/api/x`));
      seen.push(await c.cookies([`http://localhost:${server.port}/`, `${server.url}/`]));
      await c.addCookies([
        { name: 'byUrl', value: 'u', url: `${server.url}/a/b/page` },
        { name: 'byDomain', value: 'd', domain: '.127.0.0.1', path: '/', secure: true },
        { name: 'sid', value: 'renewed', domain: '127.0.0.1', path: '/' },
      ]);
      seen.push(await c.cookies());
      seen.push(await record(() => c.get('/a/b/echo')));
      await c.clearCookies({ name: 'byUrl' });
      await c.clearCookies({ domain: /^\./ });
      seen.push(await c.cookies());
      await c.clearCookies({ name: 'nothing-such' });
      seen.push((await c.storageState()).origins);
      seen.push(
        await c.addCookies([{ name: 'bad', value: 'x' }]).catch((e: Error) => e.message.split('\n')[0]),
      );
      await c.clearCookies();
      seen.push(await c.storageState());
      return seen;
    };
    expect(orderFree(await steps(ours))).toEqual(orderFree(await steps(playwright)));
  });

  it('rejects after dispose like Playwright, with the reason given', async () => {
    const [playwright, ours] = await both();
    const afterDispose = async (c: Ctx) => {
      const kept = await c.get('/echo');
      await c.dispose({ reason: 'check finished' });
      return [
        await record(() => c.get('/echo')),
        await kept.body().catch((e: Error) => e.message),
        await c.storageState().catch((e: Error) => e.message.split('\n')[0]),
        await c.cookies().catch((e: Error) => e.message.split('\n')[0]),
      ];
    };
    expect(await afterDispose(ours)).toEqual(await afterDispose(playwright));
    const [p2, o2] = await both();
    await p2.dispose();
    await o2.dispose();
    expect(await record(() => o2.get('/echo'))).toEqual(await record(() => p2.get('/echo')));
    const [p3, o3] = await both();
    const inFlight = async (c: Ctx) => {
      const pending = record(() => c.get('/slow'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await c.dispose({ reason: 'shutting down' });
      return pending;
    };
    expect(await inFlight(o3)).toEqual(await inFlight(p3));
    const response = await (await both())[1].get('/echo');
    await response.dispose();
    await expect(response.text()).rejects.toThrow('apiResponse.body: Response has been disposed');
  });

  it('times the answer: wall-clock start, then headers and end in ms after it', async () => {
    const [, ours] = await both();
    const before = Date.now();
    const timing = (await ours.get('/echo')).timing();
    expect(timing.startTime).toBeGreaterThanOrEqual(before);
    expect(timing.responseStart).toBeGreaterThanOrEqual(0);
    expect(timing.responseEnd).toBeGreaterThanOrEqual(timing.responseStart);
    expect(timing.connectStart).toBe(-1);
  });

  it('writes storageState({ path }) as a private file', async () => {
    const [, ours] = await both();
    const dir = mkdtempSync(join(tmpdir(), 'jianlou-fetch-'));
    try {
      const path = join(dir, 'nested', 'state.json');
      const returned = await ours.storageState({ path });
      expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(returned);
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('never puts a cookie or authorization value in an error message', async () => {
    const [, ours] = await both();
    const headers = { Authorization: 'Bearer AUTH-SECRET-99' };
    const failures = await Promise.all([
      ours.get('/slow', { timeout: 200, headers }).catch((e: Error) => e),
      ours.get('http://127.0.0.1:9/', { headers }).catch((e: Error) => e),
      ours.get('/reset', { headers, maxRetries: 1 }).catch((e: Error) => e),
      ours.get('/loop', { headers }).catch((e: Error) => e),
      ours.get('/redirect?code=302&to=http%3A%2F%2F%5Bbad%3Ftoken%3DAUTH-SECRET-99').catch((e: Error) => e),
    ]);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(Error);
      const text = `${(failure as Error).message}\n${(failure as Error).stack}\n${JSON.stringify(failure)}`;
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('AUTH-SECRET-99');
      expect(safeReason(failure)).not.toMatch(/^apiRequestContext/);
    }
  });
});

describe('the switch to Playwright for what the browser-free client does not do', () => {
  let server: Awaited<ReturnType<typeof startEchoServer>>;
  beforeAll(async () => {
    server = await startEchoServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  function client(upgrade?: FetchRequestOptions['upgrade']) {
    return createFetchRequest({
      storageState: { cookies: [cookie('sid', SECRET)], origins: [] },
      baseURL: server.url,
      userAgent: 'jianlou-test/1',
      timeout: 2000,
      ...(upgrade ? { upgrade } : {}),
    });
  }

  it('an unsupported option hands the current cookies to upgrade once; later calls go to Playwright', async () => {
    const seeds: StorageState[] = [];
    let real: Ctx | undefined;
    const ours = client(async (state) => {
      seeds.push(state);
      real = await request.newContext({ storageState: state, baseURL: server.url });
      return real;
    });
    await ours.get('/set');
    const [first, second] = await Promise.all([
      ours.get('/echo', { ignoreHTTPSErrors: true }),
      ours.get('/echo', { ignoreHTTPSErrors: true }),
    ]);
    expect(seeds).toHaveLength(1);
    expect(seeds[0]?.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['sid', 'plain', 'aged']));
    // Playwright's own agent proves which side answered.
    expect((await first.json()).headers['user-agent']).toMatch(/^Playwright\//);
    expect(second.status()).toBe(200);
    const later = await ours.get('/echo');
    expect((await later.json()).headers['user-agent']).toMatch(/^Playwright\//);
    await real!.addCookies([cookie('fromPlaywright', 'p')]);
    expect((await ours.storageState()).cookies.map((c) => c.name)).toContain('fromPlaywright');
    expect((await ours.cookies()).map((c) => c.name)).toContain('fromPlaywright');
    await ours.dispose();
    await expect(real!.get('/echo')).rejects.toThrow();
    expect(seeds).toHaveLength(1);
  });

  it('the switch waits for answers still on their way, so their cookies are handed over', async () => {
    const seeds: StorageState[] = [];
    const ours = client(async (state) => {
      seeds.push(state);
      return request.newContext({ storageState: state, baseURL: server.url });
    });
    const late = ours.get('/late-cookie');
    const switched = ours.get('/echo', { ignoreHTTPSErrors: true });
    expect((await late).status()).toBe(200);
    expect((await switched).status()).toBe(200);
    expect(seeds[0]?.cookies.map((c) => c.name)).toContain('late');
    await ours.dispose();
  });

  it('a stream part in multipart and tracing switch too', async () => {
    const { createReadStream } = await import('node:fs');
    let upgrades = 0;
    const ours = client(async (state) => {
      upgrades += 1;
      return request.newContext({ storageState: state, baseURL: server.url });
    });
    const response = await ours.post('/echo', {
      multipart: { file: createReadStream(new URL(import.meta.url).pathname) },
    });
    expect((await response.json()).body).toContain('a stream part in multipart');
    await ours.tracing.start({});
    await ours.tracing.stop();
    expect(upgrades).toBe(1);
    await ours.dispose();
  });

  it('without upgrade, the call fails naming the option and the client keeps working', async () => {
    const ours = client();
    await expect(ours.get('/echo', { ignoreHTTPSErrors: true })).rejects.toThrow(
      'apiRequestContext.get: ignoreHTTPSErrors is not supported by the browser-free request client',
    );
    await expect(ours.tracing.start({})).rejects.toThrow('tracing.start: tracing is not supported');
    await expect(ours.fetch({ url: () => `${server.url}/echo` } as never)).rejects.toThrow(
      'apiRequestContext.fetch: fetch(Request) is not supported',
    );
    await expect(
      ours.addCookies([{ ...cookie('part', 'p'), partitionKey: 'https://top.example' }]),
    ).rejects.toThrow("apiRequestContext.addCookies: a cookie's partitionKey is not supported");
    expect((await ours.cookies()).map((c) => c.name)).toEqual(['sid']);
    expect((await ours.get('/echo')).status()).toBe(200);
    await ours.dispose();
  });

  it('works behind a Proxy that binds methods to the client, as the lazy session wraps it', async () => {
    const ours = client();
    const proxied = new Proxy(ours, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const { get, storageState } = proxied;
    expect((await get('/echo')).status()).toBe(200);
    expect((await storageState()).cookies.map((c) => c.name)).toContain('sid');
    await ours.dispose();
  });
});

describe('connections of the browser-free client', () => {
  it('reuses a connection between quick requests, and opens a new one after 5 s idle (as Node’s agent)', async () => {
    const sockets: number[] = [];
    let next = 0;
    const server = http.createServer((_req, res) => res.end('ok'));
    // The server keeps idle connections much longer than the client: the client must close them.
    server.keepAliveTimeout = 60_000;
    server.on('connection', () => sockets.push(next++));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = createFetchRequest({
      storageState: { cookies: [], origins: [] },
      baseURL: url,
      userAgent: 'test',
      timeout: 5_000,
    });
    try {
      await client.get('/');
      await client.get('/');
      expect(sockets).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 5_600));
      await client.get('/');
      expect(sockets).toHaveLength(2);
    } finally {
      await client.dispose();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }, 15_000);
});

describe('redirects whose body never ends', () => {
  it('are followed on their headers, as Playwright does (the body is not waited for)', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/redir-hang') {
        res.writeHead(302, { location: '/done', 'set-cookie': 'hop=1; Path=/' });
        res.write('moving…'); // and never ends
        return;
      }
      res.end(`done ${req.headers.cookie ?? ''}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const ours = createFetchRequest({
      storageState: { cookies: [], origins: [] },
      baseURL: url,
      userAgent: 'test',
      timeout: 2_000,
    });
    const theirs = await request.newContext({ baseURL: url, timeout: 2_000 });
    try {
      for (const client of [theirs, ours]) {
        const res = await client.get('/redir-hang');
        expect(res.status()).toBe(200);
        expect(await res.text()).toBe('done hop=1');
      }
    } finally {
      await ours.dispose();
      await theirs.dispose();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('the module graph of the browser-free client', () => {
  it('loads no Playwright at run time, nor does launch.ts until asked (and the probe sees it then)', () => {
    const probe = (target: string, then = '') =>
      spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(target)});
           ${then}
           const { createRequire } = await import('node:module');
           const loaded = Object.keys(createRequire(import.meta.url).cache);
           console.log(JSON.stringify(loaded.filter((p) => /playwright/.test(p))));`,
        ],
        { cwd: new URL('../..', import.meta.url).pathname, encoding: 'utf8' },
      );
    const ours = probe('./src/browser/fetch-request.ts');
    expect(ours.stderr).toBe('');
    expect(JSON.parse(ours.stdout)).toEqual([]);
    // launch.ts makes the API side with this client and loads Playwright on first use only.
    const launch = probe(
      './src/browser/launch.ts',
      'await (await m.newRequestContext({ storageState: { cookies: [], origins: [] } })).dispose();',
    );
    expect(launch.stderr).toBe('');
    expect(JSON.parse(launch.stdout)).toEqual([]);
    const theirs = probe('./src/browser/launch.ts', 'm.playwright();');
    expect(JSON.parse(theirs.stdout).length).toBeGreaterThan(0);
  });
});
