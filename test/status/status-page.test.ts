import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Browser, Page } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import demoSpa from '../../flows/demo-spa.js';
import { verifyLoginToken } from '../../src/approve/login-tokens.js';
import type { ApprovalServer } from '../../src/approve/server.js';
import { rotateStatusLink, statusFormProof, statusUrlOf } from '../../src/approve/status-link.js';
import { launchBrowser } from '../../src/browser/launch.js';
import type { FakeDecider } from '../approve/fake-decider.js';
import { submit } from '../approve/harness.js';
import { TEST_SHOTS } from '../pictures/shots.js';
import { STATUS_NOW, startStatusWorld as startWorld, statusPictures } from './status-shots.js';
import {
  SYNTHETIC_ROBOT_KEY,
  SYNTHETIC_SECRET,
  type SyntheticResult,
  type SyntheticWorld,
} from './synthetic.js';

describe('the status page in real Chromium', () => {
  let browser: Browser;
  let world: SyntheticWorld;
  let filled: SyntheticResult;
  let decider: FakeDecider;
  let server: ApprovalServer;
  let url: string;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    ({ world, filled, decider, server, url } = await startWorld('zh'));
    return async () => {
      await server.close();
      await world.close();
    };
  });

  /** The synthetic alerts were sent with the configured publicUrl; the test server has its own port. */
  const onServer = (link: string) => link.replace('http://127.0.0.1:8787', server.url);

  async function open(width: number, height: number): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width, height },
      locale: 'zh-CN',
      hasTouch: width < 500,
    });
    const page = await context.newPage();
    const res = await page.goto(url);
    expect(res?.status()).toBe(200);
    return page;
  }

  it('takes the README pictures at phone and desktop widths (into test-results/)', async () => {
    const files = await statusPictures(browser, TEST_SHOTS);
    expect(files.map((f) => basename(f))).toEqual(['status-phone.png', 'status-desktop.png']);
    for (const f of files) expect(statSync(f).size).toBeGreaterThan(10_000);
  });

  for (const [_name, width, height] of [
    ['phone', 390, 844],
    ['desktop', 1280, 900],
  ] as const) {
    it(`shows children, courses with 14-day charts, openings, holds, sessions, robot and alerts at ${width} px`, async () => {
      const page = await open(width, height);
      try {
        expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
        await expect(page.locator('h1').textContent()).resolves.toBe('值守状态');
        for (const id of ['problems', 'holds', 'children', 'openings', 'sessions', 'robot', 'alerts']) {
          expect(await page.locator(`section#${id}`).isVisible()).toBe(true);
        }
        // Every course of the three children, each with its chart.
        expect(await page.locator('#children .child').count()).toBe(3);
        expect(await page.locator('.course').count()).toBe(8);
        expect(await page.locator('.course svg.chart').count()).toBe(8);
        expect(await page.locator('[data-marker="alert"]').count()).toBeGreaterThan(0);
        expect(await page.locator('[data-marker="order"]').count()).toBe(1);
        // Openings by hour of day (24 bars) and day of week (7), the morning and evening peaks visible.
        expect(await page.locator('#openings svg').nth(0).locator('rect').count()).toBe(24);
        expect(await page.locator('#openings svg').nth(1).locator('rect').count()).toBe(7);
        await expect(page.locator('#openings').textContent()).resolves.toContain(
          `共出现空位 ${filled.openings} 次`,
        );
        // The waiting hold has both buttons; the ordered one none.
        const hold = page.locator(`li.hold[data-hold="${filled.heldHoldId}"]`);
        expect(await hold.getByRole('button').count()).toBe(2);
        expect(await page.locator('li.hold').count()).toBe(2);
        await expect(page.locator('#sessions').textContent()).resolves.toMatch(/24 小时内检查 \d+ 次/);
        expect(await page.locator('#alerts li').count()).toBe(Math.min(50, filled.openings + 1));
        // Readable without sideways scrolling.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      } finally {
        await page.context().close();
      }
    });
  }

  it("shows the child's own hold or order before the course's seat state (issue 29 item 5)", async () => {
    const page = await open(390, 844);
    try {
      const heads = await page.locator('#children .course .head').evaluateAll((els) =>
        els.map((e) => ({
          own: e.querySelector('[data-own]')?.getAttribute('data-own') ?? null,
          badges: Array.from(e.querySelectorAll('.badge'), (b) => b.textContent),
        })),
      );
      const held = heads.filter((h) => h.own === 'held');
      const ordered = heads.filter((h) => h.own === 'approved');
      expect(held).toHaveLength(1);
      expect(ordered).toHaveLength(1);
      expect(held[0]!.badges[0]).toBe('保留中');
      expect(ordered[0]!.badges[0]).toBe('已下单');
      expect(heads.filter((h) => h.own === null).length).toBe(6);
    } finally {
      await page.context().close();
    }
  });

  it('alert, hold and order markers minutes apart stay separate triangles on the 14-day axis (issue 29 item 5)', async () => {
    const page = await open(390, 844);
    try {
      const ordered = page.locator('.course', { has: page.locator('[data-marker="order"]') });
      const boxes = await ordered.locator('[data-marker]').evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { kind: e.getAttribute('data-marker'), left: r.left, right: r.right };
        }),
      );
      expect(boxes.map((b) => b.kind)).toEqual(expect.arrayContaining(['hold', 'order']));
      const sorted = [...boxes].sort((a, b) => a.left - b.left);
      for (let i = 1; i < sorted.length; i++) {
        expect(sorted[i]!.left).toBeGreaterThanOrEqual(sorted[i - 1]!.right - 0.5);
      }
    } finally {
      await page.context().close();
    }
  });

  it('GET never acts, and the page carries no approval token, secret or robot key', async () => {
    const res = await fetch(url);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(decider.calls).toEqual([]);
    const approveToken = filled.links.approveUrl.split('/h/')[1]!;
    const releaseToken = filled.links.releaseUrl.split('/h/')[1]!;
    for (const secret of [approveToken, releaseToken, '/h/', SYNTHETIC_SECRET, SYNTHETIC_ROBOT_KEY]) {
      expect(html).not.toContain(secret);
    }
    // The alert that carried those links is listed, without them.
    expect(html).toContain('批准报名：🔗');
  });

  it('a button on the page only opens a confirm page; its own button decides (issue 29 item 4)', async () => {
    const page = await open(390, 844);
    try {
      const first = await submit(page, '放弃名额', 'tap');
      expect(first.status()).toBe(200);
      expect(decider.calls).toEqual([]);
      await expect(page.locator('h1').textContent()).resolves.toBe('请确认');
      await expect(page.locator('.action').textContent()).resolves.toBe('放弃并释放名额');
      await expect(page.locator('body').textContent()).resolves.toContain('姐姐');
      // Going back decides nothing and shows the hold still waiting.
      await page.getByRole('link', { name: '返回状态页' }).click();
      await page.waitForURL(url);
      expect(await page.locator(`li.hold[data-hold="${filled.heldHoldId}"] button`).count()).toBe(2);
      expect(decider.calls).toEqual([]);
      await submit(page, '放弃名额', 'tap');
      const res = await submit(page, '放弃并释放名额', 'tap');
      expect(res.status()).toBe(200);
      expect(decider.calls).toMatchObject([
        { holdId: filled.heldHoldId, action: 'release', who: { via: 'status_page' } },
      ]);
    } finally {
      await page.context().close();
    }
  });

  it('the approve and give-up buttons are far apart and unlike on a phone (issue 29 item 4)', async () => {
    const page = await open(390, 844);
    try {
      const row = page.locator(`li.hold[data-hold="${filled.heldHoldId}"]`);
      const a = (await row.locator('button.approve').boundingBox())!;
      const r = (await row.locator('button.release').boundingBox())!;
      // The gap between them, side by side or stacked, is wider than a thumb.
      const gap = Math.max(
        r.x - (a.x + a.width),
        a.x - (r.x + r.width),
        r.y - (a.y + a.height),
        a.y - (r.y + r.height),
      );
      expect(gap).toBeGreaterThanOrEqual(40);
      const look = (sel: string) =>
        row.locator(sel).evaluate((b) => {
          const s = getComputedStyle(b);
          return `${s.backgroundColor}|${s.borderRadius}|${s.borderTopWidth}`;
        });
      expect(await look('button.approve')).not.toBe(await look('button.release'));
    } finally {
      await page.context().close();
    }
  });

  it('a hold approved on the page cannot be decided again from its alert link', async () => {
    const page = await open(390, 844);
    try {
      await submit(page, '确认报名（提交订单）');
      expect(decider.calls).toEqual([]);
      const res = await submit(page, '确认报名');
      expect(res.status()).toBe(200);
      await expect(page.locator('h1').textContent()).resolves.toContain('已提交订单');
      expect(decider.calls).toMatchObject([
        { holdId: filled.heldHoldId, action: 'approve', who: { via: 'status_page' } },
      ]);
      await page.goto(onServer(filled.links.releaseUrl));
      await expect(page.locator('body').textContent()).resolves.not.toContain('放弃名额');
      expect(await page.getByRole('button').count()).toBe(0);
      expect(decider.calls).toHaveLength(1);
    } finally {
      await page.context().close();
    }
  });

  it('a hold released from its alert link cannot be decided again on the page', async () => {
    const page = await open(390, 844);
    try {
      const link = await browser.newPage();
      await link.goto(onServer(filled.links.releaseUrl));
      await submit(link, '放弃并释放名额');
      await link.close();
      expect(decider.calls).toMatchObject([{ action: 'release', who: { via: 'link' } }]);
      // The page loaded before the link was used still shows the buttons: pressing one decides nothing.
      const res = await submit(page, '确认报名（提交订单）');
      expect(res.status()).toBe(409);
      await expect(page.locator('body').textContent()).resolves.toContain('已经处理过了');
      expect(decider.calls).toHaveLength(1);
    } finally {
      await page.context().close();
    }
  });

  it('a rotated link is refused, the new one works', async () => {
    const fresh = statusUrlOf(
      server.publicUrl,
      await rotateStatusLink(world.kv, STATUS_NOW),
      SYNTHETIC_SECRET,
    );
    const old = await fetch(url);
    expect(old.status).toBe(404);
    const oldHtml = await old.text();
    expect(oldHtml).toContain('链接无效');
    expect(oldHtml).not.toContain('姐姐');
    expect((await fetch(fresh)).status).toBe(200);
    // A button of the old page is refused too.
    const form = new URLSearchParams({ hold: filled.heldHoldId, action: 'approve', proof: 'x' });
    expect((await fetch(`${url}/decide`, { method: 'POST', body: form })).status).toBe(404);
    expect(decider.calls).toEqual([]);
  });

  it('an approval link is not a status link, and a status link is not an approval link', async () => {
    const approveToken = filled.links.approveUrl.split('/h/')[1]!;
    expect((await fetch(`${server.url}/s/${approveToken}`)).status).toBe(404);
    const statusToken = url.split('/s/')[1]!;
    const asApproval = await fetch(`${server.url}/h/${statusToken}`);
    expect(await asApproval.text()).not.toContain('姐姐');
    expect(decider.calls).toEqual([]);
  });

  it('offers each account a re-login link to the phone relay and says in Chinese what is wrong', async () => {
    const page = await open(390, 900);
    try {
      for (const id of ['mom', 'dad']) {
        const row = page.locator(`#sessions li[data-account="${id}"]`);
        // No session was saved in the synthetic store: the advice says so, in the page's language.
        await expect(row.textContent()).resolves.toContain('还没有保存的登录，请重新登录');
        const href = await row.getByRole('link', { name: '用手机重新登录' }).getAttribute('href');
        expect(href?.startsWith(`${server.publicUrl}/login/`)).toBe(true);
        const verdict = verifyLoginToken(href!.split('/login/')[1]!, SYNTHETIC_SECRET, STATUS_NOW);
        expect(verdict.ok && verdict.claims.accountId).toBe(id);
      }
      expect(await page.locator('#sessions').textContent()).not.toMatch(/no saved session|run: jianlou/);
    } finally {
      await page.context().close();
    }
  });

  it('a button forged for another hold or the other action is refused', async () => {
    const page = await open(390, 844);
    try {
      const proof = await page
        .locator(`li.hold[data-hold="${filled.heldHoldId}"] form:has(button.approve) input[name=proof]`)
        .getAttribute('value');
      const post = (fields: Record<string, string>) =>
        fetch(`${url}/decide`, { method: 'POST', body: new URLSearchParams(fields) });
      expect((await post({ hold: filled.heldHoldId, action: 'release', proof: proof! })).status).toBe(400);
      expect((await post({ hold: 'hold/other', action: 'approve', proof: proof! })).status).toBe(400);
      expect(decider.calls).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

describe('the status page in English', () => {
  it('speaks English when locale is en', async () => {
    const { world, server, url } = await startWorld('en');
    try {
      const html = await (await fetch(url)).text();
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('When seats come back');
      expect(html).toContain('Approve (submit the order)');
      expect(html).not.toContain('值守状态');
      expect(html).toContain('no saved login yet: log in again (or run jianlou login mom)');
      expect(html).toContain('Log in again from this phone');
    } finally {
      await server.close();
      await world.close();
    }
  });
});

describe('the status page of a flow whose holds nobody can give back (issue 14)', () => {
  it('offers no release button, and a release forged with a valid proof decides nothing', async () => {
    const { world, filled, decider, server, url, linkId } = await startWorld('zh', { flow: demoSpa });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      expect((await page.goto(url))?.status()).toBe(200);
      const row = page.locator(`li.hold[data-hold="${filled.heldHoldId}"]`);
      await expect(row.locator('button.approve').count()).resolves.toBe(1);
      await expect(row.locator('button.release').count()).resolves.toBe(0);
      await expect(page.locator('button.release').count()).resolves.toBe(0);

      const posted = await page.request.post(`${url}/decide`, {
        form: {
          hold: filled.heldHoldId,
          action: 'release',
          proof: statusFormProof(linkId, filled.heldHoldId, 'release', SYNTHETIC_SECRET),
        },
      });
      expect(posted.status()).toBe(409);
      expect(await posted.text()).toContain('这里不能放弃名额');
      expect(decider.calls).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
      await world.close();
    }
  });

  it('words its button and its "done" line for a registration kept for review, not a cart order to pay', async () => {
    const { world, filled, decider, server, url } = await startWorld('zh', { flow: demoSpa });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      expect((await page.goto(url))?.status()).toBe(200);
      const row = page.locator(`li.hold[data-hold="${filled.heldHoldId}"]`);
      await expect(row.locator('button.approve').textContent()).resolves.toBe('保留报名');
      await submit(page, '保留报名');
      expect(decider.calls).toEqual([]);
      const res = await submit(page, '保留报名');
      expect(res.status()).toBe(200);
      const done = (await page.locator('body').textContent()) ?? '';
      expect(done).toContain('报名已保留，等待主办方审核，免费，无需付款。');
      for (const cartWord of ['提交订单', '官方 App 里付款', '购物车']) expect(done).not.toContain(cartWord);
      expect(decider.calls).toMatchObject([{ holdId: filled.heldHoldId, action: 'approve' }]);
    } finally {
      await browser.close();
      await server.close();
      await world.close();
    }
  });
});
