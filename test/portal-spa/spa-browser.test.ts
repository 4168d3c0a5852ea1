import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { seedCourses } from '../../src/portal/seed.js';
import { type RunningSpaPortal, startPortal } from '../../src/portal/server.js';
import { adminPost, adminState, MOM } from './spa-kit.js';

let browser: Browser;
let portal: RunningSpaPortal;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [browser, portal] = await Promise.all([launchBrowser(), startPortal({ style: 'spa', testMode: true })]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), portal?.close()]);
});
beforeEach(async () => {
  await adminPost(portal.apiUrl, 'reset');
  context = await newContext(browser);
  page = await context.newPage();
});
afterEach(async () => {
  await context.close();
});

async function logIn(lang = ''): Promise<void> {
  await page.goto(`${portal.webUrl}/login${lang}`);
  await page.fill('#phone', MOM.phone);
  await page.fill('#password', MOM.password);
  await Promise.all([page.waitForURL(`${portal.webUrl}/${lang}`), page.click('#login')]);
  await page.waitForSelector('body[data-ready="true"]');
}

describe('spa style in Chromium', () => {
  it('logs in through the page: the token lands in localStorage jl_token of the web origin, the events render', async () => {
    await logIn();
    const state = await context.storageState();
    const origin = state.origins.find((o) => o.origin === portal.webUrl);
    const token = origin?.localStorage.find((item) => item.name === 'jl_token')?.value;
    expect(token).toMatch(/^[\w-]{20,}$/);
    // No cookie: the API knows the family by the bearer token alone.
    expect(state.cookies).toEqual([]);
    const me = await fetch(`${portal.apiUrl}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);

    await expect(page.locator('article.event-card').count()).resolves.toBe(seedCourses().length);
    const art = page.locator('article.event-card[data-event-id="ART-101"]');
    await expect(art.getAttribute('data-status')).resolves.toBe('full');
    await expect(art.locator('.event-title').textContent()).resolves.toBe('少儿国画（初级）');
    await expect(art.locator('.event-date').getAttribute('data-date')).resolves.toBe('2027-07-10');
    await expect(art.locator('.event-date').textContent()).resolves.toBe('2027-07-10 周六');
    await expect(art.locator('.event-remaining').getAttribute('data-remaining')).resolves.toBe('0');
    await expect(art.locator('.event-status').textContent()).resolves.toBe('已满');
    await expect(page.locator('#user-name').textContent()).resolves.toBe('陈女士');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
  });

  it('sends a visitor without a token to the login page, and back to the event afterwards', async () => {
    await page.goto(`${portal.webUrl}/events/CAL-101`);
    await page.waitForURL(/\/login\?returnUrl=%2Fevents%2FCAL-101$/);
    await page.fill('#phone', MOM.phone);
    await page.fill('#password', MOM.password);
    await Promise.all([page.waitForURL(`${portal.webUrl}/events/CAL-101`), page.click('#login')]);
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator('article.event-card').count()).resolves.toBe(1);
    await expect(page.locator('h1').textContent()).resolves.toBe('活动详情');
  });

  it('shows 手机号或密码错误 on a wrong password and stores no token', async () => {
    await page.goto(`${portal.webUrl}/login`);
    await page.fill('#phone', MOM.phone);
    await page.fill('#password', 'wrong');
    await page.click('#login');
    // The page answers after its API call: wait for the message rather than read it at once.
    await expect
      .poll(() => page.locator('.form-error').textContent(), { timeout: 10_000 })
      .toBe('手机号或密码错误');
    await expect(page.evaluate(() => localStorage.getItem('jl_token'))).resolves.toBeNull();
  });

  it('registers a student from the page: pending review, seat taken, no cancel button', async () => {
    await adminPost(portal.apiUrl, 'seats', { courseId: 'ART-101', seats: 1 });
    await logIn();
    const card = page.locator('article.event-card[data-event-id="ART-101"]');
    await card.locator('select.student-select').selectOption('S002');
    await card.locator('button.register-btn').click();
    const row = page.locator('tr.registration-row[data-event-id="ART-101"]');
    await row.waitFor();
    await expect(row.getAttribute('data-status')).resolves.toBe('pending_review');
    await expect(row.locator('.registration-status').textContent()).resolves.toBe('待审核');
    await expect(page.locator('#message').textContent()).resolves.toBe('报名已提交，等待主办方审核');
    await expect(card.getAttribute('data-status')).resolves.toBe('full');
    await expect(page.locator('tr.registration-row button').count()).resolves.toBe(0);
    expect((await adminState(portal.apiUrl)).registrations).toMatchObject([
      { courseId: 'ART-101', studentId: 'S002', status: 'pending_review' },
    ]);
  });

  it('speaks English with ?lang=en and keeps it after the login', async () => {
    await logIn('?lang=en');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await expect(page.locator('h1').textContent()).resolves.toBe('Summer events');
    const art = page.locator('article.event-card[data-event-id="ART-101"]');
    await expect(art.locator('.event-status').textContent()).resolves.toBe('Full');
    await expect(art.locator('.event-date').textContent()).resolves.toBe('2027-07-10 Sat');
  });

  it('asks for a new login when the token has expired, dropping the stale token', async () => {
    await logIn();
    await adminPost(portal.apiUrl, 'expire-sessions');
    await page.reload();
    await page.waitForURL(/\/login\?returnUrl=%2F$/);
    await page.locator('#login').waitFor();
    await expect(page.evaluate(() => localStorage.getItem('jl_token'))).resolves.toBeNull();
  });

  it('skips the login page with a token that still works', async () => {
    await logIn();
    await page.goto(`${portal.webUrl}/login`);
    await page.waitForURL(`${portal.webUrl}/`);
  });

  it('renders other class names and wording under the redesign fault on pages', async () => {
    await logIn();
    await adminPost(portal.apiUrl, 'faults', { target: 'pages', fault: 'redesign' });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await expect(page.locator('article.event-card').count()).resolves.toBe(0);
    const item = page.locator('article.hd-item[data-event-id="CAL-101"]');
    await expect(item.locator('.hd-remain').textContent()).resolves.toBe('剩余名额 4 / 24');
  });
});
