import type { BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { startDaemon } from '../../src/app/process/daemon.js';
import { newContext } from '../../src/browser/launch.js';
import { type Engine, onlyHold, type Stage, startEngine, startStage } from './harness.js';
import {
  formFields,
  headingOf,
  holdCardLinks,
  kindsReceived,
  messagesOf,
  openLink,
  portalState,
  pressConfirm,
  seatsOf,
  tamper,
  textOf,
} from './observe.js';

/** Issue 7: a seat opens, jianlou holds it, a parent decides from the link in the alert. */

const SISTER_ART = '{ child: sister, courses: [ART-101], autoHold: true }';

describe('hold → approve / release from the alert', () => {
  let stage: Stage;
  let engine: Engine | undefined;
  let parent: BrowserContext;

  beforeAll(async () => {
    stage = await startStage();
  });
  afterAll(async () => {
    await stage?.close();
  });
  beforeEach(async () => {
    parent = await newContext(stage.browser);
  });
  afterEach(async () => {
    await parent.close();
    await engine?.close();
    engine = undefined;
  });

  it('approving from the hold card (daemon) submits exactly one order and says so in the group', async () => {
    engine = await startEngine(stage, { targets: [SISTER_ART], approvalServer: false });
    const daemon = await startDaemon(engine.rt, { checkAtStart: false, tickMs: 200 });
    try {
      stage.portal.admin.setSeats('ART-101', 1);
      await daemon.scheduler.runNow();
      await vi.waitFor(() => expect(kindsReceived(stage.sink)).toEqual(['opening', 'hold_made']), {
        timeout: 10_000,
      });
      const held = await onlyHold(engine.rt);
      expect(held.status).toBe('held');
      expect((await portalState(stage)).carts).toHaveLength(1);

      const { approveUrl } = holdCardLinks(stage.sink);
      expect(approveUrl.startsWith(`${daemon.approval!.publicUrl}/h/`)).toBe(true);
      const { page, status } = await openLink(parent, approveUrl);
      expect(status).toBe(200);
      // Opening the link shows; only the button decides.
      expect((await portalState(stage)).orders).toEqual([]);
      const answer = await pressConfirm(page);
      expect(answer).toEqual({ status: 200, heading: '已提交报名订单' });

      const portal = await portalState(stage);
      expect(portal.orders).toHaveLength(1);
      expect(portal.orders[0]).toMatchObject({
        courseId: 'ART-101',
        studentId: 'S001',
        status: 'pending_payment',
      });
      expect(portal.carts).toEqual([]);
      await expect(page.locator('.order').textContent()).resolves.toBe(portal.orders[0]!.orderId);

      const record = await onlyHold(engine.rt);
      expect(record.status).toBe('approved');
      expect(record.order?.id).toBe(portal.orders[0]!.orderId);
      expect(record.decisions).toHaveLength(1);
      const decision = record.decisions[0]!;
      expect(decision.action).toBe('approve');
      expect(decision.ip).toBe('127.0.0.1');
      expect(decision.userAgent).toBe(await page.evaluate(() => navigator.userAgent));

      await vi.waitFor(() => expect(messagesOf(stage.sink, 'hold_result')).toHaveLength(1), {
        timeout: 10_000,
      });
      const result = textOf(messagesOf(stage.sink, 'hold_result')[0]!);
      expect(result).toContain('已提交报名：');
      expect(result).toContain(portal.orders[0]!.orderId);
      expect(result).toContain('127.0.0.1');
    } finally {
      await daemon.stop();
    }
  });

  it('releasing from the hold card gives the seat back and orders nothing', async () => {
    engine = await startEngine(stage, { targets: [SISTER_ART] });
    stage.portal.admin.setSeats('ART-101', 1);
    await runCycle(engine.rt);
    await engine.sender.drainOnce();
    const before = await portalState(stage);
    expect(seatsOf(before, 'ART-101')).toBe(0);
    expect(before.carts).toHaveLength(1);

    const { page } = await openLink(parent, holdCardLinks(stage.sink).releaseUrl);
    await expect(page.locator('.action').textContent()).resolves.toBe('放弃并释放名额');
    expect(await pressConfirm(page)).toEqual({ status: 200, heading: '已放弃，名额已释放' });

    const after = await portalState(stage);
    expect(seatsOf(after, 'ART-101')).toBe(1);
    expect(after.carts).toEqual([]);
    expect(after.orders).toEqual([]);
    const record = await onlyHold(engine.rt);
    expect(record.status).toBe('released');
    expect(record.decisions.map((d) => [d.action, d.ip])).toEqual([['release', '127.0.0.1']]);

    await engine.sender.drainOnce();
    expect(kindsReceived(stage.sink)).toEqual(['opening', 'hold_made', 'hold_result']);
    expect(textOf(messagesOf(stage.sink, 'hold_result')[0]!)).toContain('已放弃占位：');
  });

  it('a spent link is refused when opened or posted again, and makes no second order', async () => {
    engine = await startEngine(stage, { targets: [SISTER_ART] });
    stage.portal.admin.setSeats('ART-101', 1);
    await runCycle(engine.rt);
    await engine.sender.drainOnce();
    const { approveUrl } = holdCardLinks(stage.sink);
    const { page } = await openLink(parent, approveUrl);
    const fields = await formFields(page);
    expect((await pressConfirm(page)).heading).toBe('已提交报名订单');

    const again = await openLink(parent, approveUrl);
    expect(again.status).toBe(410);
    await expect(headingOf(again.page)).resolves.toBe('这个链接已经用过了');
    await expect(again.page.locator('form#decide').count()).resolves.toBe(0);
    const replay = await parent.request.post(approveUrl, { form: fields });
    expect(replay.status()).toBe(410);
    expect(await replay.text()).toContain('这个链接已经用过了');

    expect((await portalState(stage)).orders).toHaveLength(1);
    expect((await onlyHold(engine.rt)).decisions).toHaveLength(1);
    await engine.sender.drainOnce();
    expect(kindsReceived(stage.sink)).toEqual(['opening', 'hold_made', 'hold_result']);
  });

  it('a tampered link is refused for GET and POST and changes nothing', async () => {
    engine = await startEngine(stage, { targets: [SISTER_ART] });
    stage.portal.admin.setSeats('ART-101', 1);
    await runCycle(engine.rt);
    await engine.sender.drainOnce();
    const { approveUrl, releaseUrl } = holdCardLinks(stage.sink);
    const { page } = await openLink(parent, approveUrl);
    const fields = await formFields(page);
    const before = await portalState(stage);

    for (const url of [tamper(approveUrl, 'payload'), tamper(approveUrl, 'signature')]) {
      const opened = await openLink(parent, url);
      expect(opened.status).toBe(400);
      await expect(headingOf(opened.page)).resolves.toBe('链接无效');
      await expect(opened.page.locator('form#decide').count()).resolves.toBe(0);
      const posted = await parent.request.post(url, { form: fields });
      expect(posted.status()).toBe(400);
      expect(await posted.text()).toContain('链接无效');
    }

    expect(await portalState(stage)).toEqual(before);
    expect((await onlyHold(engine.rt)).status).toBe('held');
    await engine.sender.drainOnce();
    expect(kindsReceived(stage.sink)).toEqual(['opening', 'hold_made']);
    // Nothing was spent: the genuine links still work.
    const genuine = await openLink(parent, releaseUrl);
    expect((await pressConfirm(genuine.page)).heading).toBe('已放弃，名额已释放');
  });

  it('an expired link is refused, also when its page was opened in time, and changes nothing', async () => {
    engine = await startEngine(stage, { targets: [SISTER_ART] });
    stage.portal.admin.setSeats('ART-101', 1);
    await runCycle(engine.rt);
    await engine.sender.drainOnce();
    const { approveUrl } = holdCardLinks(stage.sink);
    const { page } = await openLink(parent, approveUrl);
    await expect(page.locator('.action').textContent()).resolves.toBe('确认报名');
    const held = await onlyHold(engine.rt);
    const before = await portalState(stage);

    // jianlou's clock passes the portal's expiry while the page is open.
    engine.clock.offsetMs = Date.parse(held.portal!.expiresAt!) - Date.now() + 60_000;
    expect(await pressConfirm(page)).toEqual({ status: 410, heading: '链接已过期' });
    const reopened = await openLink(parent, approveUrl);
    expect(reopened.status).toBe(410);
    await expect(headingOf(reopened.page)).resolves.toBe('链接已过期');
    const viaTerminal = await engine.decider.decide(held.id, 'approve', { via: 'cli' });
    expect(viaTerminal.outcome).toBe('expired');

    expect(await portalState(stage)).toEqual(before);
    const record = await onlyHold(engine.rt);
    expect(record.status).toBe('held');
    expect(record.decisions).toEqual([]);
    await engine.sender.drainOnce();
    expect(kindsReceived(stage.sink)).toEqual(['opening', 'hold_made']);
  });
});
