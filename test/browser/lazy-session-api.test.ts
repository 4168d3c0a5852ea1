import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import type { APIRequestContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRequestContext, type StorageState } from '../../src/browser/launch.js';
import { createLazySession } from '../../src/browser/lazy-session.js';
import { localCookie } from './jar-cookies.js';

/**
 * The lazy flow context before (and without) a browser (issue 17; issue 26 test strength): the API
 * side is jianlou's browser-free request client against a local server on 127.0.0.1, and the
 * browser "cannot start" (openContext fails), which is the one in-process seam of the launch. The
 * launched side is tested in Chromium (test/browser/lazy-session.test.ts).
 */

const cookie = localCookie;

describe('the lazy session before a browser', () => {
  let server: Server;
  let baseUrl: string;
  const open: APIRequestContext[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/gbk') {
        res.setHeader('Content-Type', 'text/html; charset=gbk');
        res.end(iconv.encode('少儿国画', 'gbk'));
        return;
      }
      if (req.url === '/login') res.setHeader('Set-Cookie', 'sid=fresh; Path=/');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await Promise.all(open.map((r) => r.dispose()));
    await new Promise((resolve) => server.close(resolve));
  });

  async function session(
    options: { saved?: StorageState; log?: boolean; signal?: AbortSignal; slash?: string } = {},
  ) {
    const saved = options.saved ?? { cookies: [cookie('sid', 'old')], origins: [] };
    const request = await newRequestContext({ storageState: saved, baseURL: baseUrl });
    open.push(request);
    const seeds: StorageState[] = [];
    const lazy = createLazySession({
      request,
      baseUrl: `${baseUrl}${options.slash ?? ''}`,
      accountId: 'mom',
      options: { mode: 'api' },
      storageState: saved,
      ...(options.signal ? { signal: options.signal } : {}),
      async openContext(state) {
        seeds.push(state);
        throw new Error(`no Chromium (attempt ${seeds.length})`);
      },
    });
    return { lazy, ctx: lazy.ctx, seeds, request };
  }

  it("the context is the account's: its base URL without trailing slashes, its options, a quiet log, a live signal", async () => {
    const { ctx } = await session({ slash: '//' });
    expect(ctx.baseUrl).toBe(baseUrl);
    expect(ctx.accountId).toBe('mom');
    expect(ctx.options).toEqual({ mode: 'api' });
    expect(ctx.signal.aborted).toBe(false);
    expect(() => ctx.log.info({ a: 1 }, 'nothing to see')).not.toThrow();
    expect(() => ctx.log.debug('x')).not.toThrow();
    expect(() => ctx.log.warn('x')).not.toThrow();
  });

  it("the check's signal is the context's", async () => {
    const controller = new AbortController();
    const { ctx } = await session({ signal: controller.signal });
    controller.abort();
    expect(ctx.signal.aborted).toBe(true);
  });

  it('ctx.request sends with the saved cookies and counts each request; nothing is launched', async () => {
    const { ctx, lazy, seeds } = await session();
    expect((await ctx.request.get(`${baseUrl}/x`)).status()).toBe(200);
    await ctx.request.fetch(`${baseUrl}/y`);
    await ctx.request.post(`${baseUrl}/z`, { data: 'a' });
    expect(lazy.requests()).toBe(3);
    expect(seeds).toEqual([]);
    expect(lazy.browserContext()).toBeUndefined();
    expect(await lazy.settled()).toBeUndefined();
  });

  it('every sending method of ctx.request is counted', async () => {
    const { ctx, lazy } = await session();
    const url = `${baseUrl}/x`;
    await ctx.request.put(url);
    await ctx.request.patch(url);
    await ctx.request.delete(url);
    await ctx.request.head(url);
    expect(lazy.requests()).toBe(4);
  });

  it('a member of ctx.request that sends nothing is not counted', async () => {
    const { ctx, lazy } = await session();
    expect(pairsOf(await ctx.request.storageState())).toEqual(['sid=old']);
    expect(lazy.requests()).toBe(0);
  });

  it('ctx.request reads a GBK page as a browser would', async () => {
    const { ctx } = await session();
    expect(await (await ctx.request.get(`${baseUrl}/gbk`)).text()).toBe('少儿国画');
  });

  it('a flow disposing ctx.request does not dispose the shared API side', async () => {
    const { ctx, request } = await session();
    await ctx.request.dispose();
    await (ctx.request as unknown as { [Symbol.asyncDispose](): Promise<void> })[Symbol.asyncDispose]();
    expect((await request.get(`${baseUrl}/x`)).status()).toBe(200);
  });

  it("what is saved without a browser: the API side cookies with the flow's localStorage writes", async () => {
    const { ctx, lazy } = await session();
    await ctx.request.get(`${baseUrl}/login`);
    await ctx.storage.setLocal('token', 't-1');
    await ctx.storage.setLocal('gone', 'x');
    await ctx.storage.removeLocal('gone');
    const saved = await lazy.storageState();
    expect(pairsOf(saved)).toEqual(['sid=fresh']);
    expect(saved.origins).toEqual([{ origin: baseUrl, localStorage: [{ name: 'token', value: 't-1' }] }]);
  });

  it("ctx.storage reads the saved session and the flow's own writes without launching", async () => {
    const saved = {
      cookies: [cookie('sid', 'old')],
      origins: [{ origin: baseUrl, localStorage: [{ name: 'token', value: 'saved' }] }],
    };
    const { ctx, seeds } = await session({ saved });
    expect(await ctx.storage.local('token')).toBe('saved');
    await ctx.storage.setLocal('cart', 'ART-101');
    expect(await ctx.storage.local('cart')).toBe('ART-101');
    expect(seeds).toEqual([]);
  });

  it('before a launch the context has no pages, workers or browser, and says what it is', async () => {
    const { ctx, seeds } = await session();
    const context = ctx.context;
    expect(context.pages()).toEqual([]);
    expect(context.backgroundPages()).toEqual([]);
    expect(context.serviceWorkers()).toEqual([]);
    expect(context.browser()).toBeNull();
    expect(String(context)).toBe('[BrowserContext, not launched yet]');
    expect(context.request).toBe(ctx.request);
    expect(seeds).toEqual([]);
  });

  it('looking at the context (await, JSON, symbols) launches nothing', async () => {
    const { ctx, seeds } = await session();
    const context = ctx.context as unknown as Record<string | symbol, unknown>;
    expect(await Promise.resolve(ctx.context)).toBe(ctx.context);
    for (const prop of ['then', 'toJSON', 'constructor', 'valueOf', 'asymmetricMatch', 'nodeType']) {
      expect(context[prop]).toBeUndefined();
    }
    expect(context[Symbol.iterator]).toBeUndefined();
    expect(seeds).toEqual([]);
  });

  it("a step that asks for a page launches from the API side as it is now, with the flow's writes", async () => {
    const { ctx, seeds } = await session();
    await ctx.request.get(`${baseUrl}/login`);
    await ctx.storage.setLocal('token', 't-1');
    await expect(ctx.page()).rejects.toThrow('no Chromium (attempt 1)');
    expect(pairsOf(seeds[0] as StorageState)).toEqual(['sid=fresh']);
    expect(seeds[0]?.origins).toEqual([{ origin: baseUrl, localStorage: [{ name: 'token', value: 't-1' }] }]);
  });

  it('a browser that could not start is tried again on the next ask', async () => {
    const { ctx, lazy, seeds } = await session();
    await expect(ctx.page()).rejects.toThrow('no Chromium (attempt 1)');
    await expect(ctx.page()).rejects.toThrow('no Chromium (attempt 2)');
    await expect(ctx.context.cookies()).rejects.toThrow('no Chromium (attempt 3)');
    expect(seeds).toHaveLength(3);
    expect(lazy.browserContext()).toBeUndefined();
    expect(await lazy.settled()).toBeUndefined();
    await ctx.close();
    expect(lazy.requests()).toBe(0);
  });

  it('a member of the context other than a known one launches the browser, and fails with it', async () => {
    const { ctx, seeds } = await session();
    await expect(ctx.context.addCookies([])).rejects.toThrow('no Chromium (attempt 1)');
    await expect(ctx.context.tracing.start({})).rejects.toThrow('no Chromium (attempt 2)');
    await expect(ctx.context.clock.install()).rejects.toThrow('no Chromium (attempt 3)');
    expect((ctx.context.tracing as unknown as Record<string, unknown>).then).toBeUndefined();
    expect(seeds).toHaveLength(3);
  });

  it('listeners and timeouts set before a launch return the context and start it, failing quietly', async () => {
    const { ctx, seeds } = await session();
    const context = ctx.context;
    const listener = () => {};
    expect(context.on('page', listener)).toBe(context);
    expect(context.once('page', listener)).toBe(context);
    expect(context.addListener('page', listener)).toBe(context);
    expect(context.prependListener('page', listener)).toBe(context);
    expect(context.off('page', listener)).toBe(context);
    expect(context.removeListener('page', listener)).toBe(context);
    expect(context.removeAllListeners('page')).toBe(context);
    expect(context.setDefaultTimeout(1000)).toBe(context);
    expect(context.setDefaultNavigationTimeout(1000)).toBe(context);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seeds.length).toBeGreaterThan(0);
  });

  it('closing the context of a check that never opened a page does nothing', async () => {
    const { ctx, seeds } = await session();
    await ctx.close();
    expect(seeds).toEqual([]);
  });
});

function pairsOf(state: StorageState): string[] {
  return state.cookies.map((c) => `${c.name}=${c.value}`).sort();
}
