import { describe, expect, it } from 'vitest';
import { ActionRefusedError } from '../../src/core/errors.js';
import type { HoldKind } from '../../src/core/types.js';
import { holdFailureReason } from '../../src/i18n/hold-text.js';
import { renderAlert, renderPlainText } from '../../src/notify/render.js';
import type { TemplateCardMessage } from '../../src/notify/wecom-types.js';
import * as f from './fixtures.js';

// Issue 14, wall 4: the texts, links and deadlines of a hold follow what the flow says its holds are.
const REVIEW: HoldKind = { kind: 'registration', expires: false, after: 'review', release: false };
const pending = { ...f.holdMade().hold, id: 'R-1', expiresAt: null };

const linksOf = (alert: Parameters<typeof renderAlert>[0]) => {
  const [message] = renderAlert(alert);
  expect(message?.msgtype).toBe('template_card');
  return ((message as TemplateCardMessage).template_card.jump_list ?? []).map((j) => j.title);
};

describe('hold alerts by kind', () => {
  it('a registration pending review that cannot be released: no 放弃名额, no payment, kept until decided', () => {
    const alert = f.holdMade({ hold: pending, holdKind: REVIEW, releaseUrl: 'http://192.168.1.5:8787/r' });
    const text = renderPlainText(alert);
    expect(text).toContain('等主办方审核');
    expect(text).toContain('网站会一直保留这个名额');
    expect(text).not.toContain('官方 App');
    expect(text).not.toContain('放弃');
    expect(text).not.toContain('没说占位能保留多久');
    expect(linksOf(alert)).not.toContain('放弃名额');
    const en = renderPlainText(alert, { locale: 'en' });
    expect(en).toContain("organiser's review");
    expect(en).not.toContain('official app');
    expect(en).not.toContain('Release');
  });

  it('a cart hold keeps its release link and the pay-in-the-app explanation', () => {
    const alert = f.holdMade();
    expect(linksOf(alert)).toContain('放弃名额');
    expect(renderPlainText(alert)).toContain('官方 App 付款');
  });

  it('an approved registration under review says so, not "pay in the official app"', () => {
    const { order: _order, ...approved } = f.holdResult('approved');
    const text = renderPlainText({ ...approved, hold: pending, holdKind: REVIEW });
    expect(text).toContain('等待主办方审核');
    expect(text).not.toContain('付款');
    expect(renderPlainText(f.holdResult('approved'))).toContain('官方 App 里完成付款');
  });

  it('an unpaid pre-registration the portal cancels at its deadline says: pay in the official app before it', () => {
    const UNPAID: HoldKind = { kind: 'registration', expires: true, after: 'payment', release: true };
    const made = f.holdMade({ holdKind: UNPAID });
    expect(renderPlainText(made)).toContain('请在 09:18 前到官方 App 付款，过时网站会取消报名');
    expect(renderPlainText(made, { locale: 'en' })).toContain('pay in the official app before 09:18');
    // A cart hold still asks for a decision by its deadline.
    expect(renderPlainText(f.holdMade())).not.toContain('到官方 App 付款');
  });

  it('a hold deadline on a later day shows the date; on the same day only the time', () => {
    const later = f.holdMade({
      hold: {
        ...f.holdMade().hold,
        heldAt: '2026-12-03T01:00:00.000Z',
        expiresAt: '2026-12-05T09:00:00.000Z',
      },
    });
    expect(renderPlainText(later)).toContain('请在 12月5日 周六 17:00 前决定');
    expect(renderPlainText(later, { locale: 'en' })).toContain('decide by Sat 5 Dec 17:00');
    expect(renderPlainText(f.holdMade())).toContain('请在 09:18 前决定');
  });

  it('a dated event is shown with its date, a weekly class with its weekday', () => {
    const dated = f.opening({
      observation: f.observation({
        schedule: { weekday: 6, start: '09:00', end: '10:30', date: '2027-07-10' },
      }),
    });
    expect(renderPlainText(dated)).toContain('7月10日 周六 09:00-10:30');
    expect(renderPlainText(dated, { locale: 'en' })).toContain('Sat 10 Jul 09:00-10:30');
    expect(renderPlainText(f.opening())).toContain('周六 09:00-10:30');
  });

  it('a refusal because the portal has no such step is not worded as a temporary error', () => {
    const unsupported = new ActionRefusedError('flow demo-spa cannot release holds', 'unsupported');
    const zh = holdFailureReason(unsupported, 'mom', 'zh');
    expect(zh).toContain('不支持');
    expect(zh).not.toMatch(/稍后|再试|门户拒绝/);
    expect(holdFailureReason(unsupported, 'mom', 'en')).not.toMatch(/try again|later/);
  });
});

describe('problem cards (issue 14)', () => {
  it('"nothing to do" is a sentence, not a command to run on the computer', () => {
    const down = f.problem({ problem: 'portal_unavailable', next: { code: 'wait' }, detail: 'HTTP 503' });
    const text = renderPlainText(down);
    expect(text).toContain('无需操作');
    expect(text).not.toContain('请在电脑上运行：无需操作');
    expect(renderPlainText({ ...down, next: { code: 'doctor' } })).not.toContain('请在电脑上运行：门户');
    expect(renderPlainText(f.problem())).toContain('请在电脑上运行：jianlou login mom');
  });

  it("a flow's English message is framed by a sentence in the alert's language", () => {
    const detail = 'GET /api/v1/events: field remaining missing';
    const changed = f.problem({ problem: 'portal_changed', next: { code: 'doctor' }, detail });
    expect(renderPlainText(changed)).toContain(`网站流程的原话：${detail}`);
    expect(renderPlainText(changed, { locale: 'en' })).toContain(`What the portal flow said: ${detail}`);
  });
});
