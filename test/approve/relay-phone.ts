import type { Browser, Page } from 'playwright';
import { PHONE } from '../../src/browser/relay.js';

/** The person with the phone in the relayed-login tests (issue 15). */

export const USER = '13800000000';
export const PASSWORD = 'demo1234';

export type Box = { x: number; y: number; width: number; height: number };

/** Where the portal's login fields are on a phone-sized page (the phone reads them off the picture). */
export async function fieldBoxes(browser: Browser, url: string): Promise<Record<string, Box>> {
  const ctx = await browser.newContext({ viewport: { width: PHONE.width, height: PHONE.height } });
  const page = await ctx.newPage();
  await page.goto(url);
  const boxes: Record<string, Box> = {};
  for (const [name, sel] of Object.entries({
    username: 'input[name=username]',
    password: 'input[name=password]',
    captcha: 'input[name=captcha]',
    submit: 'form:has(input[name=username]) button[type=submit]',
  })) {
    const box = await page.locator(sel).first().boundingBox();
    if (!box) throw new Error(`no ${sel} on the login page`);
    boxes[name] = box;
  }
  await ctx.close();
  return boxes;
}

/** The person with the phone: taps the relayed picture, types in the text box. */
export function phone(page: Page) {
  const seq = async () => Number((await page.locator('#screen').getAttribute('data-seq')) ?? 0);
  const newFrame = async (before: number) =>
    page.waitForFunction(
      (n) => Number(document.getElementById('screen')?.getAttribute('data-seq') ?? 0) > n,
      before,
      // Generous: a capture during a navigation may be given up (5 s) and taken again on the next poll.
      { timeout: 20_000 },
    );
  /**
   * Does a phone gesture and waits until the picture shows it: the relay's answer to the action names
   * the first frame that does (a frame the page was polling for meanwhile may be older than the action).
   */
  const shows = async (gesture: () => Promise<void>, frame = true) => {
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/act'),
      { timeout: 15_000 },
    );
    await gesture();
    const body = (await (await answered).json()) as { state?: string; seq?: number };
    // A relay that closed or saved (now or before that frame) shows no further frame: the page says so instead.
    if (!frame || body.state !== 'open' || typeof body.seq !== 'number') return;
    await page.waitForFunction(
      (n) =>
        Number(document.getElementById('screen')?.getAttribute('data-seq') ?? 0) >= n ||
        document.body.className !== 'open',
      body.seq,
      { timeout: 15_000 },
    );
  };
  return {
    seq,
    newFrame,
    /**
     * Taps the picture there; waits for the relay's answer and, unless `frame` is false, for the frame
     * that shows the tap. A tap that ends the login may never be shown: the relay saves and closes (and
     * `login --remote` then stops its server), so its caller waits for that outcome instead.
     */
    async tap(box: Box, { frame = true }: { frame?: boolean } = {}) {
      const img = await page.locator('#screen').boundingBox();
      if (!img) throw new Error('no relayed image');
      const scale = img.width / PHONE.width;
      await shows(
        () =>
          page.mouse.click(img.x + (box.x + box.width / 2) * scale, img.y + (box.y + box.height / 2) * scale),
        frame,
      );
    },
    async type(text: string) {
      await page.fill('#text', text);
      await shows(() => page.click('#typing button[type=submit]'));
    },
  };
}

/** Taps each field on the relayed picture and types into it, then taps the submit button. */
export async function fillLogin(p: ReturnType<typeof phone>, boxes: Record<string, Box>, password: string) {
  await p.tap(boxes.username as Box);
  await p.type(USER);
  await p.tap(boxes.password as Box);
  await p.type(password);
  await p.tap(boxes.captcha as Box);
  await p.type('8888');
  await p.tap(boxes.submit as Box, { frame: false });
}
