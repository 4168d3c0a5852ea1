import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formProof, signToken, verifyToken } from '../../src/approve/tokens.js';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { NOW } from './fake-decider.js';
import { type Harness, SECRET, startHarness, submit } from './harness.js';

/**
 * Replays the confirmation form's fields as a client holding a captured form would (through the
 * context's HTTP client: the pages' CSP forbids fetch from the page itself).
 */
async function postFrom(page: Page, url: string, fields: Record<string, string>) {
  const res = await page.request.post(url, { form: fields });
  return { status: res.status(), text: await res.text() };
}

async function formFields(page: Page): Promise<Record<string, string>> {
  return {
    action: await page.locator('input[name=action]').inputValue(),
    proof: await page.locator('input[name=proof]').inputValue(),
  };
}

describe('the approval server in a real browser', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let h: Harness;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    h = await startHarness();
    context = await newContext(browser);
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
    await h.close();
  });

  it('opening an approve link shows the child and course and decides nothing', async () => {
    const { approveUrl } = h.links();
    const res = await page.goto(approveUrl);
    expect(res?.status()).toBe(200);
    const text = await page.locator('main').textContent();
    for (const s of ['姐姐', '少儿创意美术（初级班）', '周六 09:00-10:30', '市少年宫本部', '¥680']) {
      expect(text).toContain(s);
    }
    await expect(page.locator('.action').textContent()).resolves.toBe('确认报名');
    await page.reload();
    expect(h.decider.calls).toEqual([]);
    expect(h.kv.size()).toBe(0);
  });

  it('pressing confirm decides once and shows the order; the same link is then refused for GET and POST', async () => {
    const { approveUrl } = h.links();
    await page.goto(approveUrl);
    const fields = await formFields(page);
    await submit(page, '确认报名');
    await expect(page.locator('h1').textContent()).resolves.toBe('已提交报名订单');
    const done = await page.locator('main').textContent();
    expect(done).toContain('ORD-20250705-0042');
    expect(done).toContain('请在官方App内完成支付');
    expect(h.decider.calls).toHaveLength(1);
    expect(h.decider.calls[0]).toMatchObject({
      holdId: 'CART-1001',
      action: 'approve',
      who: { via: 'link' },
    });
    expect(h.decider.calls[0]?.who.ip).toMatch(/127\.0\.0\.1/);
    expect(h.decider.calls[0]?.who.userAgent).toMatch(/Chrome/);

    const again = await page.goto(approveUrl);
    expect(again?.status()).toBe(410);
    const refused = await page.locator('main').textContent();
    expect(refused).toContain('这个链接已经用过了');
    expect(refused).toContain('已确认报名');

    const replay = await postFrom(page, approveUrl, fields);
    expect(replay.status).toBe(410);
    expect(replay.text).toContain('这个链接已经用过了');
    expect(h.decider.calls).toHaveLength(1);
  });

  it('a release link gives the seat back; the approve link of that hold then shows who decided', async () => {
    const { approveUrl, releaseUrl } = h.links();
    await page.goto(releaseUrl);
    await expect(page.locator('.action').textContent()).resolves.toBe('放弃并释放名额');
    await submit(page, '放弃并释放名额');
    await expect(page.locator('h1').textContent()).resolves.toBe('已放弃，名额已释放');

    const res = await page.goto(approveUrl);
    expect(res?.status()).toBe(409);
    const text = await page.locator('main').textContent();
    expect(text).toContain('这个名额已经处理过了');
    expect(text).toContain('已放弃');
    expect(text).toContain('链接 ');
    expect(h.decider.calls.map((c) => c.action)).toEqual(['release']);
  });

  it('an approve link posted for a hold released meanwhile decides nothing and keeps the link unspent', async () => {
    const { approveUrl } = h.links();
    await page.goto(approveUrl);
    const fields = await formFields(page);
    const view = h.decider.views.get('CART-1001');
    if (view) Object.assign(view, { status: 'released', decidedBy: '终端', decidedAt: NOW.toISOString() });
    await submit(page, '确认报名');
    const text = await page.locator('main').textContent();
    expect(text).toContain('这个名额已经处理过了');
    expect(text).toContain('由 终端 已放弃');
    expect(h.decider.calls).toEqual([]);
    expect(h.kv.size()).toBe(0);
    expect((await postFrom(page, approveUrl, fields)).status).toBe(409);
  });

  it('a form changed to ask for the other action is refused as the wrong action and spends nothing', async () => {
    const { approveUrl } = h.links();
    await page.goto(approveUrl);
    await page.locator('input[name=action]').evaluate((el) => {
      (el as HTMLInputElement).value = 'release';
    });
    await submit(page, '确认报名');
    const text = await page.locator('main').textContent();
    expect(text).toContain('链接与操作不符');
    expect(text).toContain('这个链接只能用来确认报名');
    expect(h.decider.calls).toEqual([]);
    expect((await page.goto(approveUrl))?.status()).toBe(200);
  });

  it('tampered and expired links are refused with clear pages and decide nothing', async () => {
    const { approveUrl } = h.links();
    const token = approveUrl.split('/h/')[1] ?? '';
    const [body = '', sig = ''] = token.split('.');
    const base = `${h.server.url}/h/`;
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, a: 'r' })).toString('base64url');

    for (const bad of [
      `${forged}.${sig}`,
      `${body}.${sig.slice(0, -1)}${sig.endsWith('A') ? 'B' : 'A'}`,
      'not-a-token',
    ]) {
      const res = await page.goto(base + bad);
      expect(res?.status()).toBe(400);
      await expect(page.locator('h1').textContent()).resolves.toBe('链接无效');
      expect(await page.content()).not.toContain(bad);
    }

    const claims = { holdId: 'CART-1001', action: 'approve' as const, nonce: 'expired-nonce-0001' };
    const expired = signToken({ ...claims, expiresAt: new Date(NOW.getTime() - 60_000) }, SECRET);
    const res = await page.goto(base + expired);
    expect(res?.status()).toBe(410);
    await expect(page.locator('h1').textContent()).resolves.toBe('链接已过期');
    const post = await postFrom(page, base + expired, {
      action: 'approve',
      proof: formProof(claims, SECRET),
    });
    expect(post.status).toBe(410);
    expect(h.decider.calls).toEqual([]);
  });

  it('two POSTs racing for one link decide exactly once', async () => {
    const { approveUrl } = h.links();
    const second = await context.newPage();
    await page.goto(approveUrl);
    await second.goto(approveUrl);
    // Hold both POSTs after their "already used?" check, so both reach the store's add() together.
    const lookups = h.decider.pauseDescribe();
    const clicks = Promise.all(
      [page, second].map((p) => p.getByRole('button', { name: '确认报名' }).click()),
    );
    // A loaded machine may take more than poll's default second to deliver both clicks.
    await expect.poll(() => lookups.waiting(), { timeout: 15_000 }).toBe(2);
    lookups.release();
    await clicks;
    await expect
      .poll(
        async () => (await Promise.all([page.title(), second.title()])).map((t) => t.split(' · ')[0]).sort(),
        { timeout: 15_000 },
      )
      .toEqual(['已提交报名订单', '这个链接已经用过了']);
    expect(h.decider.calls).toHaveLength(1);
  });

  it('a portal failure says what to do next and leaves the link usable for a retry', async () => {
    const { approveUrl } = h.links();
    h.decider.failNext('官网返回 500');
    await page.goto(approveUrl);
    await submit(page, '确认报名');
    const text = await page.locator('main').textContent();
    expect(text).toContain('官网暂时出错，这次没有办成');
    expect(text).toContain('原因：官网返回 500');
    expect(text).toContain('jianlou holds approve CART-1001');

    expect((await page.goto(approveUrl))?.status()).toBe(200);
    await submit(page, '确认报名');
    await expect(page.locator('h1').textContent()).resolves.toBe('已提交报名订单');
    expect(h.decider.calls).toHaveLength(2);
  });

  it('a link for a hold the engine does not know shows not found', async () => {
    const { approveUrl } = h.links('CART-404');
    const res = await page.goto(approveUrl);
    expect(res?.status()).toBe(404);
    await expect(page.locator('h1').textContent()).resolves.toBe('找不到这个名额');
    const token = approveUrl.split('/h/')[1] ?? '';
    const verdict = verifyToken(token, SECRET, NOW);
    if (!verdict.ok) throw new Error('link did not verify');
    const post = await postFrom(page, approveUrl, {
      action: 'approve',
      proof: formProof(verdict.claims, SECRET),
    });
    expect(post.status).toBe(404);
    expect(h.decider.calls).toEqual([]);
  });
});
