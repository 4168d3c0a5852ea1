import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, formatRemaining } from '../../src/approve/html.js';
import {
  alreadyUsedPage,
  confirmPage,
  decidedPage,
  noticePage,
  outcomePage,
} from '../../src/approve/pages.js';
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
});
