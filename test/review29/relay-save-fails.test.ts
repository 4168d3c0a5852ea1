import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { launchBrowser } from '../../src/browser/launch.js';
import { openRelaySession } from '../../src/browser/relay.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';

/**
 * Found in the review of issue 29 (relay-claim under load): the relay's login watch saves the
 * session from a timer; when that save failed (`context.storageState()` while the portal's page was
 * navigating: "net::ERR_ABORTED; maybe frame was detached?") the rejection went nowhere, and with
 * Node's default an unhandled rejection ends the process — `watch` with it. A failed save is tried
 * again on the next poll; nothing escapes.
 */
describe('a relay whose save fails keeps going (issue 29 review)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-review29-save-'));
  let portal: RunningPortal;
  let browser: Browser;
  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('no unhandled rejection; the relay stays open and unsaved while the save cannot be done', {
    timeout: 90_000,
  }, async () => {
    const escaped: unknown[] = [];
    const listener = (reason: unknown) => void escaped.push(reason);
    process.on('unhandledRejection', listener);
    // The session cannot be written: its folder is a file.
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    let asked = 0;
    const flow = {
      ...createDemoFlow({ timeoutMs: 5000 }),
      isLoggedIn: async () => {
        asked += 1;
        return true;
      },
    };
    const port = await openRelaySession({
      flow,
      accountId: 'mom',
      baseUrl: portal.url,
      storageStatePath: join(blocker, 'mom.json'),
      browser,
      pollIntervalMs: 50,
    });
    try {
      // A third question means two saves were tried and failed (one poll at a time).
      const until = Date.now() + 60_000;
      while (asked < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(asked).toBeGreaterThanOrEqual(3);
      expect(escaped.map(String)).toEqual([]);
      expect(port.isOpen()).toBe(true);
    } finally {
      await port.close();
      process.off('unhandledRejection', listener);
    }
    await expect(port.done).resolves.toBe(false);
  });
});
