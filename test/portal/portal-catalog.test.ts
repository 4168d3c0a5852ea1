import type { Browser, BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { adminPost, loginWithForm, loginWithRequest, seatsOf } from './portal-kit.js';

let browser: Browser;
let portal: RunningPortal;
let context: BrowserContext;
const logLines: string[] = [];

beforeAll(async () => {
  [browser, portal] = await Promise.all([
    launchBrowser(),
    startPortal({ testMode: true, log: (line) => logLines.push(line) }),
  ]);
});
afterAll(async () => {
  await Promise.all([browser?.close(), portal?.close()]);
});
beforeEach(async () => {
  await adminPost(portal.url, 'reset');
  context = await newContext(browser);
});
afterEach(async () => {
  await context.close();
});

interface CourseJson {
  id: string;
  status: string;
  phase: string;
  seatsLeft: number;
  weekday: number;
  startTime: string;
  endTime: string;
  category: string;
}

describe('demo portal catalogue', () => {
  it('lists 64 courses, 12 a page, with filters and pagination links', async () => {
    const page = await context.newPage();
    await loginWithForm(page, portal.url, '/courses');
    await expect(page.locator('.result-count').textContent()).resolves.toBe('64');
    await expect(page.locator('.course-card').count()).resolves.toBe(12);
    await expect(page.locator('.pagination .page-link:not(.prev):not(.next)').count()).resolves.toBe(6);

    await Promise.all([page.waitForURL(/page=2/), page.click('.pagination a.next')]);
    await expect(page.locator('.pagination .current').textContent()).resolves.toBe('2');
    await page.goto(`${portal.url}/courses?page=6`);
    await expect(page.locator('.course-card').count()).resolves.toBe(4);

    await page.selectOption('select[name=category]', '游泳');
    await Promise.all([page.waitForURL(/category=/), page.click('.course-filters button[type=submit]')]);
    await expect(page.locator('.result-count').textContent()).resolves.toBe('8');
    const ids = await page
      .locator('.course-card')
      .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-course-id')));
    expect(ids.every((id) => id?.startsWith('SWIM-'))).toBe(true);
  });

  it('shows the course page markup of the contract and a .not-found page for an unknown id', async () => {
    const page = await context.newPage();
    await loginWithForm(page, portal.url, '/courses/ART-101');
    const detail = page.locator('main.course-detail[data-course-id="ART-101"]');
    await expect(detail.locator('h1.course-title').textContent()).resolves.toBe('少儿国画（初级）');
    await expect(detail.locator('.seats-left').textContent()).resolves.toBe('余位 0');
    await expect(detail.locator('.seats-left').getAttribute('data-seats')).resolves.toBe('0');
    await expect(detail.locator('.course-status').textContent()).resolves.toBe('已满');
    const time = detail.locator('.course-time');
    await expect(time.textContent()).resolves.toBe('周六 09:00-10:30');
    await expect(time.evaluate((el) => ({ ...(el as HTMLElement).dataset }))).resolves.toEqual({
      weekday: '6',
      start: '09:00',
      end: '10:30',
    });
    await expect(detail.locator('.course-fee').getAttribute('data-fee')).resolves.toBe('680');
    await expect(detail.locator('form.add-to-cart select[name=studentId] option').count()).resolves.toBe(2);
    await expect(detail.locator('.add-to-cart-btn').isDisabled()).resolves.toBe(true);

    const missing = await page.goto(`${portal.url}/courses/NOPE-1`);
    expect(missing?.status()).toBe(404);
    await expect(page.locator('.not-found').count()).resolves.toBe(1);
  });

  it('seeds the documented courses: ART-101, ART-102, SWIM-201 full in phase open; a clash; all phases', async () => {
    await loginWithRequest(context.request, portal.url);
    const answer = await context.request.get(
      `${portal.url}/api/courses?ids=ART-101,ART-102,SWIM-201,CAL-101,NOPE-1`,
    );
    const { courses, missing } = (await answer.json()) as { courses: CourseJson[]; missing: string[] };
    expect(missing).toEqual(['NOPE-1']);
    expect(courses.map((c) => [c.id, c.phase, c.status, c.seatsLeft])).toEqual([
      ['ART-101', 'open', 'full', 0],
      ['ART-102', 'open', 'full', 0],
      ['SWIM-201', 'open', 'full', 0],
      ['CAL-101', 'open', 'open', 4],
    ]);
    const [art101, , swim201, clash] = courses;
    expect(`${swim201?.weekday} ${swim201?.startTime}`).not.toBe(`${art101?.weekday} ${art101?.startTime}`);
    expect([clash?.weekday, clash?.startTime, clash?.endTime]).toEqual([
      art101?.weekday,
      art101?.startTime,
      art101?.endTime,
    ]);

    const all = (await (await context.request.get(`${portal.url}/api/courses?pageSize=100`)).json()) as {
      total: number;
      courses: CourseJson[];
    };
    expect(all.total).toBe(64);
    expect(new Set(all.courses.map((c) => c.status))).toEqual(new Set(['open', 'full', 'closed', 'lottery']));
    expect(new Set(all.courses.map((c) => c.category)).size).toBe(8);

    await adminPost(portal.url, 'seats', { courseId: 'ART-101', seats: 1 });
    const opened = (await (await context.request.get(`${portal.url}/api/courses/ART-101`)).json()) as {
      course: CourseJson;
    };
    expect(opened.course).toMatchObject({ status: 'open', seatsLeft: 1 });
  });

  it('frees seats on full courses at random moments with the release schedule, and logs it', async () => {
    expect(
      (
        await adminPost(portal.url, 'release', {
          enabled: true,
          minSeconds: 0.05,
          maxSeconds: 0.1,
          courseIds: ['SWIM-201'],
        })
      ).status,
    ).toBe(200);
    await expect.poll(() => seatsOf(portal.url, 'SWIM-201'), { timeout: 10_000 }).toBe(1);
    expect(logLines.some((line) => line.includes('released a seat on SWIM-201'))).toBe(true);
    await adminPost(portal.url, 'release', { enabled: false });
    // courseIds limits the schedule: other full courses stay full.
    expect(await seatsOf(portal.url, 'ART-101')).toBe(0);
  });
});
