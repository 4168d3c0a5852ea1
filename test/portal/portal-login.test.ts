import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { adminPost, loginWithForm, loginWithRequest, MOM, TEST_CAPTCHA } from './portal-kit.js';

let browser: Browser;
let portal: RunningPortal;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [browser, portal] = await Promise.all([launchBrowser(), startPortal({ testMode: true })]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), portal?.close()]);
});
beforeEach(async () => {
  await adminPost(portal.url, 'reset');
  context = await newContext(browser);
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

async function submitLogin(username: string, password: string, captcha: string): Promise<void> {
  await page.goto(`${portal.url}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.fill('input[name=captcha]', captcha);
  await page.click('button[type=submit]');
  await page.waitForSelector('.form-error');
}

describe('demo portal login', () => {
  it('logs in through the form with the test captcha and lands on the return URL', async () => {
    await page.goto(`${portal.url}/cart`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('returnUrl')).toBe('/cart');
    await expect(
      page.locator('img.captcha').evaluate((img: HTMLImageElement) => img.naturalWidth),
    ).resolves.toBe(120);

    await page.fill('input[name=username]', MOM.username);
    await page.fill('input[name=password]', MOM.password);
    await page.fill('input[name=captcha]', TEST_CAPTCHA);
    await Promise.all([page.waitForURL(`${portal.url}/cart`), page.click('button[type=submit]')]);

    await expect(page.locator('h1').textContent()).resolves.toBe('购物车');
    await expect(page.locator('.user-name').textContent()).resolves.toBe('陈女士');
    const cookie = (await context.cookies()).find((c) => c.name === 'yp_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.path).toBe('/');
  });

  it('rejects a wrong captcha with 验证码错误 and keeps the username', async () => {
    await submitLogin(MOM.username, MOM.password, '1234');
    await expect(page.locator('.form-error').textContent()).resolves.toBe('验证码错误');
    await expect(page.inputValue('input[name=username]')).resolves.toBe(MOM.username);
    expect((await context.cookies()).some((c) => c.name === 'yp_session')).toBe(false);
  });

  it('rejects a wrong password with 用户名或密码错误', async () => {
    await submitLogin(MOM.username, 'wrong-password', TEST_CAPTCHA);
    await expect(page.locator('.form-error').textContent()).resolves.toBe('用户名或密码错误');
    await submitLogin('13700000000', MOM.password, TEST_CAPTCHA);
    await expect(page.locator('.form-error').textContent()).resolves.toBe('用户名或密码错误');
  });

  it('redirects pages without a session to the login page with returnUrl; the API answers 401', async () => {
    const pageAnswer = await context.request.get(`${portal.url}/courses/ART-101?from=alert`, {
      maxRedirects: 0,
    });
    expect(pageAnswer.status()).toBe(302);
    expect(pageAnswer.headers().location).toBe(
      `/login?returnUrl=${encodeURIComponent('/courses/ART-101?from=alert')}`,
    );
    const api = await context.request.get(`${portal.url}/api/courses/ART-101`);
    expect(api.status()).toBe(401);
    await expect(api.json()).resolves.toEqual({ error: 'unauthenticated' });
  });

  it('ends every session on /__admin/expire-sessions: pages go to login, the API answers 401', async () => {
    await loginWithForm(page, portal.url, '/courses');
    await expect(page.locator('.course-card').count()).resolves.toBe(12);

    await adminPost(portal.url, 'expire-sessions');

    await page.goto(`${portal.url}/courses/SWIM-201`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('returnUrl')).toBe('/courses/SWIM-201');
    const api = await context.request.get(`${portal.url}/api/cart`);
    expect(api.status()).toBe(401);
  });

  it('ends a session after sessionTtlSeconds', async () => {
    await loginWithRequest(context.request, portal.url);
    expect((await context.request.get(`${portal.url}/api/session`)).status()).toBe(200);
    await adminPost(portal.url, 'config', { sessionTtlSeconds: 0.2 });
    await expect
      .poll(async () => (await context.request.get(`${portal.url}/api/session`)).status(), { timeout: 5000 })
      .toBe(401);
  });

  it('logs out from the header', async () => {
    await loginWithForm(page, portal.url, '/orders');
    await Promise.all([page.waitForURL(`${portal.url}/login`), page.click('.logout-form button')]);
    expect((await context.request.get(`${portal.url}/api/session`)).status()).toBe(401);
  });

  it('returns to a local path only, never to another site', async () => {
    await page.goto(`${portal.url}/login?returnUrl=${encodeURIComponent('//evil.example/x')}`);
    await page.fill('input[name=username]', MOM.username);
    await page.fill('input[name=password]', MOM.password);
    await page.fill('input[name=captcha]', TEST_CAPTCHA);
    await Promise.all([page.waitForURL(`${portal.url}/courses`), page.click('button[type=submit]')]);
  });
});

describe('demo portal outside test mode', () => {
  it('asks for the random code of this login page, refuses 8888 and hides /__admin', async () => {
    const live = await startPortal({ testMode: false });
    try {
      const request = context.request;
      await request.get(`${live.url}/login`);
      const preLogin = (await context.cookies(live.url)).find((c) => c.name === 'yp_pre')?.value ?? '';
      const code = live.admin.captchaFor(preLogin);
      expect(code).toMatch(/^\d{4}$/);
      expect(code).not.toBe(TEST_CAPTCHA);

      const svg = await (await request.get(`${live.url}/captcha.svg`)).text();
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).not.toContain('<text');

      const refused = await request.post(`${live.url}/login`, {
        form: { ...MOM, captcha: TEST_CAPTCHA },
        maxRedirects: 0,
      });
      expect(refused.status()).toBe(401);
      expect(await refused.text()).toContain('验证码错误');

      // A failed attempt gets a new picture: the new code works.
      const fresh = live.admin.captchaFor(preLogin) ?? '';
      const accepted = await request.post(`${live.url}/login`, {
        form: { ...MOM, captcha: fresh },
        maxRedirects: 0,
      });
      expect(accepted.status()).toBe(302);
      expect((await request.get(`${live.url}/api/session`)).status()).toBe(200);

      expect((await adminPost(live.url, 'reset')).status).toBe(404);
      expect((await fetch(`${live.url}/__admin/state`)).status).toBe(404);
    } finally {
      await live.close();
    }
  });
});
