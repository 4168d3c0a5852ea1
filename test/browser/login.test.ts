import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { detectDisplay, type RunLoginOptions, runLogin } from '../../src/browser/login.js';
import { openSession, saveSession } from '../../src/browser/session.js';
import { BadInputError, CaptchaRequiredError, SessionExpiredError } from '../../src/core/errors.js';
import { createFlowContext } from '../../src/flow/context.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';

const credentials = { username: '13800000000', password: 'demo1234', captcha: '8888' };

describe('runLogin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-login-'));
  const flow = createDemoFlow({ timeoutMs: 3000 });
  let portal: RunningPortal;
  let checker: Browser;
  let lines: string[];

  const options = (over: Partial<RunLoginOptions>): RunLoginOptions => ({
    flow,
    accountId: 'mom',
    baseUrl: portal.url,
    storageStatePath: join(dir, 'mom.json'),
    mode: 'scripted',
    timeoutMs: 20_000,
    out: (line) => void lines.push(line),
    ...over,
  });

  /** The saved file must open a context the flow calls logged in. */
  async function sessionOf(path: string): Promise<'ok' | 'expired'> {
    const context = await openSession(checker, {
      accountId: 'mom',
      storageStatePath: path,
      baseUrl: portal.url,
    });
    try {
      return await flow.checkSession(createFlowContext({ context, baseUrl: portal.url, accountId: 'mom' }));
    } finally {
      await context.close();
    }
  }

  /** A logged-in storage-state file made in the shared browser (cheaper than another runLogin). */
  async function loggedInFile(name: string): Promise<string> {
    const context = await newContext(checker);
    const ctx = createFlowContext({ context, baseUrl: portal.url, accountId: 'mom' });
    await flow.login(ctx, credentials);
    const path = join(dir, name);
    await saveSession(context, path);
    await context.close();
    return path;
  }

  async function sessionCookie(path: string): Promise<string> {
    const state = JSON.parse(readFileSync(path, 'utf8')) as { cookies: { name: string; value: string }[] };
    return state.cookies.find((c) => c.name === 'yp_session')?.value ?? '';
  }

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
    checker = await launchBrowser();
  });
  afterAll(async () => {
    await checker?.close();
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    lines = [];
  });

  it('scripted: logs in headless, saves a 0600 file that passes checkSession', async () => {
    const path = join(dir, 'scripted.json');
    await expect(
      runLogin(options({ mode: 'scripted', credentials, storageStatePath: path })),
    ).resolves.toEqual({
      path,
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await expect(sessionOf(path)).resolves.toBe('ok');
    expect(lines.join('\n')).toContain(path);
  });

  it('scripted: a wrong captcha fails with CaptchaRequiredError and writes nothing', async () => {
    const path = join(dir, 'wrong-captcha.json');
    const login = runLogin(
      options({ credentials: { ...credentials, captcha: '1234' }, storageStatePath: path }),
    );
    await expect(login).rejects.toThrow(CaptchaRequiredError);
    expect(existsSync(path)).toBe(false);
  });

  it('scripted: a flow without login() or an account without credentials is bad input', async () => {
    const { login: _none, ...noLogin } = flow;
    await expect(runLogin(options({ flow: noLogin, credentials, locale: 'en' }))).rejects.toThrow(
      /has no scripted login/,
    );
    await expect(runLogin(options({ locale: 'en' }))).rejects.toThrow(/has no credentials/);
    await expect(runLogin(options({}))).rejects.toThrow(/没有 credentials/);
  });

  it('import: a storage-state JSON file is checked, then saved with mode 0600', async () => {
    const source = await loggedInFile('source.json');
    const path = join(dir, 'imported.json');
    await runLogin(options({ mode: 'import', importFrom: source, storageStatePath: path }));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await expect(sessionOf(path)).resolves.toBe('ok');
  });

  it('import: a Cookie header string copied from dev tools works end to end', async () => {
    const source = await loggedInFile('header-source.json');
    const header = `Cookie: yp_session=${await sessionCookie(source)}; other=1`;
    const path = join(dir, 'from-header.json');
    await runLogin(options({ mode: 'import', importFrom: header, storageStatePath: path }));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await expect(sessionOf(path)).resolves.toBe('ok');
  });

  it('import: an expired session is refused and the existing file is not overwritten', async () => {
    const source = await loggedInFile('stale-source.json');
    portal.admin.expireSessions();
    const path = join(dir, 'keep.json');
    writeFileSync(path, '{"cookies":[],"origins":[]}\n');
    const importing = runLogin(options({ mode: 'import', importFrom: source, storageStatePath: path }));
    await expect(importing).rejects.toThrow(SessionExpiredError);
    expect(readFileSync(path, 'utf8')).toBe('{"cookies":[],"origins":[]}\n');
  });

  it('import: garbage is bad input before any browser starts', async () => {
    await expect(runLogin(options({ mode: 'import', importFrom: '{ nope' }))).rejects.toThrow(BadInputError);
  });

  it('interactive: without a display it says how to log in elsewhere or import', async () => {
    const login = runLogin(options({ mode: 'interactive', hasDisplay: false }));
    await expect(login).rejects.toThrow(BadInputError);
    await expect(runLogin(options({ mode: 'interactive', hasDisplay: false }))).rejects.toThrow(
      /复制到这里[\s\S]*--import FILE/,
    );
    await expect(runLogin(options({ mode: 'interactive', hasDisplay: false, locale: 'en' }))).rejects.toThrow(
      /copy .*mom\.json[\s\S]*--import FILE/,
    );
  });

  it('interactive: waits for the person to log in in the window, then saves', async () => {
    const path = join(dir, 'interactive.json');
    let browser: Browser | undefined;
    const login = runLogin(
      options({
        mode: 'interactive',
        hasDisplay: true,
        storageStatePath: path,
        pollIntervalMs: 100,
        // Headless stands in for the window; the test plays the person at the keyboard.
        launch: async () => {
          browser = await launchBrowser({ headless: true });
          return browser;
        },
        out: (line) => {
          lines.push(line);
          if (!line.startsWith('已打开浏览器')) return;
          const page = browser?.contexts()[0]?.pages()[0];
          void (async () => {
            await page?.fill('input[name=username]', credentials.username);
            await page?.fill('input[name=password]', credentials.password);
            await page?.fill('input[name=captcha]', credentials.captcha);
            await page?.click('button[type=submit]');
          })();
        },
      }),
    );
    await expect(login).resolves.toEqual({ path });
    expect(browser?.isConnected()).toBe(false);
    await expect(sessionOf(path)).resolves.toBe('ok');
  });

  it('interactive: nobody logging in ends in SessionExpiredError and no file', async () => {
    const path = join(dir, 'nobody.json');
    const login = runLogin(
      options({
        mode: 'interactive',
        hasDisplay: true,
        storageStatePath: path,
        timeoutMs: 300,
        pollIntervalMs: 100,
        launch: () => launchBrowser({ headless: true }),
      }),
    );
    await expect(login).rejects.toThrow(SessionExpiredError);
    expect(existsSync(path)).toBe(false);
  });

  it('detects a display only where Linux has DISPLAY or WAYLAND_DISPLAY', () => {
    expect(detectDisplay({}, 'linux')).toBe(false);
    expect(detectDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(detectDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(detectDisplay({}, 'darwin')).toBe(true);
  });
});
