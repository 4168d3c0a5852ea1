import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { portalAdmin } from '../../src/contract/portal-admin.js';
import { PortalChangedError, PortalUnavailableError } from '../../src/core/errors.js';
import { createFlowContext, type OwnedFlowContext } from '../../src/flow/context.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';

/**
 * A portal down for a while answers "系统维护中" or "系统繁忙", often with HTTP 200: the bundled flow
 * reads that as PortalUnavailableError (wait), never PortalChangedError (a redesign), in every mode
 * and for the cart steps too. Real Chromium against the demo portal's fault switches.
 */
const account = { username: '13800000000', password: 'demo1234', captcha: '8888' };

describe('demo-portal flow: maintenance and busy pages', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let ctx: OwnedFlowContext;

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
    browser = await launchBrowser();
    ctx = createFlowContext({
      context: await newContext(browser),
      baseUrl: `${portal.url}/`,
      accountId: 'mom',
    });
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await portal?.close();
  });
  beforeEach(async () => {
    await portalAdmin(portal.url).reset();
    await ctx.context.clearCookies();
    // A cut connection leaves the tab on Chromium's error page, whose late load would cut the next navigation.
    // On a busy machine that late load can also interrupt this very navigation: try again after it.
    const page = await ctx.page();
    for (let attempt = 1; ; attempt += 1) {
      try {
        await page.goto('about:blank');
        break;
      } catch (error) {
        if (attempt === 3 || !String(error).includes('interrupted by another navigation')) throw error;
        await page.waitForLoadState('load').catch(() => {});
      }
    }
    await createDemoFlow().login(ctx, account);
  });

  const cases = [
    { fault: 'maintenance', mode: 'api', notice: '系统维护' },
    { fault: 'maintenance', mode: 'pages', notice: '系统维护' },
    { fault: 'maintenance', mode: 'auto', notice: '系统维护' },
    { fault: 'busy', mode: 'api', notice: '系统繁忙' },
    { fault: 'busy', mode: 'pages', notice: '系统繁忙' },
    { fault: 'busy', mode: 'auto', notice: '系统繁忙' },
    { fault: '503', mode: 'api', notice: 'HTTP 503' },
    { fault: '503', mode: 'pages', notice: 'HTTP 503' },
    { fault: 'cut', mode: 'api', notice: 'failed' },
    { fault: 'cut', mode: 'pages', notice: 'failed' },
  ] as const;

  it.each(cases)(
    '$fault in $mode mode → PortalUnavailableError naming "$notice"',
    async ({ fault, mode, notice }) => {
      portal.admin.setFault('all', fault);
      const failure = await createDemoFlow({ mode, timeoutMs: 3000 })
        .observe(ctx, [{ id: 'ART-101' }])
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(PortalUnavailableError);
      expect(failure).not.toBeInstanceOf(PortalChangedError);
      expect((failure as Error).message).toContain(notice);
    },
  );

  it('the cart steps read a maintenance answer as unavailable too', async () => {
    portal.admin.setFault('api', 'maintenance');
    const flow = createDemoFlow();
    await expect(flow.listHolds(ctx)).rejects.toThrow(PortalUnavailableError);
    await expect(flow.checkSession(ctx)).rejects.toThrow(PortalUnavailableError);
  });

  it('a redesigned page is still a redesign, and a working portal still reads seats', async () => {
    portal.admin.setFault('pages', 'redesign');
    await expect(createDemoFlow({ mode: 'pages' }).observe(ctx, [{ id: 'ART-101' }])).rejects.toThrow(
      PortalChangedError,
    );
    portal.admin.setFault('all', 'none');
    portal.admin.setSeats('ART-101', 2);
    const [seen] = await createDemoFlow({ mode: 'pages' }).observe(ctx, [{ id: 'ART-101' }]);
    expect(seen).toMatchObject({ state: 'open', seats: 2 });
  });
});
