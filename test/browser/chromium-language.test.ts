import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { type LaunchOptions, launchBrowser } from '../../src/browser/launch.js';
import { PLAYWRIGHT_DISABLED_FEATURES } from '../../src/browser/launch-args.js';
import { runLogin } from '../../src/browser/login.js';
import { localeArgs } from '../../src/browser/login-window.js';
import { openRelaySession } from '../../src/browser/relay.js';
import { SessionExpiredError } from '../../src/core/errors.js';
import type { Locale } from '../../src/i18n/locale.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';

/**
 * Issue 29 item 11 in real Chromium: the login window and the relay's browser say Chromium's own
 * words in the config's language. "请填写此字段。" needs Chromium's zh-CN.pak (Debian: chromium-l10n,
 * which `npm run browser:setup` and .ci/run install; `jianlou doctor` warns without it).
 */
const REQUIRED_MESSAGE: Record<Locale, string> = { zh: '请填写此字段。', en: 'Please fill out this field.' };

/** What Chromium says under an empty required field on this page. */
const requiredMessage = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const input = document.createElement('input');
    input.required = true;
    document.body.append(input);
    const message = input.validationMessage;
    input.remove();
    return message;
  });

describe('Chromium’s own words in the config’s language (issue 29 item 11)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-chromium-language-'));
  const flow = createDemoFlow({ timeoutMs: 3000 });
  let portal: RunningPortal;

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
  });
  afterAll(async () => {
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function inRelay(locale: Locale): Promise<string> {
    let browser: Browser | undefined;
    const relay = await openRelaySession({
      flow,
      accountId: 'mom',
      baseUrl: portal.url,
      storageStatePath: join(dir, `relay-${locale}.json`),
      locale,
      launch: async (options: LaunchOptions) => {
        browser = await launchBrowser(options);
        return browser;
      },
    });
    try {
      return await requiredMessage(browser!.contexts()[0]!.pages()[0]!);
    } finally {
      await relay.close();
    }
  }

  it('the relay’s browser: "请填写此字段。" with locale zh, "Please fill out this field." with en', async () => {
    expect(
      await inRelay('zh'),
      'no zh-CN.pak beside Chromium (npm run browser:setup), or no LANGUAGE from --lang',
    ).toBe(REQUIRED_MESSAGE.zh);
    expect(await inRelay('en')).toBe(REQUIRED_MESSAGE.en);
  });

  it('the login window: "请填写此字段。" with locale zh', async () => {
    let browser: Browser | undefined;
    let seen: string | undefined;
    let started = false;
    const login = runLogin({
      flow,
      accountId: 'mom',
      baseUrl: portal.url,
      storageStatePath: join(dir, 'window.json'),
      mode: 'interactive',
      hasDisplay: true,
      timeoutMs: 20_000,
      pollIntervalMs: 100,
      confirmMs: 0,
      locale: 'zh',
      // Headless stands in for the window: same launch arguments otherwise.
      launch: async (options) => {
        browser = await launchBrowser({ ...options, headless: true });
        return browser;
      },
      out: () => {
        if (started || !browser) return;
        started = true;
        const page = browser.contexts()[0]?.pages()[0];
        void (async () => {
          if (!page) return;
          await page.waitForLoadState();
          seen = await requiredMessage(page);
          await page.close();
        })().catch(() => {});
      },
    });
    await expect(login).rejects.toThrow(SessionExpiredError);
    expect(seen).toBe(REQUIRED_MESSAGE.zh);
  });

  it('translation is off, and Playwright’s own disabled features stay off (one --disable-features)', async () => {
    const browser = await launchBrowser({ headless: true, args: localeArgs('zh') });
    try {
      const page = await browser.newPage();
      await page.goto('chrome://version/?show-variations-cmd');
      const commandLine = (await page.locator('#command_line').textContent()) ?? '';
      // Chromium keeps only the last --disable-features: a second flag would drop the first one's list.
      expect(commandLine.match(/--disable-features=/g)).toHaveLength(1);
      // What Chromium actually switched off, as it reports it.
      const text = (await page.locator('body').textContent()) ?? '';
      const effective = /--disable-features="([^"]*)"/.exec(text)?.[1]?.split(',') ?? [];
      expect(effective).toContain('Translate');
      for (const feature of PLAYWRIGHT_DISABLED_FEATURES) expect(effective, feature).toContain(feature);
    } finally {
      await browser.close();
    }
  });
});
