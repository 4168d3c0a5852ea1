import { describe, expect, it } from 'vitest';
import {
  alreadyUsedPage,
  confirmPage,
  decidedPage,
  noticePage,
  outcomePage,
  wrongActionPage,
} from '../../src/approve/pages.js';
import type { HoldView } from '../../src/approve/types.js';
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
    ];
    const stray = pages.flatMap((p) => strayCjk(p.html, KNOWN));
    expect(stray).toEqual([]);
    // The Chinese pages do carry Chinese: the check would see a leak.
    expect(
      strayCjk(confirmPage(sampleView(), 'approve', 'P', { ...en, locale: 'zh' }).html, KNOWN),
    ).not.toEqual([]);
  });
});
