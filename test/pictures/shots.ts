/**
 * The README's pictures of the demo portal and the approval page, taken in real Chromium. The tests
 * take them into test-results/screenshots/ (git-ignored); `npm run pictures` takes them into
 * docs/screenshots/. One code path, so the docs show what the tests checked.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright';
import { newContext } from '../../src/browser/launch.js';
import { browserSettings } from '../../src/browser/settings.js';
import { startHarness, submit } from '../approve/harness.js';
import { adminPost, loginWithForm } from '../portal/portal-kit.js';

/** Where the tests write their pictures: ignored by git, never the tracked docs pictures. */
export const TEST_SHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));
/** Where `npm run pictures` writes the README's pictures. */
export const DOCS_SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** portal-courses.png and portal-cart.png from a demo portal in test mode; returns the file paths. */
export async function portalPictures(browser: Browser, portalUrl: string, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const courses = join(dir, 'portal-courses.png');
  const cart = join(dir, 'portal-cart.png');
  await adminPost(portalUrl, 'seats', { courseId: 'ART-101', seats: 2 });
  await adminPost(portalUrl, 'seats', { courseId: 'SWIM-201', seats: 1 });
  const context = await newContext(browser);
  try {
    const page = await context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await loginWithForm(page, portalUrl, '/courses');
    await page.screenshot({ path: courses, fullPage: true });

    await page.goto(`${portalUrl}/courses/ART-101`);
    await page.click('.add-to-cart-btn');
    await page.waitForSelector('.cart-message:not([hidden])');
    await page.goto(`${portalUrl}/courses/SWIM-201`);
    await page.selectOption('select[name=studentId]', 'S002');
    await page.click('.add-to-cart-btn');
    await page.waitForSelector('.cart-message:not([hidden])');
    await page.goto(`${portalUrl}/cart`);
    const items = await page.locator('.cart-item').count();
    if (items !== 2) throw new Error(`portal pictures: expected 2 items in the cart, found ${items}`);
    await page.screenshot({ path: cart });
  } finally {
    await context.close();
  }
  return [courses, cart];
}

/** approval-confirm.png and approval-done.png, phone-size; returns the file paths. */
export async function approvalPictures(browser: Browser, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const confirm = join(dir, 'approval-confirm.png');
  const done = join(dir, 'approval-done.png');
  const h = await startHarness();
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: browserSettings.use.locale,
    timezoneId: browserSettings.use.timezoneId,
  });
  try {
    const p = await phone.newPage();
    await p.goto(h.links().approveUrl);
    await p.screenshot({ path: confirm });
    await submit(p, '确认报名', 'tap');
    const heading = await p.locator('h1').textContent();
    if (heading !== '已提交报名订单') throw new Error(`approval pictures: unexpected page "${heading}"`);
    await p.screenshot({ path: done });
  } finally {
    await phone.close();
    await h.close();
  }
  return [confirm, done];
}
