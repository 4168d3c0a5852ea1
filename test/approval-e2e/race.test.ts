import type { BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { TOKENS_NS } from '../../src/approve/server.js';
import { newContext } from '../../src/browser/launch.js';
import { NS } from '../../src/store/namespaces.js';
import { type Engine, onlyHold, type Stage, startEngine, startStage } from './harness.js';
import {
  headingOf,
  holdCardLinks,
  messagesOf,
  openLink,
  portalState,
  pressConfirm,
  seatsOf,
  textOf,
} from './observe.js';

/** Issue 7: decisions racing for one hold end in one decision at the portal. */

const SISTER_ART = '{ child: sister, courses: [ART-101], autoHold: true }';

describe('racing decisions on one hold', () => {
  let stage: Stage;
  let engine: Engine | undefined;
  let phoneA: BrowserContext;
  let phoneB: BrowserContext;

  beforeAll(async () => {
    stage = await startStage();
  });
  afterAll(async () => {
    await stage?.close();
  });
  beforeEach(async () => {
    phoneA = await newContext(stage.browser);
    phoneB = await newContext(stage.browser);
  });
  afterEach(async () => {
    await phoneA.close();
    await phoneB.close();
    await engine?.close();
    engine = undefined;
  });

  async function holdArt101(): Promise<Engine> {
    engine = await startEngine(stage, { targets: [SISTER_ART] });
    stage.portal.admin.setSeats('ART-101', 1);
    await runCycle(engine.rt);
    await engine.sender.drainOnce();
    return engine;
  }

  it('two parents pressing the approve link and the terminal approving at once make exactly one order', async () => {
    const e = await holdArt101();
    const { approveUrl } = holdCardLinks(stage.sink);
    const held = await onlyHold(e.rt);
    const a = await openLink(phoneA, approveUrl);
    const b = await openLink(phoneB, approveUrl);
    // A slow portal keeps the first decision in flight while the others arrive.
    stage.portal.admin.setFault('api', 'slow', { delayMs: 600 });

    const [pageA, pageB, terminal] = await Promise.all([
      pressConfirm(a.page),
      pressConfirm(b.page),
      e.decider.decide(held.id, 'approve', { via: 'cli' }),
    ]);

    const winners = [
      pageA.heading === '已提交报名订单',
      pageB.heading === '已提交报名订单',
      terminal.outcome === 'approved',
    ].filter(Boolean);
    expect(winners).toHaveLength(1);
    for (const page of [pageA, pageB]) {
      expect(['已提交报名订单', '这个链接已经用过了', '这个名额已经处理过了']).toContain(page.heading);
    }
    expect(['approved', 'already']).toContain(terminal.outcome);
    for (const { page } of [a, b]) {
      if ((await headingOf(page)) === '这个名额已经处理过了') {
        await expect(page.locator('main').textContent()).resolves.toContain('已确认报名');
      }
    }

    stage.portal.admin.setFault('api', 'none');
    const portal = await portalState(stage);
    expect(portal.orders).toHaveLength(1);
    expect(portal.orders[0]).toMatchObject({
      courseId: 'ART-101',
      studentId: 'S001',
      status: 'pending_payment',
    });
    expect(portal.carts).toEqual([]);
    const record = await onlyHold(e.rt);
    expect(record.status).toBe('approved');
    expect(record.decisions).toHaveLength(1);
    await e.sender.drainOnce();
    expect(messagesOf(stage.sink, 'hold_result')).toHaveLength(1);
  });

  it('the approve and the release link pressed at once end in one decision the portal agrees with', async () => {
    const e = await holdArt101();
    const { approveUrl, releaseUrl } = holdCardLinks(stage.sink);
    const a = await openLink(phoneA, approveUrl);
    const b = await openLink(phoneB, releaseUrl);
    stage.portal.admin.setFault('api', 'slow', { delayMs: 600 });

    const [approve, release] = await Promise.all([pressConfirm(a.page), pressConfirm(b.page)]);

    const approved = approve.heading === '已提交报名订单';
    const released = release.heading === '已放弃，名额已释放';
    expect([approved, released].filter(Boolean)).toHaveLength(1);
    expect((approved ? release : approve).heading).toBe('这个名额已经处理过了');
    // The page that lost says how the hold ended, not that it is still waiting.
    const loser = await (approved ? b : a).page.locator('main').textContent();
    expect(loser).toContain(approved ? '已确认报名' : '已放弃');
    expect(loser).not.toContain('待确认');
    stage.portal.admin.setFault('api', 'none');

    const portal = await portalState(stage);
    const record = await onlyHold(e.rt);
    expect(portal.carts).toEqual([]);
    if (approved) {
      expect(record.status).toBe('approved');
      expect(portal.orders.map((o) => o.status)).toEqual(['pending_payment']);
      expect(seatsOf(portal, 'ART-101')).toBe(0);
    } else {
      expect(record.status).toBe('released');
      expect(portal.orders).toEqual([]);
      expect(seatsOf(portal, 'ART-101')).toBe(1);
    }
    expect(record.decisions).toHaveLength(1);
    await e.sender.drainOnce();
    expect(messagesOf(stage.sink, 'hold_result')).toHaveLength(1);
  });

  it('a decision that fails at the portal while another waits leaves the hold and the waiting link usable', async () => {
    const e = await holdArt101();
    const { releaseUrl } = holdCardLinks(stage.sink);
    const held = await onlyHold(e.rt);
    const before = await portalState(stage);
    const b = await openLink(phoneB, releaseUrl);

    // The terminal's approval claims the hold and is held up at the portal…
    // (Slow enough that the release below arrives while it waits, also on a busy 2-core machine.)
    stage.portal.admin.setFault('api', 'slow', { delayMs: 3_000 });
    const terminal = e.decider.decide(held.id, 'approve', { via: 'cli' });
    await vi.waitFor(async () => expect(await claimOf(e, held.id)).toBeDefined(), { timeout: 1_000 });
    // …while a parent presses release, which waits for it…
    const pressed = pressConfirm(b.page);
    await vi.waitFor(async () => expect(await spent(e, releaseUrl)).toBe(true), { timeout: 2_000 });
    await new Promise((r) => setTimeout(r, 300));
    // …and then the portal fails the order.
    stage.portal.admin.setFault('api', '500');

    expect((await terminal).outcome).toBe('failed');
    expect(await pressed).toEqual({ status: 502, heading: '官网暂时出错，这次没有办成' });
    stage.portal.admin.setFault('api', 'none');
    expect(await portalState(stage)).toEqual(before);
    const record = await onlyHold(e.rt);
    expect(record.status).toBe('held');
    expect(record.decisions).toEqual([]);

    // Nothing was decided, so the parent's link still works.
    const again = await openLink(phoneB, releaseUrl);
    expect(again.status).toBe(200);
    expect((await pressConfirm(again.page)).heading).toBe('已放弃，名额已释放');
    expect((await onlyHold(e.rt)).status).toBe('released');
    await e.sender.drainOnce();
    // The group hears both: the terminal's approval that did not go through (the seat still held),
    // then the release.
    const results = messagesOf(stage.sink, 'hold_result').map(textOf);
    expect(results).toHaveLength(2);
    expect(results[0]).toContain('批准没有办成');
    expect(results[1]).not.toContain('没有办成');
  });

  it('a decision claim left behind by a crashed process is taken over once it is stale', async () => {
    const e = await holdArt101();
    const held = await onlyHold(e.rt);
    // What a process killed in the middle of confirm leaves behind, 11 minutes ago.
    await e.rt.kv.set(NS.holdClaims, held.id, {
      action: 'approve',
      at: new Date(e.clock.now().getTime() - 11 * 60_000).toISOString(),
      via: 'link',
    });
    const result = await e.decider.decide(held.id, 'approve', { via: 'cli' });
    expect(result.outcome).toBe('approved');
    const orders = (await portalState(stage)).orders.filter((o) => o.status === 'pending_payment');
    expect(orders).toHaveLength(1);
  });

  it('an approved hold whose order the portal cancelled stops covering its target, which alerts again', async () => {
    const e = await holdArt101();
    const held = await onlyHold(e.rt);
    expect((await e.decider.decide(held.id, 'approve', { via: 'cli' })).outcome).toBe('approved');
    const orderId = (await e.rt.repos.holds.get(held.id))?.order?.id;
    await runCycle(e.rt); // the course reads full while the order holds the seat
    // The parent did not pay in time: the portal cancels the order and the seat returns.
    await e.rt.withAccount('mom', async (ctx) => {
      const session = (await (await ctx.request.get(`${ctx.baseUrl}/api/session`)).json()) as {
        csrfToken: string;
      };
      const res = await ctx.request.post(`${ctx.baseUrl}/api/orders/${orderId}/cancel`, {
        headers: { 'x-csrf-token': session.csrfToken },
      });
      expect(res.status()).toBe(200);
    });
    e.clock.offsetMs = 2 * 60 * 60_000; // past the cool-down of the first opening
    await runCycle(e.rt);
    expect((await e.rt.repos.holds.get(held.id))?.status).toBe('expired');
    const openings = (await e.rt.repos.alerts.list()).filter(
      (a) => a.kind === 'opening' && a.courseId === 'ART-101',
    );
    expect(openings.length).toBe(2);
  });

  it('issue 14: a cancelled order is announced and the reopened seat alerts at once, within the cool-down', async () => {
    const e = await holdArt101();
    const held = await onlyHold(e.rt);
    expect((await e.decider.decide(held.id, 'approve', { via: 'cli' })).outcome).toBe('approved');
    const orderId = (await e.rt.repos.holds.get(held.id))?.order?.id;
    await runCycle(e.rt);
    await e.rt.withAccount('mom', async (ctx) => {
      const session = (await (await ctx.request.get(`${ctx.baseUrl}/api/session`)).json()) as {
        csrfToken: string;
      };
      const res = await ctx.request.post(`${ctx.baseUrl}/api/orders/${orderId}/cancel`, {
        headers: { 'x-csrf-token': session.csrfToken },
      });
      expect(res.status()).toBe(200);
    });
    e.clock.offsetMs = 5 * 60_000; // well inside the 30-minute cool-down of the first opening
    await runCycle(e.rt);
    expect((await e.rt.repos.holds.get(held.id))?.status).toBe('expired');
    const alerts = await e.rt.repos.alerts.list();
    expect(alerts.filter((a) => a.kind === 'opening' && a.courseId === 'ART-101')).toHaveLength(2);
    expect(alerts.filter((a) => a.kind === 'hold_result').length).toBeGreaterThanOrEqual(2);
  });
});

const anyRecord = z.object({}).passthrough();

async function claimOf(e: Engine, holdId: string) {
  return e.rt.kv.get(NS.holdClaims, holdId, anyRecord);
}

/** Whether the approval server has recorded the link as used (it does so before deciding). */
async function spent(e: Engine, url: string): Promise<boolean> {
  const payload = url.slice(url.indexOf('/h/') + 3).split('.')[0] ?? '';
  const { n } = z.object({ n: z.string() }).parse(JSON.parse(Buffer.from(payload, 'base64url').toString()));
  return (await e.rt.kv.get(TOKENS_NS, n, anyRecord)) !== undefined;
}
