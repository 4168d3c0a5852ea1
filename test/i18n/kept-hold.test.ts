import { describe, expect, it } from 'vitest';
import { confirmPage } from '../../src/approve/pages.js';
import { renderStatusPage } from '../../src/approve/status-page.js';
import type { StatusPageData } from '../../src/approve/status-types.js';
import type { HoldKind } from '../../src/core/types.js';
import { renderPlainText } from '../../src/notify/render.js';
import { NOW, sampleView } from '../approve/fake-decider.js';
import * as f from '../notify/fixtures.js';

// Issue 29 item 3: a hold the portal keeps until the family decides is said plainly, everywhere;
// item 12: English dates on the status page are unambiguous.
const REVIEW: HoldKind = { kind: 'registration', expires: false, after: 'review', release: false };
const kept = { ...f.holdMade().hold, id: 'R-1', expiresAt: null };

function statusData(expiresAt: string | null, kind?: HoldKind): StatusPageData {
  return {
    generatedAt: '2026-12-07T06:00:00.000Z',
    timeZone: 'Asia/Shanghai',
    window: { from: '2026-11-23T06:00:00.000Z', to: '2026-12-07T06:00:00.000Z' },
    children: [],
    openings: { byHour: Array(24).fill(0), byWeekday: Array(7).fill(0), total: 0, sinceDays: 30 },
    holds: [
      {
        holdId: 'h1',
        childName: '姐姐',
        courseId: 'ART-101',
        title: '少儿国画',
        status: 'held',
        expiresAt,
        decidedBy: null,
        decidedAt: null,
        ...(kind ? { kind } : {}),
      },
    ],
    accounts: [],
    channels: [],
    outbox: { messages: 0, effects: 0 },
    alerts: [],
    problems: [],
  };
}
const page = (data: StatusPageData, locale: 'zh' | 'en') =>
  renderStatusPage(data, { locale, decidePath: '/s/t/decide', proof: () => 'p' });

describe('a hold the portal keeps until the family decides', () => {
  it('the alert says the portal keeps it, not "decide soon"', () => {
    const alert = f.holdMade({ hold: kept, holdKind: REVIEW });
    const zh = renderPlainText(alert);
    expect(zh).toContain('姐姐 · 报名网站会一直保留，直到你们决定');
    expect(zh).not.toContain('尽快');
    const en = renderPlainText(alert, { locale: 'en' });
    expect(en).toContain('the portal keeps it until you decide');
    expect(en).not.toContain('soon');
  });

  it('the approval confirm page says the portal keeps it', () => {
    const view = sampleView({ hold: { ...sampleView().hold, expiresAt: null }, holdKind: REVIEW });
    expect(confirmPage(view, 'approve', 'P', { locale: 'zh', now: NOW }).html).toContain(
      '报名网站会一直保留，直到你们决定',
    );
    const en = confirmPage(view, 'approve', 'P', { locale: 'en', now: NOW }).html;
    expect(en).toContain('the portal keeps it until you decide');
    expect(en).not.toContain('>kept until you decide');
  });

  it('the status page says so under the hold', () => {
    expect(page(statusData(null, REVIEW), 'zh')).toContain('报名网站会一直保留，直到你们决定');
    expect(page(statusData(null, REVIEW), 'en')).toContain('the portal keeps it until you decide');
  });
});

describe('English dates on the status page', () => {
  it('read "7 Dec, 14:15", never "07/12"', () => {
    const html = page(statusData('2026-12-07T06:15:00.000Z'), 'en');
    expect(html).toContain('held until 7 Dec, 14:15');
    expect(html).not.toMatch(/\b0?7\/12\b/);
  });
});
