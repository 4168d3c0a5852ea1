import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildStatusPageData } from '../../src/app/status/status-page-data.js';
import { confirmPage } from '../../src/approve/pages.js';
import { renderStatusPage } from '../../src/approve/status-page.js';
import type { Schedule } from '../../src/core/types.js';
import { catalogue } from '../../src/i18n/catalogue.js';
import { renderPlainText } from '../../src/notify/render.js';
import { NOW, sampleView } from '../approve/fake-decider.js';
import * as f from '../notify/fixtures.js';
import { type SyntheticWorld, syntheticWorld } from '../status/synthetic.js';

/**
 * Issue 27 item 5 and issue 29 ("cards show 1月16日 周六, but check, the confirm page and the submitted
 * alert drop the date"): one wording of a schedule per locale, with its dates, everywhere it is shown.
 */

const t = { start: '09:00', end: '11:00' };
const SHAPES: [string, Schedule, string, string][] = [
  ['a weekly class without dates (as before)', { ...t, weekday: 6 }, '周六 09:00-11:00', 'Sat 09:00-11:00'],
  [
    'one date (as the spa flow gives it)',
    { ...t, weekday: 6, date: '2027-01-16' },
    '1月16日 周六 09:00-11:00',
    'Sat 16 Jan 09:00-11:00',
  ],
  ['one date alone', { ...t, date: '2027-01-17' }, '1月17日 周日 09:00-11:00', 'Sun 17 Jan 09:00-11:00'],
  [
    'every day of a range',
    { ...t, from: '2027-01-20', until: '2027-01-26' },
    '1月20日—1月26日 每天 09:00-11:00',
    '20 Jan – 26 Jan, every day 09:00-11:00',
  ],
  [
    'a weekly class over a term',
    { ...t, weekday: 6, from: '2027-03-01', until: '2027-06-14' },
    '每周六 09:00-11:00（3月1日—6月14日）',
    'every Sat 09:00-11:00 (1 Mar – 14 Jun)',
  ],
  [
    'a weekly class from a first date',
    { ...t, weekday: 7, from: '2027-03-07' },
    '每周日 09:00-11:00（3月7日起）',
    'every Sun 09:00-11:00 (from 7 Mar)',
  ],
  [
    'a weekly class until a last date',
    { ...t, weekday: 1, until: '2027-06-14' },
    '每周一 09:00-11:00（至6月14日）',
    'every Mon 09:00-11:00 (until 14 Jun)',
  ],
  [
    'listed weekdays of a range',
    { ...t, weekdays: [5, 1, 3], from: '2027-01-18', until: '2027-02-05' },
    '每周一、三、五 09:00-11:00（1月18日—2月5日）',
    'every Mon, Wed, Fri 09:00-11:00 (18 Jan – 5 Feb)',
  ],
  [
    'two weekdays without dates',
    { ...t, weekdays: [2, 4] },
    '每周二、四 09:00-11:00',
    'every Tue, Thu 09:00-11:00',
  ],
  ['a schedule that means nothing', { ...t, weekday: 0 }, '', ''],
];

describe('the catalogue words every schedule shape with its dates', () => {
  it.each(SHAPES)('%s', (_, schedule, zh, en) => {
    expect(catalogue('zh').schedule(schedule)).toBe(zh);
    expect(catalogue('en').schedule(schedule)).toBe(en);
    // The alerts, the pages and `check` all say it the same way.
    for (const locale of ['zh', 'en'] as const) {
      const m = catalogue(locale);
      expect([m.alerts.schedule(schedule), m.pages.schedule(schedule), m.cli.schedule(schedule)]).toEqual([
        m.schedule(schedule),
        m.schedule(schedule),
        m.schedule(schedule),
      ]);
    }
  });

  it('names the dates of a clash too', () => {
    const term = { courseId: 'ART-1', kind: 'order' as const, title: '国画', schedule: SHAPES[4]![1] };
    expect(catalogue('zh').alerts.clash(term)).toBe(
      '与「国画」（每周六 09:00-11:00（3月1日—6月14日），已报名）时间冲突',
    );
    expect(catalogue('en').alerts.clash(term)).toBe(
      'clashes with "国画" (every Sat 09:00-11:00 (1 Mar – 14 Jun), enrolled)',
    );
    const nothing = { ...term, schedule: { ...t, weekday: 0 } };
    expect(catalogue('zh').alerts.clash(nothing)).toBe('与「国画」（已报名）时间冲突');
  });
});

describe('alerts and pages keep the date', () => {
  const dated = f.observation({ schedule: { weekday: 6, start: '09:00', end: '10:30', date: '2027-01-16' } });
  const range = f.observation({
    schedule: { from: '2027-01-20', until: '2027-01-26', start: '09:00', end: '11:00' },
  });

  it('the "submitted" alert (and every hold result) says when the course meets, with its date', () => {
    const approved = { ...f.holdResult('approved'), observation: dated };
    expect(renderPlainText(approved)).toContain('上课：1月16日 周六 09:00-10:30');
    expect(renderPlainText(approved, { locale: 'en' })).toContain('Time: Sat 16 Jan 09:00-10:30');
    const released = { ...f.holdResult('released'), observation: range };
    expect(renderPlainText(released)).toContain('上课：1月20日—1月26日 每天 09:00-11:00');
  });

  it('the opening and hold cards say the range', () => {
    expect(renderPlainText(f.opening({ observation: range }))).toContain('1月20日—1月26日 每天 09:00-11:00');
    expect(renderPlainText(f.holdMade({ observation: range }), { locale: 'en' })).toContain(
      '20 Jan – 26 Jan, every day 09:00-11:00',
    );
  });

  it('the confirm page says the date', () => {
    const view = sampleView({ observation: { ...sampleView().observation, schedule: dated.schedule } });
    expect(confirmPage(view, 'approve', 'P', { locale: 'zh', now: NOW }).html).toContain(
      '<dt>上课时间</dt><dd>1月16日 周六 09:00-10:30</dd>',
    );
    expect(confirmPage(view, 'release', 'P', { locale: 'en', now: NOW }).html).toContain(
      'Sat 16 Jan 09:00-10:30',
    );
  });
});

describe('the status page shows when each course and each hold meets', () => {
  const now = new Date('2027-01-10T04:00:00.000Z');
  let world: SyntheticWorld;
  beforeEach(async () => {
    world = await syntheticWorld({ children: 1, courses: 2, now });
  });
  afterEach(() => world.close());

  it('from the store: a course over a term, a held dated event', async () => {
    const term: Schedule = {
      weekday: 6,
      from: '2027-03-06',
      until: '2027-06-12',
      start: '09:00',
      end: '10:30',
    };
    const day: Schedule = { date: '2027-01-23', start: '14:00', end: '15:30' };
    const seen = (courseId: string, schedule: Schedule) => ({
      courseId,
      title: `课程 ${courseId}`,
      seats: 0,
      state: 'full' as const,
      schedule,
      url: `http://127.0.0.1:4173/courses/${courseId}`,
    });
    await world.repos.observations.save('mom', [seen('C101', term), seen('C102', day)], now);
    await world.repos.holds.create({
      id: 'h1',
      accountId: 'mom',
      targetId: world.config.targets[0]!.id,
      childId: 'kid1',
      courseId: 'C102',
      title: '课程 C102',
      schedule: day,
      status: 'held',
      portal: { id: 'r1', courseId: 'C102', heldAt: now.toISOString(), expiresAt: null },
      createdAt: now.toISOString(),
    });
    const data = await buildStatusPageData(world, []);
    const page = (locale: 'zh' | 'en') =>
      renderStatusPage(data, { locale, decidePath: '/s/x/decide', proof: () => 'p' });
    expect(page('zh')).toContain('<p class="small when">每周六 09:00-10:30（3月6日—6月12日）</p>');
    const holdRow = page('zh').slice(page('zh').indexOf('data-hold="h1"'));
    expect(holdRow).toContain('<p class="small when">1月23日 周六 14:00-15:30</p>');
    expect(page('en')).toContain('Sat 23 Jan 14:00-15:30');
  });
});
