import { describe, expect, it } from 'vitest';
import type { Alert, HoldKind } from '../../src/core/types.js';
import { catalogue } from '../../src/i18n/catalogue.js';
import { holdResultWords } from '../../src/notify/hold-result-words.js';

/**
 * The title and notes of a hold's result (issue 26, test strength): what the group reads after a
 * decision. A wrong branch tells a parent an order was submitted when nothing happened at the portal,
 * or hides the portal's own reason for a refusal.
 */

type HoldResult = Extract<Alert, { kind: 'hold_result' }>;

const zh = catalogue('zh').alerts;
const en = catalogue('en').alerts;

const REGISTRATION_FINAL: HoldKind = { kind: 'registration', expires: false, after: 'none', release: false };
const REGISTRATION_UNPAID: HoldKind = {
  kind: 'registration',
  expires: true,
  after: 'payment',
  release: true,
};
const REVIEWED_CART: HoldKind = { kind: 'cart', expires: true, after: 'review', release: true };

function result(extra: Partial<HoldResult>): HoldResult {
  return {
    kind: 'hold_result',
    child: { id: 'sister', name: '姐姐' },
    observation: {
      courseId: 'ART-101',
      title: '少儿国画',
      seats: 1,
      state: 'open',
      url: 'http://portal.test/c',
    },
    hold: { id: 'R-1', courseId: 'ART-101', heldAt: '2027-01-10T01:00:00.000Z', expiresAt: null },
    outcome: 'approved',
    ...extra,
  };
}

describe('the words of a decision that failed', () => {
  it("a refused approval: the portal's reason on one line first, then what to do", () => {
    const words = holdResultWords(
      result({
        outcome: 'failed',
        action: 'approve',
        refused: true,
        detail: '课程已停止报名\n  不能提交订单 <@all>',
      }),
      zh,
      '少儿国画',
    );
    expect(words).toEqual({
      title: '报名网站拒绝了批准：少儿国画',
      notes: [
        '原因：课程已停止报名 不能提交订单 ＜@all>',
        '这一步没有做成；名额如果还在保留中，可以再试一次，或到报名网站上看一下。',
      ],
    });
  });

  it('a release that did not go through (not refused) says so, in English too', () => {
    const words = holdResultWords(
      result({ outcome: 'failed', action: 'release', detail: 'timeout' }),
      en,
      'Art',
    );
    expect(words.title).toBe('Release did not go through: Art');
    expect(words.notes).toEqual([
      'Reason: timeout',
      'Nothing was done; if the seat is still held, try again or look at the portal.',
    ]);
  });

  it('refused is only what the alert says it is: a missing flag is not a refusal', () => {
    const notRefused = holdResultWords(result({ outcome: 'failed', action: 'approve' }), zh, '国画');
    expect(notRefused.title).toBe('批准没有办成：国画');
    expect(notRefused.notes).toEqual([
      '这一步没有做成；名额如果还在保留中，可以再试一次，或到报名网站上看一下。',
    ]);
  });

  it('a failure without the action asked (an older alert) reads as the plain outcome, its detail last', () => {
    const words = holdResultWords(result({ outcome: 'failed', detail: 'portal down' }), en, 'Art');
    expect(words).toEqual({
      title: 'Action failed: Art',
      notes: ['Nothing was done; if the seat is still held, try again or look at the portal.', 'portal down'],
    });
  });
});

describe('the words of an approval', () => {
  it('a registration approved without an order did nothing at the portal: "kept", never "submitted"', () => {
    const words = holdResultWords(result({ holdKind: REGISTRATION_FINAL }), zh, '少儿国画');
    expect(words.title).toBe('已确认保留：少儿国画');
    expect(words.notes).toHaveLength(1);
    expect(words.notes[0]).toContain('这次批准没有在报名网站上再做任何操作');
    expect(words.notes[0]).toContain('名额是你们的了，无需付款');
  });

  it('an unpaid registration approved without an order says to pay before its deadline', () => {
    const words = holdResultWords(result({ holdKind: REGISTRATION_UNPAID }), en, 'Art');
    expect(words.title).toBe('Kept: Art');
    expect(words.notes).toEqual([
      'The registration was made when the seat was held; approving did nothing more at the portal. Pay in the official app before its deadline, or the portal cancels the registration.',
    ]);
  });

  it('a registration approved with an order submitted reads as submitted, with the payment note', () => {
    const order = {
      id: 'O-1',
      courseId: 'ART-101',
      status: 'pending_payment',
      createdAt: '2027-01-10T01:05:00Z',
    };
    const words = holdResultWords(result({ holdKind: REGISTRATION_UNPAID, order } as never), zh, '少儿国画');
    expect(words).toEqual({
      title: '已提交报名：少儿国画',
      notes: ['订单待支付，请在官方 App 里完成付款。'],
    });
  });

  it('an alert queued before hold kinds existed is a cart seat to pay for', () => {
    expect(holdResultWords(result({}), zh, '少儿国画')).toEqual({
      title: '已提交报名：少儿国画',
      notes: ['订单待支付，请在官方 App 里完成付款。'],
    });
  });

  it("a cart seat awaiting review says so, and the hold's kind, not the cart default, picks the note", () => {
    const words = holdResultWords(result({ holdKind: REVIEWED_CART, detail: 'by 妈妈' }), zh, '国画');
    expect(words.title).toBe('已提交报名：国画');
    expect(words.notes).toEqual(['报名已保留，等待主办方审核；审核结果请留意网站通知。', 'by 妈妈']);
  });
});

describe('the words of a seat given back or taken back', () => {
  it('released: the outcome title and note, the detail kept on one line after it', () => {
    const words = holdResultWords(result({ outcome: 'released', detail: 'a\r\nb' }), zh, '国画');
    expect(words).toEqual({ title: '已放弃占位：国画', notes: ['名额已经让出。', 'a b'] });
  });

  it('expired, even for a registration: never "kept"', () => {
    const words = holdResultWords(result({ outcome: 'expired', holdKind: REGISTRATION_FINAL }), zh, '国画');
    expect(words).toEqual({ title: '占位已过期：国画', notes: ['网站已收回名额。'] });
  });

  it('released with an action set is not read as a failure', () => {
    const words = holdResultWords(result({ outcome: 'released', action: 'release' }), en, 'Art');
    expect(words.title).toBe('Released: Art');
  });
});
