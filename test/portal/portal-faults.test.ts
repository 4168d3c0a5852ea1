import type { Browser, BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { adminPost, adminState, loginWithRequest } from './portal-kit.js';

let browser: Browser;
let portal: RunningPortal;
let context: BrowserContext;
let url: string;

beforeAll(async () => {
  [browser, portal] = await Promise.all([launchBrowser(), startPortal({ testMode: true })]);
  url = portal.url;
});
afterAll(async () => {
  await Promise.all([browser?.close(), portal?.close()]);
});
beforeEach(async () => {
  await adminPost(url, 'reset');
  context = await newContext(browser);
  await loginWithRequest(context.request, url);
});
afterEach(async () => {
  await context.close();
});

const status = async (path: string, timeout?: number) =>
  (await context.request.get(`${url}${path}`, { maxRedirects: 0, ...(timeout ? { timeout } : {}) })).status();

describe('demo portal faults', () => {
  it('answers 500 on the API and on pages, never on login, captcha, static assets or /__admin', async () => {
    expect((await adminPost(url, 'faults', { target: 'all', fault: '500' })).status).toBe(200);
    expect(await status('/api/courses/ART-101')).toBe(500);
    await expect((await context.request.get(`${url}/api/cart`)).json()).resolves.toEqual({
      error: 'internal',
    });
    expect(await status('/courses/ART-101')).toBe(500);
    const page = await context.newPage();
    await page.goto(`${url}/courses`);
    await expect(page.locator('h1').textContent()).resolves.toBe('系统繁忙');

    for (const path of ['/login', '/captcha.svg', '/static/portal.css', '/static/portal.js']) {
      expect((await fetch(`${url}${path}`)).status).toBe(200);
    }
    expect((await fetch(`${url}/__admin/state`)).status).toBe(200);
  });

  it('answers 429 with Retry-After', async () => {
    await adminPost(url, 'faults', { target: 'api', fault: '429', retryAfterSeconds: 7 });
    const api = await context.request.get(`${url}/api/courses?ids=ART-101`);
    expect(api.status()).toBe(429);
    expect(api.headers()['retry-after']).toBe('7');
    await expect(api.json()).resolves.toEqual({ error: 'rate_limited' });

    await adminPost(url, 'faults', { target: 'pages', fault: '429' });
    const page = await context.request.get(`${url}/courses`);
    expect(page.status()).toBe(429);
    expect(page.headers()['retry-after']).toBe('30');
  });

  it('keeps the other target working and switches off with none', async () => {
    await adminPost(url, 'faults', { target: 'api', fault: '500' });
    expect(await status('/api/session')).toBe(500);
    expect(await status('/courses')).toBe(200);
    await adminPost(url, 'faults', { target: 'api', fault: 'none' });
    await adminPost(url, 'faults', { target: 'pages', fault: '500' });
    expect(await status('/api/session')).toBe(200);
    expect(await status('/courses')).toBe(500);
    await adminPost(url, 'faults', { target: 'all', fault: 'none' });
    expect(await status('/courses')).toBe(200);
  });

  it('never answers with hang, so the client times out', async () => {
    await adminPost(url, 'faults', { target: 'api', fault: 'hang' });
    await expect(context.request.get(`${url}/api/courses/ART-101`, { timeout: 300 })).rejects.toThrow(
      /Timeout/i,
    );
    const page = await context.newPage();
    await page.goto(`${url}/courses/ART-101`);
    await expect(page.locator('.course-title').textContent()).resolves.toBe('少儿国画（初级）');
  });

  it('still closes while a request hangs', async () => {
    const own = await startPortal({ testMode: true });
    await adminPost(own.url, 'faults', { target: 'pages', fault: 'hang' });
    const hanging = fetch(`${own.url}/courses`);
    // Give the request time to reach the server, so close() really has a hanging socket to end.
    await expect(Promise.race([hanging, new Promise((r) => setTimeout(r, 200, 'pending'))])).resolves.toBe(
      'pending',
    );
    await own.close();
    await expect(hanging).rejects.toThrow();
  });

  it('answers after delayMs with slow: an impatient client times out, a patient one gets the answer', async () => {
    await adminPost(url, 'faults', { target: 'api', fault: 'slow', delayMs: 1500 });
    await expect(context.request.get(`${url}/api/courses/ART-101`, { timeout: 200 })).rejects.toThrow(
      /Timeout/i,
    );
    expect(await status('/api/courses/ART-101', 10_000)).toBe(200);
  });

  it('changes the course page markup with redesign on pages', async () => {
    await adminPost(url, 'faults', { target: 'pages', fault: 'redesign' });
    const page = await context.newPage();
    await page.goto(`${url}/courses/ART-101`);
    await expect(page.locator('.kc-info').count()).resolves.toBe(1);
    await expect(page.locator('.kc-remain-line').textContent()).resolves.toContain('剩余名额');
    const contractClasses = [
      '.course-detail',
      '.course-title',
      '.seats-left',
      '.course-status',
      '.course-time',
      '.course-campus',
      '.course-teacher',
      '.course-fee',
      'form.add-to-cart',
      '.add-to-cart-btn',
    ];
    await expect(page.locator(contractClasses.join(', ')).count()).resolves.toBe(0);
    await expect(page.locator('body').textContent()).resolves.not.toContain('余位');

    await page.goto(`${url}/courses`);
    await expect(page.locator('.kc-item').count()).resolves.toBe(12);
    await expect(page.locator('.course-card, .seats-left').count()).resolves.toBe(0);
  });

  it('renames the course JSON fields with redesign on the API', async () => {
    await adminPost(url, 'faults', { target: 'api', fault: 'redesign' });
    const one = (await (await context.request.get(`${url}/api/courses/ART-101`)).json()) as {
      course: Record<string, unknown>;
    };
    expect(one.course).toMatchObject({ id: 'ART-101', remain: 0, state: 'full' });
    expect(one.course).not.toHaveProperty('seatsLeft');
    expect(one.course).not.toHaveProperty('status');
    const list = (await (await context.request.get(`${url}/api/courses?ids=SWIM-201`)).json()) as {
      courses: Record<string, unknown>[];
    };
    expect(list.courses[0]).toHaveProperty('remain');
    expect(list.courses[0]).not.toHaveProperty('seatsLeft');
  });
});

describe('demo portal admin', () => {
  it('resets to the seed data with no sessions and no faults', async () => {
    await adminPost(url, 'seats', { courseId: 'ART-101', seats: 5 });
    await adminPost(url, 'faults', { target: 'api', fault: '500' });
    await adminPost(url, 'config', { holdSeconds: 5 });
    expect((await adminPost(url, 'reset')).status).toBe(200);

    const state = await adminState(url);
    expect(state.courses).toHaveLength(64);
    expect(state.courses.find((c) => c.id === 'ART-101')).toMatchObject({
      seats: 0,
      phase: 'open',
      capacity: 20,
    });
    expect(state).toMatchObject({ carts: [], orders: [], sessions: 0, settings: { holdSeconds: 900 } });
    expect(await status('/api/session')).toBe(401);
    expect(await status('/login')).toBe(200);
  });

  it('validates admin bodies and course ids', async () => {
    const bad = await adminPost(url, 'faults', { target: 'api', fault: 'explode' });
    expect(bad.status).toBe(400);
    await expect(bad.json()).resolves.toMatchObject({ error: 'bad_request' });
    expect((await adminPost(url, 'seats', { courseId: 'NOPE-1', seats: 1 })).status).toBe(404);
    expect((await adminPost(url, 'seats', { courseId: 'ART-101', seats: -1 })).status).toBe(400);
    expect((await adminPost(url, 'seats', { courseId: 'ART-101', seats: 21 })).status).toBe(400);
    expect((await adminPost(url, 'release', { enabled: true, minSeconds: 5, maxSeconds: 1 })).status).toBe(
      400,
    );
  });
});
