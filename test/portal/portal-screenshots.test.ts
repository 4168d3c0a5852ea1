import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { adminPost, loginWithForm } from './portal-kit.js';

const SHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let browser: Browser;
let portal: RunningPortal;

beforeAll(async () => {
  [browser, portal] = await Promise.all([launchBrowser(), startPortal({ testMode: true })]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), portal?.close()]);
});

describe('demo portal screenshots', () => {
  it('renders the course list and the cart for docs/screenshots', async () => {
    await mkdir(SHOTS, { recursive: true });
    await adminPost(portal.url, 'seats', { courseId: 'ART-101', seats: 2 });
    await adminPost(portal.url, 'seats', { courseId: 'SWIM-201', seats: 1 });
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1280, height: 900 });
      await loginWithForm(page, portal.url, '/courses');
      await page.screenshot({ path: `${SHOTS}portal-courses.png`, fullPage: true });

      await page.goto(`${portal.url}/courses/ART-101`);
      await page.click('.add-to-cart-btn');
      await page.waitForSelector('.cart-message:not([hidden])');
      await page.goto(`${portal.url}/courses/SWIM-201`);
      await page.selectOption('select[name=studentId]', 'S002');
      await page.click('.add-to-cart-btn');
      await page.waitForSelector('.cart-message:not([hidden])');
      await page.goto(`${portal.url}/cart`);
      await expect(page.locator('.cart-item').count()).resolves.toBe(2);
      await page.screenshot({ path: `${SHOTS}portal-cart.png` });
    } finally {
      await context.close();
    }

    for (const name of ['portal-courses.png', 'portal-cart.png']) {
      const png = await readFile(`${SHOTS}${name}`);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.readUInt32BE(16)).toBe(1280);
    }
  });
});
