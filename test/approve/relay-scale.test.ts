import { join } from 'node:path';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { phoneScaleOf } from '../../src/approve/relay-scale.js';
import { PHONE } from '../../src/browser/relay.js';
import { fillLogin, phone } from './relay-phone.js';
import { useRelayRig } from './relay-rig.js';

/**
 * Issue 29 item 9: the relay renders the portal at the phone's own device scale (its page reports
 * window.devicePixelRatio), not always at 3×: a 2× phone gets a 780 px wide picture, a 1× screen
 * 390 px, and the scale holds after taps, typing and a navigation.
 */
const SECRET = 'relay-scale-secret-0123456789abc';

describe('the phone’s device scale, read from the relay page (pure)', () => {
  it('takes 1–3 to two decimals, and nothing from a missing or unreadable value', () => {
    expect(phoneScaleOf('2')).toBe(2);
    expect(phoneScaleOf('2.625')).toBe(2.63);
    expect(phoneScaleOf('1')).toBe(1);
    expect(phoneScaleOf('0.5')).toBe(1);
    expect(phoneScaleOf('4')).toBe(3);
    expect(phoneScaleOf('3')).toBe(3);
    for (const bad of [undefined, '', ' ', 'x', '0', '-2', 'Infinity', 'NaN', ['2'], 2]) {
      expect(phoneScaleOf(bad), String(bad)).toBeUndefined();
    }
  });
});

describe('the relay picture at the phone’s own device scale (issue 29 item 9)', () => {
  const rig = useRelayRig('relay-scale');

  async function openPhone(deviceScaleFactor: number): Promise<Page> {
    await rig.startServer({
      secret: SECRET,
      storageStatePath: join(rig.dir, `mom-${deviceScaleFactor}.json`),
    });
    const page = await rig.newPhone({ deviceScaleFactor });
    await page.goto(rig.link());
    await phone(page).newFrame(0);
    return page;
  }

  const pictureWidth = (page: Page) =>
    page.locator('#screen').evaluate((el) => (el as HTMLImageElement).naturalWidth);

  it('a 2× phone gets a 2× picture (780 px wide), also on the new page after a wrong password', async () => {
    const page = await openPhone(2);
    await expect.poll(() => pictureWidth(page), { timeout: 15_000 }).toBe(PHONE.width * 2);
    const p = phone(page);
    // A wrong password: the portal answers with a new page (a navigation), still rendered at 2×.
    await fillLogin(p, rig.boxes, 'not-the-password');
    await p.newFrame(await p.seq());
    expect(await pictureWidth(page)).toBe(780);
    await expect.poll(() => page.locator('body').getAttribute('class')).toBe('open');
  });

  it('a 1× screen gets 390 px, a 3× phone 1170 px', async () => {
    const one = await openPhone(1);
    await expect.poll(() => pictureWidth(one), { timeout: 15_000 }).toBe(390);
    await one.context().close();
    await rig.server?.close();
    const three = await openPhone(3);
    await expect.poll(() => pictureWidth(three), { timeout: 15_000 }).toBe(1170);
  });
});
