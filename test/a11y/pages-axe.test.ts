import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { makeLoginLink } from '../../src/approve/login-tokens.js';
import { startApprovalServer } from '../../src/approve/server.js';
import { launchBrowser } from '../../src/browser/launch.js';
import { openRelaySession } from '../../src/browser/relay.js';
import { startPortal } from '../../src/portal/server.js';
import { createFakeDecider } from '../approve/fake-decider.js';
import { startHarness } from '../approve/harness.js';
import { createMapKv } from '../approve/map-kv.js';
import { startStatusWorld } from '../status/status-shots.js';
import { axeViolations, describeViolations, phoneContext } from './axe.js';

/**
 * Issue 29 item 5b: every page a parent sees passes axe-core's WCAG 2 A/AA rules on a phone-sized
 * page in real Chromium — grey text on white was the status page's failure (14 elements).
 */
describe('every page a parent sees passes axe-core WCAG 2 A/AA on a phone (issue 29 item 5b)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function check(url: string, after?: (page: Page) => Promise<void>): Promise<void> {
    const context = await phoneContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(url);
      if (after) await after(page);
      const violations = await axeViolations(page);
      expect(describeViolations(violations)).toBe('');
    } finally {
      await context.close();
    }
  }

  for (const locale of ['zh', 'en'] as const) {
    it(`the status page (${locale}) and the confirm page its buttons open`, async () => {
      const { world, server, url } = await startStatusWorld(locale);
      try {
        await check(url);
        await check(url, async (page) => {
          const loaded = page.waitForEvent('load');
          await page.locator('button.release').first().tap();
          await loaded;
          expect(await page.locator('form#decide').count()).toBe(1);
        });
      } finally {
        await server.close();
        await world.close();
      }
    });
  }

  it("the approval server's root page and its approve and release confirm pages", async () => {
    const harness = await startHarness();
    try {
      await check(`${harness.server.url}/`);
      const links = harness.links();
      await check(links.approveUrl);
      await check(links.releaseUrl);
    } finally {
      await harness.close();
    }
  });

  it("the phone relay's page, and the demo portal's login page", async () => {
    const portal = await startPortal({ port: 0, testMode: true });
    const dir = mkdtempSync(join(tmpdir(), 'jianlou-axe-'));
    const secret = 'axe-test-secret-0123456789abcdef';
    const server = await startApprovalServer({
      listen: '127.0.0.1:0',
      secret,
      kv: createMapKv(),
      decider: createFakeDecider(),
      loginRelay: {
        accounts: ['mom'],
        open: (accountId) =>
          openRelaySession({
            flow: createDemoFlow({ timeoutMs: 5000 }),
            accountId,
            baseUrl: portal.url,
            storageStatePath: join(dir, 'mom.json'),
            browser,
            pollIntervalMs: 200,
          }),
        onSaved: () => {},
      },
    });
    try {
      const link = makeLoginLink({ publicUrl: server.url, secret, accountId: 'mom', now: new Date() });
      await check(link.url, async (page) => {
        await page.waitForFunction(
          () => Number(document.getElementById('screen')?.getAttribute('data-seq')) > 0,
        );
      });
      await check(`${portal.url}/login`);
    } finally {
      await server.close();
      await portal.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
