import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { createFlowContext } from '../../src/flow/context.js';

describe('createFlowContext', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('opens no page until asked, then reuses the same page', async () => {
    const context = await newContext(browser);
    const ctx = createFlowContext({ context, baseUrl: 'http://127.0.0.1:1/', accountId: 'mom' });
    expect(context.pages()).toHaveLength(0);
    const [first, again] = await Promise.all([ctx.page(), ctx.page()]);
    expect(again).toBe(first);
    expect(await ctx.page()).toBe(first);
    expect(context.pages()).toHaveLength(1);
    expect(ctx.request).toBe(context.request);
    expect(ctx.baseUrl).toBe('http://127.0.0.1:1');
    await context.close();
  });

  it('close() closes its page but leaves the browser context to its owner', async () => {
    const context = await newContext(browser);
    const ctx = createFlowContext({ context, baseUrl: 'http://127.0.0.1:1', accountId: 'mom' });
    const page = await ctx.page();
    await ctx.close();
    expect(page.isClosed()).toBe(true);
    const next = await ctx.page();
    expect(next).not.toBe(page);
    expect(next.isClosed()).toBe(false);
    await context.close();
  });

  it('a page the flow closed itself is replaced on the next call', async () => {
    const context = await newContext(browser);
    const ctx = createFlowContext({ context, baseUrl: 'http://127.0.0.1:1', accountId: 'mom' });
    const page = await ctx.page();
    await page.close();
    expect(await ctx.page()).not.toBe(page);
    await context.close();
  });
});
