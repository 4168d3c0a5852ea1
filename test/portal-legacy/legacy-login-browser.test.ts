import type { Browser, BrowserContext, Dialog, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { type RunningLegacyPortal, startPortal } from '../../src/portal/server.js';
import { MOM, TEST_CAPTCHA } from './legacy-kit.js';

let browser: Browser;
let portal: RunningLegacyPortal;
let live: RunningLegacyPortal;
let context: BrowserContext;
let page: Page;
let alerts: string[];

beforeAll(async () => {
  [browser, portal, live] = await Promise.all([
    launchBrowser(),
    startPortal({ style: 'legacy', testMode: true }),
    startPortal({ style: 'legacy', testMode: false }),
  ]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), portal?.close(), live?.close()]);
});
beforeEach(async () => {
  portal.admin.reset();
  context = await newContext(browser);
  page = await context.newPage();
  alerts = [];
  page.on('dialog', (dialog: Dialog) => {
    alerts.push(dialog.message());
    void dialog.accept();
  });
});
afterEach(async () => {
  await context.close();
});

const jsessionids = async () =>
  Object.fromEntries(
    (await context.cookies()).filter((c) => c.name === 'JSESSIONID').map((c) => [c.path, c.value]),
  );

async function passwordStep(base: string, captcha: string): Promise<void> {
  await page.goto(`${base}/xk/login.jsp`);
  await page.fill('input[name=sjhm]', MOM.phone);
  await page.fill('input[name=mm]', MOM.password);
  await page.fill('input[name=yzm]', captcha);
  await Promise.all([page.waitForNavigation(), page.click('#dl')]);
}

describe('legacy style: login in Chromium', () => {
  it('logs in with password, test captcha and the SMS code shown in test mode; the /xk/ JSESSIONID is renewed', async () => {
    await page.goto(`${portal.url}/xk/login.jsp`);
    expect(await page.evaluate(() => document.characterSet)).toBe('GBK');
    await expect(page.locator('img.yzm').evaluate((img: HTMLImageElement) => img.naturalWidth)).resolves.toBe(
      120,
    );
    const before = await jsessionids();
    expect(Object.keys(before).sort()).toEqual(['/', '/xk/']);

    await passwordStep(portal.url, TEST_CAPTCHA);
    expect(new URL(page.url()).pathname).toBe('/xk/sms.jsp');
    // The SMS page declares GBK only in its <meta>; Chromium reads it right all the same.
    await expect(page.locator('h3').textContent()).resolves.toBe('短信验证');
    const code = (await page.locator('#test-sms b').textContent()) ?? '';
    expect(code).toMatch(/^\d{6}$/);
    expect(code).toBe(portal.admin.smsCodeFor(MOM.phone));
    await page.fill('input[name=dxyzm]', code);
    await Promise.all([page.waitForURL(`${portal.url}/xk/index.jsp`), page.click('#qd')]);

    await expect(page.locator('#yhm').textContent()).resolves.toContain('陈女士');
    const after = await jsessionids();
    expect(after['/']).toBe(before['/']);
    expect(after['/xk/']).not.toBe(before['/xk/']);
    expect(alerts).toEqual([]);
  });

  it('says 验证码错误 in an alert for a wrong captcha and comes back to the login page', async () => {
    await passwordStep(portal.url, '1234');
    await page.waitForURL(`${portal.url}/xk/login.jsp`);
    expect(alerts).toEqual(['验证码错误']);
  });

  it('says 短信验证码错误 for a wrong SMS code and stays on the SMS step', async () => {
    await passwordStep(portal.url, TEST_CAPTCHA);
    const code = (await page.locator('#test-sms b').textContent()) ?? '';
    await page.fill('input[name=dxyzm]', code === '000000' ? '111111' : '000000');
    await Promise.all([page.waitForNavigation(), page.click('#qd')]);
    await page.waitForURL(`${portal.url}/xk/sms.jsp`);
    expect(alerts).toEqual(['短信验证码错误']);
  });

  it('outside test mode: 8888 is refused, and the SMS page never shows the code', async () => {
    await passwordStep(live.url, TEST_CAPTCHA);
    await page.waitForURL(`${live.url}/xk/login.jsp`);
    expect(alerts).toEqual(['验证码错误']);

    // The login page's captcha picture was issued for this session's /xk/ JSESSIONID.
    await page.goto(`${live.url}/xk/login.jsp`);
    const captcha = live.admin.captchaFor((await jsessionids())['/xk/'] ?? '') ?? '';
    await page.fill('input[name=sjhm]', MOM.phone);
    await page.fill('input[name=mm]', MOM.password);
    await page.fill('input[name=yzm]', captcha);
    await Promise.all([page.waitForURL(`${live.url}/xk/sms.jsp`), page.click('#dl')]);
    await expect(page.locator('#test-sms').count()).resolves.toBe(0);
    const code = live.admin.smsCodeFor(MOM.phone) ?? '';
    expect(await page.content()).not.toContain(code);
    const admin = await fetch(`${live.url}/__admin/sms?phone=${MOM.phone}`);
    expect(admin.status).toBe(404);
    await page.fill('input[name=dxyzm]', code);
    await Promise.all([page.waitForURL(`${live.url}/xk/index.jsp`), page.click('#qd')]);
    await expect(page.locator('#yhm').textContent()).resolves.toContain('陈女士');
  });

  it('shows 登录超时 as an alert and lands on the login page when a page needs the login', async () => {
    await page.goto(`${portal.url}/xk/wddd.jsp`);
    await page.waitForURL(`${portal.url}/xk/login.jsp`);
    expect(alerts).toEqual(['登录超时，请重新登录']);
  });
});
