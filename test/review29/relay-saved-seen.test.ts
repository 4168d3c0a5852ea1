import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { makeLoginLink } from '../../src/approve/login-tokens.js';
import { startApprovalServer } from '../../src/approve/server.js';
import { launchBrowser } from '../../src/browser/launch.js';
import { openRelaySession } from '../../src/browser/relay.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { phoneContext } from '../a11y/axe.js';
import { createFakeDecider } from '../approve/fake-decider.js';
import { createMapKv } from '../approve/map-kv.js';
import { type Box, fieldBoxes, fillLogin, PASSWORD, phone } from '../approve/relay-phone.js';

/**
 * Issue 29 item 7, as a parent met it in `jianlou demo` (review of round 3): after a successful phone
 * login the phone read "此登录页已关闭。需要时请重新打开提醒里的链接。" instead of "✓ 已登录". The relay
 * (its own Chromium, as `watch` and `login --remote` open it) said it was no longer open while it was
 * still closing its browser, and had not yet said it saved: the phone's next poll in that window was
 * told "closed" and the page stopped there.
 */
describe('the phone hears "已登录" after a login through a relay with its own browser (issue 29 item 7)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-review29-relay-'));
  let portal: RunningPortal;
  let browser: Browser;
  let boxes: Record<string, Box>;

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
    browser = await launchBrowser();
    boxes = await fieldBoxes(browser, `${portal.url}/login?returnUrl=%2Fcourses`);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the outcome is known the moment the relay stops being open', async () => {
    const port = await openRelaySession({
      flow: createDemoFlow({ timeoutMs: 5000 }),
      accountId: 'mom',
      baseUrl: portal.url,
      storageStatePath: join(dir, 'port.json'),
    });
    let settled: boolean | undefined;
    void port.done.then((saved) => {
      settled = saved;
    });
    // The relay's own browser closes (as in `watch`): between "not open" and "done" no answer is true.
    const closing = port.close();
    expect(port.isOpen()).toBe(false);
    await Promise.resolve();
    await Promise.resolve();
    expect(settled).toBe(false);
    await closing;
  });

  it('a parent logs in on the phone and the page says ✓ 已登录', { timeout: 90_000 }, async () => {
    const server = await startApprovalServer({
      listen: '127.0.0.1:0',
      secret: 'review29-relay-secret-0123456789abcdef',
      kv: createMapKv(),
      decider: createFakeDecider(),
      loginRelay: {
        accounts: ['mom'],
        // No `browser`: the relay launches and closes its own Chromium, as loginRelayFor does.
        open: (accountId) =>
          openRelaySession({
            flow: createDemoFlow({ timeoutMs: 5000 }),
            accountId,
            baseUrl: portal.url,
            storageStatePath: join(dir, 'mom.json'),
          }),
        onSaved: () => {},
      },
    });
    const context = await phoneContext(browser);
    try {
      const link = makeLoginLink({
        publicUrl: server.url,
        secret: 'review29-relay-secret-0123456789abcdef',
        accountId: 'mom',
        now: new Date(),
      });
      const page = await context.newPage();
      await page.goto(link.url);
      const p = phone(page);
      await p.newFrame(0);
      await fillLogin(p, boxes, PASSWORD);
      await page.waitForFunction(() => document.body.className !== 'open', undefined, { timeout: 20_000 });
      expect(await page.evaluate(() => document.body.className)).toBe('saved');
      await expect(page.locator('#status').textContent()).resolves.toContain('已登录');
    } finally {
      await context.close();
      await server.close();
    }
  });
});
