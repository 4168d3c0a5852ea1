import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { makeLoginLink } from '../../src/approve/login-tokens.js';
import { type ApprovalServer, startApprovalServer } from '../../src/approve/server.js';
import { launchBrowser } from '../../src/browser/launch.js';
import { openRelaySession } from '../../src/browser/relay.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { createFakeDecider } from './fake-decider.js';
import { createMapKv } from './map-kv.js';
import { type Box, fieldBoxes, phone } from './relay-phone.js';

/**
 * Issue 29 items 9 and 11 on a 3× phone: the relayed picture fills the width at the phone's pixel
 * density, the page can be pinch-zoomed, and what is typed into the portal's password field is
 * hidden in the typing box unless the person shows it.
 */
const SECRET = 'relay-picture-secret-0123456789';

describe('the relay page on a 390×844 3× phone (issue 29 items 9, 11)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-relay-picture-'));
  const flow = createDemoFlow({ timeoutMs: 5000 });
  let portal: RunningPortal;
  let browser: Browser;
  let server: ApprovalServer | undefined;
  let context: BrowserContext | undefined;
  let boxes: Record<string, Box>;
  const log = { info: () => {}, warn: () => {}, error: () => {} };

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
    browser = await launchBrowser({ headless: true });
    boxes = await fieldBoxes(browser, `${portal.url}/login?returnUrl=%2Fcourses`);
  });
  afterEach(async () => {
    await context?.close().catch(() => {});
    context = undefined;
    await server?.close();
    server = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function openPhone(): Promise<Page> {
    server = await startApprovalServer({
      listen: '127.0.0.1:0',
      secret: SECRET,
      kv: createMapKv(),
      decider: createFakeDecider(),
      logger: log,
      loginRelay: {
        accounts: ['mom'],
        open: (accountId) =>
          openRelaySession({
            flow,
            accountId,
            baseUrl: portal.url,
            storageStatePath: join(dir, `${accountId}.json`),
            browser,
            pollIntervalMs: 200,
          }),
      },
    });
    const link = makeLoginLink({ publicUrl: server.url, secret: SECRET, accountId: 'mom', now: new Date() });
    context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 3,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(link.url);
    await phone(page).newFrame(0);
    return page;
  }

  it('the picture fills the width, has at least 2 picture pixels per CSS pixel, and zoom stays possible', async () => {
    const page = await openPhone();
    const img = await page.locator('#screen').evaluate((el) => {
      const i = el as HTMLImageElement;
      return {
        width: i.getBoundingClientRect().width,
        natural: i.naturalWidth,
        touchAction: getComputedStyle(i).touchAction,
      };
    });
    const viewport = await page.evaluate(() => document.documentElement.clientWidth);
    expect(viewport).toBe(390);
    // Everything but the page's 8 px margins on each side (it was 257 of 390).
    expect(img.width).toBeGreaterThanOrEqual(viewport - 20);
    expect(img.natural).toBeGreaterThanOrEqual(2 * img.width);
    const meta = (await page.locator('meta[name=viewport]').getAttribute('content')) ?? '';
    expect(meta).toContain('width=device-width');
    expect(meta).not.toMatch(/user-scalable\s*=\s*(no|0)/i);
    expect(meta).not.toMatch(/maximum-scale\s*=\s*1(\.0*)?\b/);
    // Two fingers on the picture zoom the page instead of being swallowed as a tap ('none' before).
    // (Headless Chromium zooms no synthesized touch pinch at all, so the style is what can be checked.)
    expect(img.touchAction).toBe('pinch-zoom');
  });

  it("typing into the portal's password field is hidden in the typing box, and shown on request", async () => {
    const page = await openPhone();
    const p = phone(page);
    await p.tap(boxes.username as Box);
    await expect.poll(() => page.locator('#text').getAttribute('type')).toBe('text');
    await p.tap(boxes.password as Box);
    await expect.poll(() => page.locator('#text').getAttribute('type'), { timeout: 10_000 }).toBe('password');
    const reveal = page.locator('#reveal');
    await expect(reveal.getAttribute('aria-pressed')).resolves.toBe('false');
    await reveal.click();
    await expect(page.locator('#text').getAttribute('type')).resolves.toBe('text');
    await expect(reveal.getAttribute('aria-pressed')).resolves.toBe('true');
    await reveal.click();
    await expect(page.locator('#text').getAttribute('type')).resolves.toBe('password');
    // Back on an ordinary field the box shows what is typed again.
    await p.tap(boxes.captcha as Box);
    await expect.poll(() => page.locator('#text').getAttribute('type'), { timeout: 10_000 }).toBe('text');
  });
});
