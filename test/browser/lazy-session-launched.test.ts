import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIRequestContext, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequestContext, type StorageState } from '../../src/browser/launch.js';
import { createLazySession } from '../../src/browser/lazy-session.js';
import { localCookie } from './jar-cookies.js';

/**
 * The lazy session's own bookkeeping once a step launched the browser (issue 26, test strength),
 * in-process: at the openContext seam a small stand-in takes Chromium's place, an event emitter with
 * only the members the session uses, whose request side is a real Playwright request client (other
 * cookies than the API side's) against a local server. What the session does with it is asserted:
 * the browser's requests counted, page listeners attached, members and writes sent to it, what is
 * saved merged. Chromium itself is tested in test/browser/lazy-session.test.ts.
 */

const cookie = localCookie;

/** Stands in for a launched BrowserContext: events, a state the test sets, its own request side. */
class LaunchedStandIn extends EventEmitter {
  state: StorageState;
  written: StorageState[] = [];
  constructor(
    readonly request: APIRequestContext,
    seed: StorageState,
  ) {
    super();
    this.state = seed;
  }
  pages() {
    return [];
  }
  async storageState() {
    return this.state;
  }
  async setStorageState(state: StorageState) {
    this.written.push(state);
    this.state = state;
  }
  async cookies() {
    return this.state.cookies;
  }
}

describe('the lazy session once the browser side is open', () => {
  let server: Server;
  let baseUrl: string;
  const open: APIRequestContext[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/login') res.setHeader('Set-Cookie', 'sid=fresh; Path=/');
      res.end(req.headers.cookie ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await Promise.all(open.map((r) => r.dispose()));
    await new Promise((resolve) => server.close(resolve));
  });

  async function session(saved: StorageState = { cookies: [cookie('sid', 'old')], origins: [] }) {
    const request = await newRequestContext({ storageState: saved, baseURL: baseUrl });
    const browserRequest = await newRequestContext({
      storageState: { cookies: [cookie('sid', 'browser')], origins: [] },
      baseURL: baseUrl,
    });
    open.push(request, browserRequest);
    const launched: LaunchedStandIn[] = [];
    const lazy = createLazySession({
      request,
      baseUrl,
      accountId: 'mom',
      storageState: saved,
      async openContext(seed) {
        const context = new LaunchedStandIn(browserRequest, seed);
        launched.push(context);
        return context as unknown as BrowserContext;
      },
    });
    const launch = async () => {
      await lazy.ctx.context.cookies();
      return launched[0] as LaunchedStandIn;
    };
    return { lazy, ctx: lazy.ctx, launched, launch, request };
  }

  it('is what browserContext() and settled() answer, and what ctx.context is from then on', async () => {
    const { lazy, ctx, launch } = await session();
    const context = await launch();
    expect(lazy.browserContext()).toBe(context);
    expect(await lazy.settled()).toBe(context);
    expect(ctx.context.pages()).toEqual([]);
    expect(ctx.context.request).toBe(context.request);
    expect(await ctx.context.cookies()).toEqual([cookie('sid', 'old')]);
  });

  it('settled() waits for a browser side still opening', async () => {
    const { lazy, ctx, launched } = await session();
    void ctx.context.cookies();
    const context = await lazy.settled();
    expect(context).toBe(launched[0]);
  });

  it("every request the browser makes is counted, with ctx.request's own", async () => {
    const { lazy, ctx, launch } = await session();
    await ctx.request.get('/before');
    const context = await launch();
    context.emit('request', {});
    context.emit('request', {});
    expect(lazy.requests()).toBe(3);
    await ctx.request.get('/after');
    expect(lazy.requests()).toBe(4);
  });

  it("from then on ctx.request is the browser side's (one cookie jar for pages and requests)", async () => {
    const { ctx, launch } = await session();
    expect(await (await ctx.request.get('/who')).text()).toBe('sid=old');
    await launch();
    expect(await (await ctx.request.get('/who')).text()).toBe('sid=browser');
  });

  it("a page listener ctx.storage set before the launch hears the browser's new pages", async () => {
    const saved = {
      cookies: [cookie('sid', 'old')],
      origins: [{ origin: baseUrl, localStorage: [{ name: 'token', value: 'saved' }] }],
    };
    const { ctx, launch } = await session(saved);
    expect(await ctx.storage.local('token')).toBe('saved');
    const context = await launch();
    context.state = {
      cookies: [],
      origins: [{ origin: baseUrl, localStorage: [{ name: 'token', value: 'page' }] }],
    };
    // Until a page opens, the saved state answers; a new page (its scripts may write) drops it.
    expect(await ctx.storage.local('token')).toBe('saved');
    context.emit('page', {});
    expect(await ctx.storage.local('token')).toBe('page');
  });

  it("the flow's localStorage writes go into the open browser side, and into what is saved", async () => {
    const { lazy, ctx, launch } = await session();
    const context = await launch();
    await ctx.storage.setLocal('token', 't-1');
    expect(context.written).toEqual([
      {
        cookies: [cookie('sid', 'old')],
        origins: [{ origin: baseUrl, localStorage: [{ name: 'token', value: 't-1' }] }],
      },
    ]);
    expect((await lazy.storageState()).origins).toEqual([
      { origin: baseUrl, localStorage: [{ name: 'token', value: 't-1' }] },
    ]);
  });

  it('what is saved merges what the browser changed since it opened onto the API side', async () => {
    const { lazy, launch, request } = await session();
    const context = await launch();
    // The API side (kept by its owner) logs in again; the browser, meanwhile, stores a cart cookie.
    await request.get('/login');
    context.state = { cookies: [cookie('sid', 'old'), cookie('cart', 'ART-101')], origins: [] };
    const saved = await lazy.storageState();
    expect(saved.cookies.map((c) => `${c.name}=${c.value}`).sort()).toEqual(['cart=ART-101', 'sid=fresh']);
    // The browser changed the session cookie itself: its value wins.
    context.state = { cookies: [cookie('sid', 'browser-login'), cookie('cart', 'ART-101')], origins: [] };
    const later = await lazy.storageState();
    expect(later.cookies.map((c) => `${c.name}=${c.value}`).sort()).toEqual([
      'cart=ART-101',
      'sid=browser-login',
    ]);
  });

  it('the browser side is opened once, from the API side and the writes made before it', async () => {
    const { ctx, launched, launch } = await session();
    await ctx.storage.setLocal('token', 't-0');
    await Promise.all([launch(), ctx.context.cookies(), ctx.page().catch(() => undefined)]);
    expect(launched).toHaveLength(1);
    expect(launched[0]?.state.origins).toEqual([
      { origin: baseUrl, localStorage: [{ name: 'token', value: 't-0' }] },
    ]);
  });
});
