import { join } from 'node:path';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { type Box, phone } from './relay-phone.js';
import { useRelayRig } from './relay-rig.js';

/**
 * Issue 29 items 9 and 11 on a 3× phone: the relayed picture fills the width at the phone's pixel
 * density, the page can be pinch-zoomed, and what is typed into the portal's password field is
 * hidden in the typing box unless the person shows it.
 */
const SECRET = 'relay-picture-secret-0123456789';

describe('the relay page on a 390×844 3× phone (issue 29 items 9, 11)', () => {
  const rig = useRelayRig('relay-picture');

  async function openPhone(): Promise<Page> {
    await rig.startServer({ secret: SECRET, storageStatePath: join(rig.dir, 'mom.json') });
    const page = await rig.newPhone({ deviceScaleFactor: 3 });
    await page.goto(rig.link());
    await phone(page).newFrame(0);
    return page;
  }

  it('the picture fills the width, has at least 2 picture pixels per CSS pixel, and zoom stays possible', async () => {
    const page = await openPhone();
    const img = await page.locator('#screen').evaluate((el) => {
      const i = el as HTMLImageElement;
      return {
        width: i.getBoundingClientRect().width,
        natural: i.naturalWidth,
        touchAction: getComputedStyle(i).touchAction,
      };
    });
    const viewport = await page.evaluate(() => document.documentElement.clientWidth);
    expect(viewport).toBe(390);
    // Everything but the page's 8 px margins on each side (it was 257 of 390).
    expect(img.width).toBeGreaterThanOrEqual(viewport - 20);
    expect(img.natural).toBeGreaterThanOrEqual(2 * img.width);
    const meta = (await page.locator('meta[name=viewport]').getAttribute('content')) ?? '';
    expect(meta).toContain('width=device-width');
    expect(meta).not.toMatch(/user-scalable\s*=\s*(no|0)/i);
    expect(meta).not.toMatch(/maximum-scale\s*=\s*1(\.0*)?\b/);
    // Two fingers on the picture zoom the page instead of being swallowed as a tap ('none' before).
    // (Headless Chromium zooms no synthesized touch pinch at all, so the style is what can be checked.)
    expect(img.touchAction).toBe('pinch-zoom');
  });

  it("typing into the portal's password field is hidden in the typing box, and shown on request", async () => {
    const page = await openPhone();
    const p = phone(page);
    await p.tap(rig.boxes.username as Box);
    await expect.poll(() => page.locator('#text').getAttribute('type')).toBe('text');
    await p.tap(rig.boxes.password as Box);
    await expect.poll(() => page.locator('#text').getAttribute('type'), { timeout: 10_000 }).toBe('password');
    const reveal = page.locator('#reveal');
    await expect(reveal.getAttribute('aria-pressed')).resolves.toBe('false');
    await reveal.click();
    await expect(page.locator('#text').getAttribute('type')).resolves.toBe('text');
    await expect(reveal.getAttribute('aria-pressed')).resolves.toBe('true');
    await reveal.click();
    await expect(page.locator('#text').getAttribute('type')).resolves.toBe('password');
    // Back on an ordinary field the box shows what is typed again.
    await p.tap(rig.boxes.captcha as Box);
    await expect.poll(() => page.locator('#text').getAttribute('type'), { timeout: 10_000 }).toBe('text');
  });
});
