import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser/launch.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { portalPictures, TEST_SHOTS } from '../pictures/shots.js';

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
  it('renders the course list and the cart into test-results/screenshots, never docs/', async () => {
    const files = await portalPictures(browser, portal.url, TEST_SHOTS);
    expect(files.map((f) => basename(f))).toEqual(['portal-courses.png', 'portal-cart.png']);
    for (const file of files) {
      expect(file.startsWith(TEST_SHOTS)).toBe(true);
      const png = await readFile(file);
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(png.readUInt32BE(16)).toBe(1280);
    }
  });
});
