import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { createFlowContext } from '../../src/flow/context.js';

// Issue 14, wall 2: a bearer token kept in localStorage is read from the saved session, no page needed.
describe('ctx.storage.local', () => {
  let browser: Browser;
  let server: Server;
  let web: string;
  const other = 'https://api.portal.example';

  beforeAll(async () => {
    // The page a portal's own script would be: it writes its token on load.
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end("<script>localStorage.setItem('jl_token', 'fresh-from-login')</script>");
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    web = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => server.close(done));
  });

  const saved = () => ({
    cookies: [],
    origins: [
      { origin: web, localStorage: [{ name: 'jl_token', value: 'saved-token' }] },
      { origin: other, localStorage: [{ name: 'jl_token', value: 'other-token' }] },
    ],
  });

  it("reads the saved session's value for the portal's origin, another origin on request, undefined when absent", async () => {
    const state = saved();
    const context = await newContext(browser, { storageState: state });
    const ctx = createFlowContext({ context, baseUrl: `${web}/app/`, accountId: 'mom', storageState: state });
    await expect(ctx.storage.local('jl_token')).resolves.toBe('saved-token');
    await expect(ctx.storage.local('jl_token', `${other}/api/v1`)).resolves.toBe('other-token');
    await expect(ctx.storage.local('nothing')).resolves.toBeUndefined();
    await expect(ctx.storage.local('jl_token', 'https://elsewhere.example')).resolves.toBeUndefined();
    expect(context.pages()).toHaveLength(0);
    await context.close();
  });

  it('without the saved state in hand it reads the context once, opening no page', async () => {
    const context = await newContext(browser, { storageState: saved() });
    const ctx = createFlowContext({ context, baseUrl: web, accountId: 'mom' });
    await expect(ctx.storage.local('jl_token')).resolves.toBe('saved-token');
    await expect(ctx.storage.local('jl_token')).resolves.toBe('saved-token');
    expect(context.pages()).toHaveLength(0);
    await context.close();
  });

  it('sees what a page wrote (a login in progress), while it is open and after it closed', async () => {
    const state = saved();
    const context = await newContext(browser, { storageState: state });
    const ctx = createFlowContext({ context, baseUrl: web, accountId: 'mom', storageState: state });
    await expect(ctx.storage.local('jl_token')).resolves.toBe('saved-token');
    const page = await ctx.page();
    await page.goto(web);
    await expect(ctx.storage.local('jl_token')).resolves.toBe('fresh-from-login');
    await ctx.close();
    expect(context.pages()).toHaveLength(0);
    await expect(ctx.storage.local('jl_token')).resolves.toBe('fresh-from-login');
    await context.close();
  });

  it('an origin that is not a URL is a clear error', async () => {
    const context = await newContext(browser);
    const ctx = createFlowContext({ context, baseUrl: web, accountId: 'mom' });
    await expect(ctx.storage.local('jl_token', 'api.portal.example')).rejects.toThrow(
      'give an origin such as https://portal.example',
    );
    await context.close();
  });
});
