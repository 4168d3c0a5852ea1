import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { type LaunchOptions, launchBrowser } from '../../src/browser/launch.js';
import { type LoginProgress, type RunLoginOptions, runLogin } from '../../src/browser/login.js';
import { exitCodeFor, SessionExpiredError } from '../../src/core/errors.js';
import { en, zh } from '../../src/i18n/login-text.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';

const credentials = { username: '13800000000', password: 'demo1234', captcha: '8888' };

/** The person at the keyboard: types into the demo portal's login form. */
async function typeLogin(page: Page): Promise<void> {
  await page.fill('input[name=username]', credentials.username);
  await page.fill('input[name=password]', credentials.password);
  await page.fill('input[name=captcha]', credentials.captcha);
  await page.click('button[type=submit]');
}

const cjk = /[\u3000-\u9fff\uff00-\uffef]/;

describe('issue 19: jianlou login in a window', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-login-window-'));
  const flow = createDemoFlow({ timeoutMs: 3000 });
  let portal: RunningPortal;
  let lines: string[];
  let progress: LoginProgress[];
  let launched: LaunchOptions[];
  let browser: Browser | undefined;

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
  });
  afterAll(async () => {
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    lines = [];
    progress = [];
    launched = [];
    browser = undefined;
  });

  /**
   * An interactive login in headless Chromium standing in for the window; `person` runs once the
   * window is announced, like someone starting to use it.
   */
  function interactive(
    name: string,
    person: (browser: Browser) => Promise<void>,
    over: Partial<RunLoginOptions> = {},
  ): Promise<{ path: string }> {
    let started = false;
    return runLogin({
      flow,
      accountId: 'mom',
      baseUrl: portal.url,
      storageStatePath: join(dir, name),
      mode: 'interactive',
      hasDisplay: true,
      timeoutMs: 20_000,
      pollIntervalMs: 100,
      confirmMs: 0,
      launch: async (options) => {
        launched.push(options);
        browser = await launchBrowser({ ...options, headless: true });
        return browser;
      },
      progress: (p) => void progress.push(p),
      out: (line) => {
        lines.push(line);
        if (started || !browser || lines.length < 2) return;
        started = true;
        void person(browser).catch(() => {});
      },
      ...over,
    });
  }

  it('announces the real wait in seconds under two minutes, minutes above', () => {
    const cases: [number, string, string][] = [
      [10_000, '10 秒', '10 seconds'],
      [20_000, '20 秒', '20 seconds'],
      [90_000, '90 秒', '90 seconds'],
      [119_001, '2 分钟', '2 minutes'],
      [120_000, '2 分钟', '2 minutes'],
      [150_000, '2 分 30 秒', '2 min 30 s'],
      [600_000, '10 分钟', '10 minutes'],
      [1_000, '1 秒', '1 second'],
    ];
    for (const [ms, zhText, enText] of cases) {
      expect(zh.duration(ms), `${ms} ms`).toBe(zhText);
      expect(en.duration(ms), `${ms} ms`).toBe(enText);
    }
  });

  it('says the real timeout, counts down while waiting, and a timeout is exit 3', async () => {
    const path = join(dir, 'timeout.json');
    const login = interactive('timeout.json', async () => {}, { timeoutMs: 3_000 });
    const error = await login.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(exitCodeFor(error)).toBe(3);
    expect((error as Error).message).toContain('3 秒内');
    expect(lines.join('\n')).toContain('最多等待 3 秒');
    expect(lines.join('\n')).not.toContain('分钟');
    // One countdown line per second left, counting down.
    const shown = progress.map((p) => p.line);
    expect(shown[0]).toMatch(/^等待登录…还剩 [23] 秒$/);
    expect(shown).toContain('等待登录…还剩 1 秒');
    const remaining = progress.map((p) => p.remainingMs);
    expect([...remaining].sort((a, b) => b - a)).toEqual(remaining);
    expect(new Set(shown).size).toBe(shown.length);
    expect(existsSync(path)).toBe(false);
  });

  it('closing the window without logging in is "a session needs a login" (exit 3), not bad input', async () => {
    const path = join(dir, 'closed.json');
    const login = interactive('closed.json', async (b) => {
      await b.contexts()[0]?.pages()[0]?.close();
    });
    const error = await login.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(exitCodeFor(error)).toBe(3);
    expect((error as Error).message).toContain('jianlou login mom');
    expect(existsSync(path)).toBe(false);
    expect(browser?.isConnected()).toBe(false);
  });

  it('issue 18: a stop signal ends the wait at once, saves nothing (exit 3) and closes the browser', async () => {
    const path = join(dir, 'stopped.json');
    const stop = new AbortController();
    const login = interactive('stopped.json', async () => stop.abort(), {
      stop: stop.signal,
      timeoutMs: 60_000,
    });
    const error = await login.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(exitCodeFor(error)).toBe(3);
    expect((error as Error).message).toBe(zh.stopped('mom'));
    expect(existsSync(path)).toBe(false);
    expect(browser?.isConnected()).toBe(false);
  });

  it('issue 18: a stop signal after the login was seen still saves it', async () => {
    const path = join(dir, 'stopped-after.json');
    const stop = new AbortController();
    // The moment the login is seen, a Ctrl-C arrives: too late to lose the login.
    const seeing = {
      ...flow,
      isLoggedIn: async (ctx: Parameters<typeof flow.isLoggedIn>[0]) => {
        const yes = await flow.isLoggedIn(ctx);
        if (yes) stop.abort();
        return yes;
      },
    };
    const login = interactive('stopped-after.json', async (b) => typeLogin(b.contexts()[0]!.pages()[0]!), {
      flow: seeing,
      stop: stop.signal,
    });
    await expect(login).resolves.toEqual({ path });
    expect(stop.signal.aborted).toBe(true);
    expect(existsSync(path)).toBe(true);
  });

  it('closing the first tab while logging in on a second one keeps waiting, then saves', async () => {
    const path = join(dir, 'second-tab.json');
    let firstClosedWhileWaiting = false;
    const login = interactive('second-tab.json', async (b) => {
      const context = b.contexts()[0]!;
      const first = context.pages()[0]!;
      const second = await context.newPage();
      await second.goto(`${portal.url}/login`);
      await first.close();
      // Several polls pass with only the second tab open: jianlou must still be waiting.
      const before = progress.length;
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      firstClosedWhileWaiting = b.isConnected() && progress.length > before;
      await typeLogin(second);
    });
    await expect(login).resolves.toEqual({ path });
    expect(firstClosedWhileWaiting).toBe(true);
    expect(existsSync(path)).toBe(true);
    expect(lines.at(-1)).toContain(path);
    expect(lines.join('\n')).not.toContain('被关闭');
  });

  it('shows a "logged in" page in the window before it closes, then one saved line', async () => {
    const path = join(dir, 'confirm.json');
    let seen: Promise<string | null | undefined> | undefined;
    const login = interactive('confirm.json', async () => {}, {
      confirmMs: 1_500,
      out: (line) => {
        lines.push(line);
        if (lines.length === 2) void typeLogin(browser!.contexts()[0]!.pages()[0]!);
        if (line.includes(path)) {
          // The terminal line comes once the page is up: the window still shows it.
          const pages = browser!.contexts()[0]!.pages();
          seen = Promise.all(pages.map((p) => p.textContent('body').catch(() => ''))).then((texts) =>
            texts.find((t) => t?.includes('登录成功')),
          );
        }
      },
    });
    await expect(login).resolves.toEqual({ path });
    await expect(seen).resolves.toContain('已保存账号 mom 的登录状态');
    expect(lines.filter((l) => l.includes(path))).toHaveLength(1);
  });

  it('opens a window that fits the screen; headless logins keep the fixed viewport', async () => {
    let viewport: unknown = 'unread';
    const login = interactive('fit.json', async (b) => {
      viewport = b.contexts()[0]?.pages()[0]?.viewportSize();
      await b.contexts()[0]?.pages()[0]?.close();
    });
    await expect(login).rejects.toThrow(SessionExpiredError);
    expect(launched).toEqual([{ headless: false, args: ['--start-maximized', '--lang=zh-CN'] }]);
    expect(viewport).toBeNull();

    await runLogin({
      flow,
      accountId: 'mom',
      baseUrl: portal.url,
      storageStatePath: join(dir, 'scripted-fit.json'),
      mode: 'scripted',
      credentials,
      timeoutMs: 20_000,
      out: () => {},
      launch: async (options) => {
        launched.push(options);
        return launchBrowser(options);
      },
    });
    expect(launched[1]).toEqual({ headless: true });
  });

  it('speaks one language: every line and error in English when the locale is en', async () => {
    const path = join(dir, 'english.json');
    const login = interactive('english.json', async (b) => typeLogin(b.contexts()[0]!.pages()[0]!), {
      locale: 'en',
    });
    await expect(login).resolves.toEqual({ path });
    const all = [...lines, ...progress.map((p) => p.line)];
    expect(all.filter((l) => cjk.test(l))).toEqual([]);
    expect(lines.join('\n')).toContain('Waiting up to 20 seconds');
    expect(lines.filter((l) => l.includes(path))).toHaveLength(1);

    const closed = interactive('english-closed.json', async (b) => b.contexts()[0]?.pages()[0]?.close(), {
      locale: 'en',
    });
    const error = await closed.catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^the browser window was closed before the login/);
    expect(cjk.test((error as Error).message)).toBe(false);
  });
});
