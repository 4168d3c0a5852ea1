import { describe, expect, it } from 'vitest';
import {
  alreadyUsedPage,
  confirmPage,
  decidedPage,
  noticePage,
  outcomePage,
  releaseUnsupportedPage,
  wrongActionPage,
} from '../../src/approve/pages.js';
import type { HoldView } from '../../src/approve/types.js';
import type { HoldKind } from '../../src/core/types.js';
import { catalogue } from '../../src/i18n/catalogue.js';
import type { NoticeKind } from '../../src/i18n/types.js';
import { NOW, sampleView } from '../approve/fake-decider.js';
import { strayCjk } from './cjk.js';

const KNOWN = ['少儿创意美术（初级班）', '市少年宫本部', '姐姐'];
const en = { locale: 'en' as const, now: NOW };
const order = {
  id: 'O-1',
  courseId: 'ART-101',
  studentId: 'S001',
  status: 'pending_payment' as const,
  createdAt: NOW.toISOString(),
};
const registrationKinds: HoldKind[] = [
  { kind: 'registration', expires: false, after: 'review', release: false },
  { kind: 'registration', expires: true, after: 'payment', release: true },
  { kind: 'cart', expires: true, after: 'none', release: true },
];
const decided = (status: HoldView['status']): HoldView =>
  sampleView({ status, decidedBy: 'link (192.168.1.20, WeCom)', decidedAt: NOW.toISOString(), order });

describe('locale: en approval pages (issue 12)', () => {
  it('every page has no CJK besides portal and config names', () => {
    const notices = Object.keys(catalogue('en').pages.notices) as NoticeKind[];
    const pages = [
      confirmPage(sampleView(), 'approve', 'P', en),
      confirmPage(sampleView({ hold: { ...sampleView().hold, expiresAt: null } }), 'release', 'P', en),
      ...(['approved', 'released', 'expired', 'failed'] as const).map((s) => decidedPage(decided(s), en)),
      outcomePage({ outcome: 'approved', view: decided('approved') }, 'approve', en),
      outcomePage({ outcome: 'approved', view: sampleView({ status: 'approved' }) }, 'approve', en),
      outcomePage({ outcome: 'released', view: decided('released') }, 'release', en),
      outcomePage({ outcome: 'already', view: decided('approved') }, 'approve', en),
      outcomePage({ outcome: 'expired', view: decided('expired') }, 'approve', en),
      outcomePage(
        { outcome: 'failed', view: sampleView(), detail: 'the portal cart is full' },
        'approve',
        en,
      ),
      ...notices.map((k) => noticePage(k, en, ['one more line'])),
      alreadyUsedPage(en, NOW.toISOString(), decided('released')),
      wrongActionPage('approve', en),
      wrongActionPage('release', en),
      // Issue 14: the pages of a registration (kept for review, or paid afterwards) are English too.
      ...registrationKinds.flatMap((holdKind) => {
        const held = sampleView({ holdKind, hold: { ...sampleView().hold, expiresAt: null } });
        return [
          confirmPage(held, 'approve', 'P', en),
          outcomePage({ outcome: 'approved', view: { ...held, status: 'approved' } }, 'approve', en),
          outcomePage({ outcome: 'expired', view: { ...held, status: 'expired' } }, 'approve', en),
          outcomePage({ outcome: 'failed', view: held, detail: 'the portal answered 500' }, 'approve', en),
          releaseUnsupportedPage(held, en),
        ];
      }),
    ];
    const stray = pages.flatMap((p) => strayCjk(p.html, KNOWN));
    expect(stray).toEqual([]);
    // The Chinese pages do carry Chinese: the check would see a leak.
    expect(
      strayCjk(confirmPage(sampleView(), 'approve', 'P', { ...en, locale: 'zh' }).html, KNOWN),
    ).not.toEqual([]);
  });
});
