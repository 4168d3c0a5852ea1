import type { APIRequestContext, Browser, BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { adminPost, adminState, loginWithForm, loginWithRequest, NEIGHBOUR, seatsOf } from './portal-kit.js';

let browser: Browser;
let portal: RunningPortal;
let context: BrowserContext;

beforeAll(async () => {
  [browser, portal] = await Promise.all([launchBrowser(), startPortal({ testMode: true })]);
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

function client(request: APIRequestContext, csrfToken: string) {
  const headers = { 'X-CSRF-Token': csrfToken };
  return {
    add: (courseId: string, studentId: string) =>
      request.post(`${portal.url}/api/cart`, { data: { courseId, studentId }, headers }),
    remove: (itemId: string) => request.delete(`${portal.url}/api/cart/${itemId}`, { headers }),
    order: (itemId: string) => request.post(`${portal.url}/api/orders`, { data: { itemId }, headers }),
    cancel: (orderId: string) => request.post(`${portal.url}/api/orders/${orderId}/cancel`, { headers }),
  };
}

describe('demo portal cart', () => {
  it('takes a seat when a parent adds to the cart on the course page', async () => {
    await adminPost(portal.url, 'seats', { courseId: 'ART-101', seats: 2 });
    const page = await context.newPage();
    await loginWithForm(page, portal.url, '/courses/ART-101');
    await expect(page.locator('.seats-left b').textContent()).resolves.toBe('2');
    await expect(page.locator('.course-status').getAttribute('data-status')).resolves.toBe('open');

    await page.selectOption('select[name=studentId]', 'S002');
    await page.click('.add-to-cart-btn');
    await page.waitForSelector('.cart-message:not([hidden])');
    await expect(page.locator('.cart-message').textContent()).resolves.toContain('已为弟弟保留名额');
    await expect(page.locator('.seats-left b').textContent()).resolves.toBe('1');
    await expect(page.locator('.cart-count').textContent()).resolves.toBe('1');
    const held = await adminState(portal.url);
    expect(held.carts).toMatchObject([{ courseId: 'ART-101', studentId: 'S002', username: '13800000000' }]);
    expect(held.courses.find((c) => c.id === 'ART-101')?.seats).toBe(1);

    await page.click('.add-to-cart-btn');
    await page.waitForSelector('.cart-message.error');
    await expect(page.locator('.cart-message').textContent()).resolves.toBe(
      '该学员已在购物车中保留了这门课程',
    );
  });

  it('gives the seat back when a hold made on the page expires after holdSeconds', async () => {
    await adminPost(portal.url, 'seats', { courseId: 'ART-101', seats: 2 });
    await adminPost(portal.url, 'config', { holdSeconds: 1 });
    const page = await context.newPage();
    await loginWithForm(page, portal.url, '/courses/ART-101');
    await page.click('.add-to-cart-btn');
    await page.waitForSelector('.cart-message:not([hidden])');
    await expect(page.locator('.cart-message').textContent()).resolves.toContain('已为姐姐保留名额');

    await expect
      .poll(
        async () => {
          const state = await adminState(portal.url);
          return { carts: state.carts.length, seats: state.courses.find((c) => c.id === 'ART-101')?.seats };
        },
        { timeout: 10_000 },
      )
      .toEqual({ carts: 0, seats: 2 });
  });

  it('shows the hold with a countdown in the cart, submits it as an order and cancels it from the pages', async () => {
    await adminPost(portal.url, 'seats', { courseId: 'SWIM-201', seats: 1 });
    const csrf = await loginWithRequest(context.request, portal.url);
    expect((await client(context.request, csrf).add('SWIM-201', 'S002')).status()).toBe(201);
    const page = await context.newPage();
    await page.goto(`${portal.url}/cart`);
    await expect(page.locator('.cart-item').getAttribute('data-course-id')).resolves.toBe('SWIM-201');
    await expect(page.locator('.cart-item .countdown').textContent()).resolves.toMatch(/^1[45]:\d\d$/);

    await Promise.all([page.waitForURL(`${portal.url}/orders`), page.click('.submit-order-btn')]);
    await expect(page.locator('.order-status').textContent()).resolves.toBe('待支付');
    expect(await seatsOf(portal.url, 'SWIM-201')).toBe(0);

    await page.click('.cancel-order-btn');
    await page.waitForSelector('.order-status[data-status=cancelled]');
    await expect(page.locator('.order-status').textContent()).resolves.toBe('已取消');
    expect(await seatsOf(portal.url, 'SWIM-201')).toBe(1);
  });

  it('moves seats on API add, remove, order and cancel as /__admin/state shows', async () => {
    await adminPost(portal.url, 'seats', { courseId: 'ART-102', seats: 3 });
    const api = client(context.request, await loginWithRequest(context.request, portal.url));

    const added = await api.add('ART-102', 'S001');
    expect(added.status()).toBe(201);
    const { item } = (await added.json()) as { item: { itemId: string; expiresAt: string; heldAt: string } };
    expect(Date.parse(item.expiresAt) - Date.parse(item.heldAt)).toBe(900_000);
    expect(await seatsOf(portal.url, 'ART-102')).toBe(2);

    expect((await api.remove(item.itemId)).status()).toBe(204);
    expect(await seatsOf(portal.url, 'ART-102')).toBe(3);
    expect((await api.remove(item.itemId)).status()).toBe(404);

    const again = (await (await api.add('ART-102', 'S001')).json()) as { item: { itemId: string } };
    const ordered = await api.order(again.item.itemId);
    expect(ordered.status()).toBe(201);
    const { order } = (await ordered.json()) as { order: { orderId: string; status: string } };
    expect(order.status).toBe('pending_payment');
    let state = await adminState(portal.url);
    expect(state.carts).toEqual([]);
    expect(state.orders).toMatchObject([
      { orderId: order.orderId, courseId: 'ART-102', status: 'pending_payment' },
    ]);
    expect(state.courses.find((c) => c.id === 'ART-102')?.seats).toBe(2);
    expect((await api.order(again.item.itemId)).status()).toBe(404);

    const cancelled = await api.cancel(order.orderId);
    expect(cancelled.status()).toBe(200);
    await expect(cancelled.json()).resolves.toMatchObject({ order: { status: 'cancelled' } });
    expect((await api.cancel(order.orderId)).status()).toBe(200);
    state = await adminState(portal.url);
    expect(state.orders).toMatchObject([{ status: 'cancelled' }]);
    expect(state.courses.find((c) => c.id === 'ART-102')?.seats).toBe(3);
    expect((await api.cancel('o999')).status()).toBe(404);
  });

  it('refuses a second hold for the same child, a full cart, a course not open, and unknown ids', async () => {
    await adminPost(portal.url, 'config', { maxCartItems: 2 });
    const api = client(context.request, await loginWithRequest(context.request, portal.url));

    const first = await api.add('CAL-101', 'S001');
    expect(first.status()).toBe(201);
    const twice = await api.add('CAL-101', 'S001');
    expect(twice.status()).toBe(409);
    const body = (await twice.json()) as { error: string; item: { itemId: string } };
    expect(body.error).toBe('already_in_cart');
    expect(body.item.itemId).toBe(((await first.json()) as { item: { itemId: string } }).item.itemId);

    expect((await api.add('CAL-101', 'S002')).status()).toBe(201);
    await expect((await api.add('ART-104', 'S001')).json()).resolves.toEqual({ error: 'cart_full' });
    await expect((await api.add('ART-103', 'S001')).json()).resolves.toEqual({ error: 'not_open' });
    await expect((await api.add('ART-106', 'S001')).json()).resolves.toEqual({ error: 'not_open' });
    expect((await api.add('NOPE-1', 'S001')).status()).toBe(404);
    await expect((await api.add('CAL-102', 'S003')).json()).resolves.toEqual({ error: 'unknown_student' });
  });

  it('answers no_seats for a full course', async () => {
    const api = client(context.request, await loginWithRequest(context.request, portal.url));
    const full = await api.add('ART-101', 'S001');
    expect(full.status()).toBe(409);
    await expect(full.json()).resolves.toEqual({ error: 'no_seats' });
  });

  it('lets exactly one of two clients racing for the last seat win', async () => {
    await adminPost(portal.url, 'seats', { courseId: 'SWIM-201', seats: 1 });
    const other = await newContext(browser);
    try {
      const [mom, neighbour] = await Promise.all([
        loginWithRequest(context.request, portal.url).then((csrf) => client(context.request, csrf)),
        loginWithRequest(other.request, portal.url, NEIGHBOUR).then((csrf) => client(other.request, csrf)),
      ]);
      const answers = await Promise.all([mom.add('SWIM-201', 'S001'), neighbour.add('SWIM-201', 'S003')]);
      expect(answers.map((a) => a.status()).sort()).toEqual([201, 409]);
      const loser = answers.find((a) => a.status() === 409);
      await expect(loser?.json()).resolves.toEqual({ error: 'no_seats' });
      const state = await adminState(portal.url);
      expect(state.carts).toHaveLength(1);
      expect(state.courses.find((c) => c.id === 'SWIM-201')?.seats).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('refuses API writes without the session CSRF token', async () => {
    await adminPost(portal.url, 'seats', { courseId: 'ART-101', seats: 1 });
    await loginWithRequest(context.request, portal.url);
    const data = { courseId: 'ART-101', studentId: 'S001' };
    const missing = await context.request.post(`${portal.url}/api/cart`, { data });
    expect(missing.status()).toBe(403);
    await expect(missing.json()).resolves.toEqual({ error: 'csrf' });
    const wrong = await context.request.post(`${portal.url}/api/cart`, {
      data,
      headers: { 'X-CSRF-Token': 'guess' },
    });
    expect(wrong.status()).toBe(403);
    expect((await context.request.delete(`${portal.url}/api/cart/c1`)).status()).toBe(403);
    expect(await seatsOf(portal.url, 'ART-101')).toBe(1);
  });
});
