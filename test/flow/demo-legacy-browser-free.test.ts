import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import flow from '../../flows/demo-legacy.js';
import { newRequestContext } from '../../src/browser/launch.js';
import { createLazySession } from '../../src/browser/lazy-session.js';
import type { Flow, FlowContext } from '../../src/flow/types.js';
import { type RunningLegacyPortal, startPortal } from '../../src/portal/server.js';

// Issue 28: the legacy flow logs in, observes, pre-registers and releases through requests alone — a
// context that fails the moment anything asks for a browser.
let portal: RunningLegacyPortal;
let ctx: FlowContext;
let dispose: () => Promise<void>;
const legacy = flow as Flow;

beforeAll(async () => {
  portal = await startPortal({ style: 'legacy', testMode: true });
});
afterAll(async () => {
  await portal?.close();
});
beforeEach(async () => {
  portal.admin.reset();
  await dispose?.();
  const request = await newRequestContext({
    storageState: { cookies: [], origins: [] },
    baseURL: portal.url,
  });
  const lazy = createLazySession({
    baseUrl: portal.url,
    accountId: 'mom',
    request,
    options: { timeoutMs: 10_000 },
    openContext: () => Promise.reject(new Error('this test expects no browser')),
  });
  ctx = lazy.ctx;
  dispose = () => request.dispose();
  await legacy.login?.(ctx, { username: '13800000000', password: 'demo1234', captcha: '8888' });
});

describe('demo-legacy without a browser', () => {
  it('logs in by requests (captcha, then the SMS code of the test-mode page)', async () => {
    await expect(legacy.checkSession(ctx)).resolves.toBe('ok');
    expect(portal.admin.state().sessions).toBe(1);
  });

  it('reads seats, titles in GBK and the three kinds of schedule from the course list', async () => {
    portal.admin.setSeats('ART-101', 3);
    const seen = await legacy.observe(ctx, [{ id: 'ART-101' }, { id: 'SWIM-201' }, { id: 'SCI-101' }]);
    expect(seen.map((o) => [o.courseId, o.title, o.state, o.seats])).toEqual([
      ['ART-101', '少儿国画（初级）', 'open', 3],
      ['SWIM-201', '蛙泳入门（暑期班）', 'full', 0],
      ['SCI-101', '趣味科学实验', 'closed', null],
    ]);
    expect(seen[0]?.schedule).toEqual({
      start: '09:00',
      end: '10:30',
      weekday: 6,
      from: '2027-03-01',
      until: '2027-06-14',
    });
    expect(seen[1]?.schedule).toEqual({
      start: '10:00',
      end: '11:00',
      from: '2027-01-20',
      until: '2027-01-26',
    });
    expect(seen[2]?.schedule).toEqual({ start: '13:30', end: '15:00', date: '2027-02-01' });
  });

  it('pre-registers, proves it in the unpaid orders with the portal’s deadline, and releases it', async () => {
    portal.admin.setSeats('ART-101', 1);
    const child = { id: 'sister', name: '姐姐', account: 'mom', studentId: 'S001' };
    const held = await legacy.hold!(ctx, { id: 'ART-101' }, child);
    const [order] = portal.admin.state().orders;
    expect(held).toMatchObject({ id: order?.orderId, courseId: 'ART-101', studentId: 'S001' });
    expect(held.expiresAt).toBe(
      new Date(Math.floor(Date.parse(order?.deadline ?? '') / 1000) * 1000).toISOString(),
    );
    expect(await legacy.listOrders!(ctx)).toMatchObject([{ id: order?.orderId, status: 'pending_payment' }]);
    await legacy.release!(ctx, held);
    expect(portal.admin.state().orders[0]).toMatchObject({ status: 'cancelled', cancelReason: 'user' });
    expect(await legacy.listOrders!(ctx)).toMatchObject([{ id: order?.orderId, status: 'cancelled' }]);
    expect(await legacy.listHolds!(ctx)).toEqual([]);
  });
});
