import type { APIRequestContext, Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { launchBrowser, newContext, newRequestContext, type StorageState } from '../../src/browser/launch.js';
import { createLazySession } from '../../src/browser/lazy-session.js';
import { mergeStorageState } from '../../src/browser/storage-merge.js';
import { createFlowContext } from '../../src/flow/context.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { cookie } from './cookies.js';

const account = { username: '13800000000', password: 'demo1234', captcha: '8888' };

function state(...cookies: ReturnType<typeof cookie>[]): StorageState {
  return { cookies, origins: [] };
}

function pairs(s: StorageState): string[] {
  return s.cookies.map((c) => `${c.name}=${c.value}`).sort();
}

describe('mergeStorageState of an API side and a browser (issue 17: what either side changed is saved)', () => {
  const base = state(cookie('sid', 'one'), cookie('theme', 'dark'), cookie('gone', 'x'));
  it.each([
    ['nobody changed anything', base, base, ['gone=x', 'sid=one', 'theme=dark']],
    [
      'the API side refreshed the session cookie',
      state(cookie('sid', 'two'), cookie('theme', 'dark'), cookie('gone', 'x')),
      base,
      ['gone=x', 'sid=two', 'theme=dark'],
    ],
    [
      'the browser refreshed it',
      base,
      state(cookie('sid', 'three'), cookie('theme', 'dark'), cookie('gone', 'x')),
      ['gone=x', 'sid=three', 'theme=dark'],
    ],
    [
      'both changed it: the browser (which started from the API side) wins',
      state(cookie('sid', 'two'), cookie('theme', 'dark'), cookie('gone', 'x')),
      state(cookie('sid', 'three'), cookie('theme', 'dark'), cookie('gone', 'x')),
      ['gone=x', 'sid=three', 'theme=dark'],
    ],
    [
      'the browser deleted one, the API side added one',
      state(cookie('sid', 'one'), cookie('theme', 'dark'), cookie('gone', 'x'), cookie('csrf', 'c')),
      state(cookie('sid', 'one'), cookie('theme', 'dark')),
      ['csrf=c', 'sid=one', 'theme=dark'],
    ],
    [
      'the API side deleted one the browser left alone',
      state(cookie('sid', 'one'), cookie('gone', 'x')),
      base,
      ['gone=x', 'sid=one'],
    ],
  ])('%s', (_name, api, browser, expected) => {
    expect(pairs(mergeStorageState(base, browser, api))).toEqual(expected);
  });

  it("keeps the browser's localStorage (only a page can change it)", () => {
    const origins = [{ origin: 'http://127.0.0.1', localStorage: [{ name: 'token', value: 't' }] }];
    expect(mergeStorageState(base, { cookies: base.cookies, origins }, base).origins).toEqual(origins);
  });
});

describe('the lazy flow context (issue 17)', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let saved: StorageState;
  const flow = createDemoFlow({ mode: 'api', timeoutMs: 5000 });
  const pagesFlow = createDemoFlow({ mode: 'pages', timeoutMs: 10_000 });
  const open: APIRequestContext[] = [];

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
    browser = await launchBrowser();
    const context = await newContext(browser);
    await flow.login(createFlowContext({ context, baseUrl: portal.url, accountId: 'mom' }), account);
    saved = await context.storageState();
    await context.close();
  });
  afterAll(async () => {
    await Promise.all(open.map((r) => r.dispose()));
    await browser?.close();
    await portal?.close();
  });

  async function session() {
    const request = await newRequestContext({ storageState: saved, baseURL: portal.url });
    open.push(request);
    const contexts: BrowserContext[] = [];
    const lazy = createLazySession({
      request,
      baseUrl: portal.url,
      accountId: 'mom',
      async openContext(seed) {
        const context = await newContext(browser, { storageState: seed, baseURL: portal.url });
        contexts.push(context);
        return context;
      },
    });
    return { lazy, request, contexts };
  }

  it('an API-only check reads seats and the session from the saved cookies without a browser context', async () => {
    const { lazy, contexts } = await session();
    const seen = await flow.observe(lazy.ctx, [{ id: 'ART-101' }, { id: 'SWIM-201' }]);
    expect(seen.map((o) => [o.courseId, o.state])).toEqual([
      ['ART-101', 'full'],
      ['SWIM-201', 'full'],
    ]);
    await expect(flow.checkSession(lazy.ctx)).resolves.toBe('ok');
    await expect(flow.listHolds!(lazy.ctx)).resolves.toEqual([]);
    // Looking at the context (await, JSON, its pages, its request) launches nothing either.
    expect(lazy.ctx.context.pages()).toEqual([]);
    expect(lazy.ctx.context.request).toBe(lazy.ctx.request);
    expect(await Promise.resolve(lazy.ctx.context)).toBe(lazy.ctx.context);
    expect(JSON.stringify({ c: lazy.ctx.context })).toBe('{"c":{}}');
    expect(contexts).toHaveLength(0);
    expect(lazy.browserContext()).toBeUndefined();
    expect(pairs(await lazy.storageState())).toEqual(pairs(saved));
  });

  it('a flow disposing ctx.request (dispose or `await using`) does not close the shared one', async () => {
    const { lazy, request } = await session();
    await lazy.ctx.request.dispose();
    await lazy.ctx.request[Symbol.asyncDispose]();
    expect((await request.get(`${portal.url}/api/session`)).status()).toBe(200);
  });

  it('a step that asks for a page gets one, logged in with the saved session, once', async () => {
    const { lazy, contexts } = await session();
    const [first, again] = await Promise.all([lazy.ctx.page(), lazy.ctx.page()]);
    expect(again).toBe(first);
    expect(contexts).toHaveLength(1);
    const seen = await pagesFlow.observe(lazy.ctx, [{ id: 'ART-101' }]);
    expect(seen[0]).toMatchObject({ courseId: 'ART-101', state: 'full', seats: 0 });
    // From now on requests share the page's cookie jar.
    expect(lazy.ctx.context).not.toBe(contexts[0]);
    await contexts[0]!.addCookies([cookie('fromPage', 'p')]);
    const echoed = await lazy.ctx.request.get(`${portal.url}/api/session`);
    expect(echoed.status()).toBe(200);
    expect((await lazy.ctx.request.storageState()).cookies.map((c) => c.name)).toContain('fromPage');
    await lazy.ctx.close();
    expect(first.isClosed()).toBe(true);
    await contexts[0]!.close();
  });

  it('ctx.context launches on first use; the saved state merges both sides', async () => {
    const { lazy, request, contexts } = await session();
    lazy.ctx.context.setDefaultTimeout(4321);
    await lazy.ctx.context.addCookies([cookie('fromBrowser', 'b')]);
    expect(contexts).toHaveLength(1);
    // A cookie the API side got after the browser started (a request still in flight) is kept too.
    await request.addCookies([cookie('fromApi', 'a')]);
    const merged = await lazy.storageState();
    const names = merged.cookies.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['fromBrowser', 'fromApi', ...saved.cookies.map((c) => c.name)]),
    );
    await contexts[0]!.close();
  });

  it('a browser that cannot start fails the step that asked, and the API side keeps working', async () => {
    const request = await newRequestContext({ storageState: saved, baseURL: portal.url });
    open.push(request);
    let asked = 0;
    const lazy = createLazySession({
      request,
      baseUrl: portal.url,
      accountId: 'mom',
      async openContext() {
        asked += 1;
        throw new Error('no Chromium here');
      },
    });
    await expect(lazy.ctx.page()).rejects.toThrow('no Chromium here');
    await expect(lazy.ctx.context.cookies()).rejects.toThrow('no Chromium here');
    expect(asked).toBe(2);
    await expect(flow.checkSession(lazy.ctx)).resolves.toBe('ok');
  });
});
