import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, saveStorageState } from '../../src/browser/launch.js';
import { browserSettings as settings } from '../../src/browser/settings.js';

describe('a real headless Chromium with the project settings', () => {
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.setHeader('set-cookie', 'sid=cookie-value-123; Path=/; HttpOnly');
    res.end(`<html><body><h1>少年宫</h1><p id="ua"></p></body></html>`);
  });
  let url = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('loads a local page with the configured locale and time zone, then saves a private session file', async () => {
    const browser = await launchBrowser();
    try {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(url);
      expect(await page.textContent('h1')).toBe('少年宫');
      const seen = await page.evaluate(() => ({
        lang: navigator.language,
        tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
      }));
      expect(seen).toEqual({ lang: settings.use.locale, tz: settings.use.timezoneId });
      const dir = mkdtempSync(join(tmpdir(), 'jianlou-state-'));
      try {
        const file = join(dir, 'mom.json');
        await saveStorageState(context, file);
        expect(statSync(file).mode & 0o777).toBe(0o600);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      await browser.close();
    }
  });
});
