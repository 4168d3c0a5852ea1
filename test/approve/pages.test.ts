import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, formatRemaining } from '../../src/approve/html.js';
import {
  alreadyUsedPage,
  confirmPage,
  decidedPage,
  noticePage,
  outcomePage,
  releaseUnsupportedPage,
} from '../../src/approve/pages.js';
import { RELAY_CSP, relayPage } from '../../src/approve/relay-page.js';
import type { HoldView } from '../../src/approve/types.js';
import { CART_HOLD, type HoldKind } from '../../src/core/types.js';
import { NOW, sampleView } from './fake-decider.js';

const zh = { locale: 'zh' as const, now: NOW };
const en = { locale: 'en' as const, now: NOW };

describe('approval pages', () => {
  it('the confirmation page is a phone page with the child, course, schedule, campus, fee and hold expiry', () => {
    const { status, html } = confirmPage(sampleView(), 'approve', 'PROOF', zh);
    expect(status).toBe(200);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<html lang="zh-CN">');
    for (const text of [
      '姐姐',
      '少儿创意美术（初级班）',
      '周六 09:00-10:30',
      '市少年宫本部',
      '¥680',
      '14:15',
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('确认报名');
    expect(html).toContain('（提交订单，之后请在官方App内付款）');
    expect(html).toContain('data-remaining-ms="900000"');
    expect(html).toContain('>15:00<');
    expect(html).not.toMatch(/<link[^>]+stylesheet|<script[^>]+src=|<img[^>]+src="http/);
  });

  it('the release page names the release in big text', () => {
    const { html } = confirmPage(sampleView(), 'release', 'PROOF', zh);
    expect(html).toMatch(/<p class="action">放弃并释放名额<\/p>/);
    expect(html).toContain('<input type="hidden" name="action" value="release">');
  });

  it('the form posts back to its own URL, so no token is written into the page', () => {
    const { html } = confirmPage(sampleView(), 'approve', 'PROOF', zh);
    expect(html).toMatch(/<form id="decide" method="post">/);
    expect(html).not.toContain('/h/');
  });

  it('escapes every value from outside', () => {
    const view = sampleView({ child: { id: 'x', name: '<script>alert(1)</script>' } });
    view.observation.title = '"><img src=x onerror=alert(1)>';
    const { html } = confirmPage(view, 'approve', '"proof"', zh);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('value="&quot;proof&quot;"');
  });

  it('speaks English with locale en', () => {
    const { html } = confirmPage(sampleView(), 'approve', 'P', en);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Sat 09:00-10:30');
    expect(html).toContain('Enrol');
    expect(html).not.toContain('确认报名');
  });

  it('the approved page shows the order number and says to pay in the official app', () => {
    const view = sampleView({
      status: 'approved',
      order: {
        id: 'ORD-1',
        courseId: 'ART-101',
        studentId: 'S001',
        status: 'pending_payment',
        createdAt: NOW.toISOString(),
      },
    });
    const { status, html } = outcomePage({ outcome: 'approved', view }, 'approve', zh);
    expect(status).toBe(200);
    expect(html).toContain('ORD-1');
    expect(html).toContain('请在官方App内完成支付');
  });

  it('the failed page gives the reason and the next steps for the same action', () => {
    const { status, html } = outcomePage(
      { outcome: 'failed', view: sampleView(), detail: '官网返回 500' },
      'release',
      zh,
    );
    expect(status).toBe(502);
    expect(html).toContain('原因：官网返回 500');
    expect(html).toContain('名额仍在购物车里保留至');
    expect(html).toContain('jianlou holds release CART-1001');
  });

  it('a decision cut off by jianlou stopping says it was not done and to tap again, in both languages', () => {
    for (const [o, words] of [
      [zh, ['没有办成：捡漏正在关闭', '再点一次按钮']],
      [en, ['Not done: jianlou is shutting down', 'tap the button once more']],
    ] as const) {
      const result = { outcome: 'interrupted' as const, view: sampleView(), detail: 'unused' };
      const { status, html } = outcomePage(result, 'release', o);
      expect(status).toBe(503);
      for (const w of words) expect(html).toContain(w);
      expect(html).toContain('姐姐');
    }
  });

  it('an already decided hold says how, by whom and when', () => {
    const view = sampleView({ status: 'released', decidedBy: '终端', decidedAt: '2025-07-05T06:05:00Z' });
    const { status, html } = decidedPage(view, zh);
    expect(status).toBe(409);
    expect(html).toContain('这个名额已经处理过了');
    expect(html).toMatch(/14:05 由 终端 已放弃/);
    expect(decidedPage({ ...view, status: 'expired' }, zh).html).toContain('名额保留已到期');
  });

  it('notices carry their HTTP status', () => {
    expect(noticePage('invalid_link', zh).status).toBe(400);
    expect(noticePage('link_expired', zh).status).toBe(410);
    expect(noticePage('rate_limited', zh).status).toBe(429);
    expect(noticePage('too_large', en).html).toContain('Request too large');
    expect(alreadyUsedPage(zh, '2025-07-05T06:01:00Z').html).toContain('使用时间');
  });

  it('formats the time left like the live countdown does', () => {
    expect(formatRemaining(900_000)).toBe('15:00');
    expect(formatRemaining(3_723_000)).toBe('1:02:03');
    expect(formatRemaining(-5)).toBe('0:00');
  });

  it('the CSP allows no external source and pins the inline style and script by hash', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });

  it('the approval pages and the relayed login page each pin their own style and script, by one policy', () => {
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const pinned = (page: string) => {
      const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
      const script = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
      return [`style-src ${hash(style)}`, `script-src ${hash(script)}`];
    };
    const approval = confirmPage(sampleView(), 'approve', 'PROOF', zh).html;
    expect(CONTENT_SECURITY_POLICY.split('; ')).toEqual([
      "default-src 'none'",
      ...pinned(approval),
      'img-src data:',
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]);
    expect(RELAY_CSP.split('; ')).toEqual([
      "default-src 'none'",
      ...pinned(relayPage('zh', 'mom')),
      'img-src blob: data:',
      "connect-src 'self'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]);
  });
});

/** The demo spa flow's kind: a registration pending review, kept until decided, free, not releasable. */
const REVIEW: HoldKind = { kind: 'registration', expires: false, after: 'review', release: false };
const registration = (kind: HoldKind, overrides: Partial<HoldView> = {}): HoldView =>
  sampleView({
    holdKind: kind,
    hold: { ...sampleView().hold, id: 'REG-1', expiresAt: null },
    holdId: 'REG-1',
    ...overrides,
  });
/** What a parent reads: the page's main part without its tags (the style sheet says "border"). */
const text = (html: string) => (html.split('<main')[1] ?? '').replace(/<[^>]+>/g, ' ');

describe('approval pages follow the hold kind (issue 14)', () => {
  it('a view without a kind and the cart kind read the same cart texts', () => {
    const cart = sampleView({ holdKind: CART_HOLD, hold: { ...sampleView().hold, expiresAt: null } });
    const bare = sampleView({ hold: { ...sampleView().hold, expiresAt: null } });
    expect(confirmPage(cart, 'approve', 'P', zh).html).toBe(confirmPage(bare, 'approve', 'P', zh).html);
    const html = confirmPage(cart, 'approve', 'P', zh).html;
    expect(html).toContain('<p class="action">确认报名</p>');
    expect(html).toContain('<p class="note">（提交订单，之后请在官方App内付款）</p>');
    expect(html).toContain('以官网购物车为准');
    const approved = outcomePage(
      { outcome: 'approved', view: { ...cart, status: 'approved' } },
      'approve',
      zh,
    );
    expect(approved.html).toContain('<h1>已提交报名订单</h1>');
    expect(approved.html).toContain('请在官方App内完成支付，未付款的订单会被官网自动取消。');
    expect(approved.html).toContain('订单号请在官方App的“我的订单”中查看');
    expect(decidedPage({ ...cart, status: 'expired' }, zh).html).toContain(
      '官网购物车的保留时间已过，名额已退回。',
    );
    const failed = outcomePage(
      { outcome: 'failed', view: sampleView({ holdKind: CART_HOLD }) },
      'approve',
      zh,
    );
    expect(failed.html).toContain('名额仍在购物车里保留至');
    expect(failed.html).toContain('或者直接在官方App的购物车里提交订单或取消；');
    expect(confirmPage(cart, 'approve', 'P', en).html).toContain(
      '<p class="note">(submits the order; then pay in the official app)</p>',
    );
    expect(confirmPage(cart, 'approve', 'P', en).html).toContain('see the cart in the official app');
  });

  it('a registration for review: keep it, free, kept until decided; no order, no cart, no payment', () => {
    const held = registration(REVIEW);
    const confirm = confirmPage(held, 'approve', 'P', zh).html;
    expect(confirm).toContain('<p class="action">保留这个报名</p>');
    expect(confirm).toContain('<p class="note">（保留报名，等主办方审核；免费，无需付款）</p>');
    expect(confirm).toContain('<button type="submit">保留报名</button>');
    expect(confirm).toContain('<dt>名额保留至</dt><dd>报名网站会一直保留，直到你们决定</dd>');
    const approved = outcomePage(
      { outcome: 'approved', view: { ...held, status: 'approved' } },
      'approve',
      zh,
    );
    expect(approved.html).toContain('<h1>已保留报名</h1>');
    expect(approved.html).toContain('报名已保留，等待主办方审核，免费，无需付款。');
    for (const page of [confirm, approved.html]) {
      for (const word of ['购物车', '订单', '官方App内']) expect(text(page)).not.toContain(word);
    }
    const en1 = outcomePage({ outcome: 'approved', view: { ...held, status: 'approved' } }, 'approve', en);
    expect(en1.html).toContain('<h1>Registration kept</h1>');
    expect(text(en1.html)).not.toMatch(/order|pay in/i);
  });

  it('a registration paid afterwards says to pay for the registration; a free seat says it is theirs', () => {
    const paid: HoldKind = { kind: 'registration', expires: true, after: 'payment', release: true };
    expect(confirmPage(registration(paid), 'approve', 'P', zh).html).toContain(
      '（保留报名，之后请在官方App内付款）',
    );
    expect(confirmPage(registration(paid), 'approve', 'P', zh).html).toContain('以报名网站为准');
    const approvedPaid = outcomePage(
      { outcome: 'approved', view: registration(paid, { status: 'approved' }) },
      'approve',
      zh,
    ).html;
    expect(approvedPaid).toContain('请在官方App内完成支付，未付款的报名会被网站自动取消。');
    const free: HoldKind = { kind: 'cart', expires: true, after: 'none', release: true };
    const approvedFree = outcomePage(
      { outcome: 'approved', view: sampleView({ holdKind: free, status: 'approved' }) },
      'approve',
      zh,
    ).html;
    expect(approvedFree).toContain('<h1>已提交报名</h1>');
    expect(approvedFree).toContain('名额已经是你们的了，无需付款。');
    expect(approvedFree).not.toContain('订单号');
    expect(confirmPage(sampleView({ holdKind: free }), 'approve', 'P', en).html).toContain(
      '(submits the order; nothing to pay)',
    );
  });

  it('expired and portal error pages of a registration speak of the site, not the cart', () => {
    const paid: HoldKind = { kind: 'registration', expires: true, after: 'payment', release: true };
    const expired = decidedPage(registration(paid, { status: 'expired' }), zh).html;
    expect(expired).toContain('报名网站的保留时间已过，名额已退回。');
    expect(expired).not.toContain('购物车');
    const failedReview = outcomePage(
      { outcome: 'failed', view: registration(REVIEW), detail: '网站返回 500' },
      'approve',
      zh,
    ).html;
    expect(failedReview).toContain('报名仍然保留着，直到你们决定。');
    expect(failedReview).toContain('或者直接到报名网站上查看这个报名；');
    expect(failedReview).toContain('jianlou holds approve REG-1');
    expect(failedReview).not.toContain('购物车');
    const until = registration(paid, {
      hold: { ...sampleView().hold, expiresAt: '2025-07-05T06:15:00.000Z' },
    });
    const failedPaid = outcomePage({ outcome: 'failed', view: until }, 'release', en).html;
    expect(failedPaid).toMatch(/The registration stays held until [^<]*14:15\./);
    expect(failedPaid).toContain('or confirm or cancel the registration on the portal;');
    expect(failedPaid).not.toContain('cart');
  });

  it('the release-not-allowed page names the hold, says nothing is done and has no form', () => {
    const page = releaseUnsupportedPage(registration(REVIEW), zh);
    expect(page.status).toBe(409);
    expect(page.html).toContain('<h1>这里不能放弃名额</h1>');
    expect(page.html).toContain('姐姐');
    expect(page.html).not.toMatch(/<form|<button/);
    expect(releaseUnsupportedPage(registration(REVIEW), en).html).toContain(
      'This portal does not let you cancel a registration yourself, so this link does nothing.',
    );
  });
});
