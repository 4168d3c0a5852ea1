import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, newRequestContext, type StorageState } from '../../src/browser/launch.js';
import { createLazySession } from '../../src/browser/lazy-session.js';
import { createFlowContext } from '../../src/flow/context.js';
import { send, startRawServer } from '../flow/raw-server.js';

// Issue 27: a flow writes localStorage (a browser-side cart) without launching Chromium; the write
// is saved with the session, merged with what a browser writes, and a page opened later sees it.
describe('ctx.storage writes localStorage without a page', () => {
  let server: Awaited<ReturnType<typeof startRawServer>>;
  let browser: Browser | undefined;

  beforeAll(async () => {
    server = await startRawServer({
      '/': (_q, res) =>
        send(res, 200, 'text/html', '<script>localStorage.setItem("seen", "by-page")</script>'),
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const saved = (): StorageState => ({
    cookies: [],
    origins: [
      {
        origin: server.url,
        localStorage: [
          { name: 'token', value: 't1' },
          { name: 'old', value: 'x' },
        ],
      },
    ],
  });

  function session(state: StorageState, launches: { count: number }) {
    return (async () => {
      const request = await newRequestContext({ storageState: state, baseURL: server.url });
      const lazy = createLazySession({
        baseUrl: server.url,
        accountId: 'mom',
        request,
        storageState: state,
        openContext: async (seed) => {
          launches.count += 1;
          browser ??= await launchBrowser();
          return newContext(browser, { storageState: seed });
        },
      });
      return { lazy, request };
    })();
  }

  it('writes and removes with no browser, reads them back, and saves them with the session', async () => {
    const launches = { count: 0 };
    const { lazy, request } = await session(saved(), launches);
    await lazy.ctx.storage.setLocal('cart', '["ART-101"]');
    await lazy.ctx.storage.setLocal('elsewhere', '1', 'https://api.portal.example');
    await lazy.ctx.storage.removeLocal('old');
    expect(await lazy.ctx.storage.local('cart')).toBe('["ART-101"]');
    expect(await lazy.ctx.storage.local('old')).toBeUndefined();
    const state = await lazy.storageState();
    expect(launches.count).toBe(0);
    expect(state.origins.map(({ origin, localStorage }) => ({ origin, localStorage }))).toEqual([
      {
        origin: server.url,
        localStorage: [
          { name: 'token', value: 't1' },
          { name: 'cart', value: '["ART-101"]' },
        ],
      },
      { origin: 'https://api.portal.example', localStorage: [{ name: 'elsewhere', value: '1' }] },
    ]);
    await request.dispose();
  });

  it('a page opened afterwards sees the write; what the page and the flow write are both saved', async () => {
    const launches = { count: 0 };
    const { lazy, request } = await session(saved(), launches);
    await lazy.ctx.storage.setLocal('cart', 'before-page');
    const page = await lazy.ctx.page();
    await page.goto(server.url);
    expect(await page.evaluate(() => localStorage.getItem('cart'))).toBe('before-page');
    await lazy.ctx.storage.setLocal('after', 'with-page');
    expect(await page.evaluate(() => localStorage.getItem('after'))).toBe('with-page');
    const items =
      (await lazy.storageState()).origins.find((o) => o.origin === server.url)?.localStorage ?? [];
    expect(Object.fromEntries(items.map((i) => [i.name, i.value]))).toEqual({
      token: 't1',
      old: 'x',
      cart: 'before-page',
      after: 'with-page',
      seen: 'by-page',
    });
    expect(launches.count).toBe(1);
    await lazy.ctx.close();
    await (await lazy.settled())?.close();
    await request.dispose();
  });

  it('in a plain browser context with no page open, the write goes to its storage state', async () => {
    browser ??= await launchBrowser();
    const context = await newContext(browser, { storageState: saved() });
    const ctx = createFlowContext({ context, baseUrl: server.url, accountId: 'mom' });
    await ctx.storage.setLocal('cart', 'c');
    const page = await context.newPage();
    await page.goto(server.url);
    expect(await page.evaluate(() => localStorage.getItem('cart'))).toBe('c');
    await expect(ctx.storage.setLocal('k', 'v', 'not a url')).rejects.toThrow(
      'ctx.storage.setLocal: "not a url" is not a URL',
    );
    await context.close();
  });
});
