/**
 * The one place for browser and context settings. jianlou does not use the Playwright test runner;
 * the runtime (src/browser/, src/app/) reads these settings from here, and playwright.config.ts
 * re-exports them, so a change here changes every browser jianlou starts.
 */
export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
] as const;

/**
 * Chromium features jianlou switches off in every browser it launches, merged into Playwright's own
 * `--disable-features` (src/browser/launch-args.ts). Translate: no "Translate this page?" bubble over
 * the portal in the login window, and no translation downloads (issue 29 item 11).
 */
export const DISABLED_FEATURES = ['Translate'] as const;

export const browserSettings = {
  /** Per-check budget for one account (navigation + requests). */
  timeout: 30_000,
  use: {
    headless: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 800 },
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    /**
     * Trace every check; keep the trace of a failed one ('retain-on-failure'), of every one ('on'),
     * or none ('off'). Kept traces go to `traces/` beside the sqlite store, mode 0600 (they hold
     * cookies), newest 20. Open one with `npx playwright show-trace FILE`.
     */
    trace: 'retain-on-failure' as 'retain-on-failure' | 'off' | 'on',
    launchOptions: {
      args: [...LAUNCH_ARGS],
      timeout: 60_000,
    },
  },
  /**
   * The API side of a check (`ctx.request` before any page is asked for): a Playwright request
   * context made from the saved session, with no browser behind it. It introduces itself like the
   * desktop Chrome a person logged in with (Playwright's own "Playwright/1.x" agent is one a portal's
   * firewall may turn away) and asks for Chinese, as the browser context's zh-CN locale does.
   */
  api: {
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
    extraHTTPHeaders: { 'Accept-Language': 'zh-CN,zh;q=0.9' },
  },
};
