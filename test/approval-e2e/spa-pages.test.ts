import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRuntimeSender } from '../../src/app/alerts/notify.js';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { createHoldDecider } from '../../src/app/holds/hold-decisions.js';
import { createRuntime, type Runtime } from '../../src/app/runtime/runtime.js';
import { type ApprovalServer, startApprovalServer } from '../../src/approve/server.js';
import { formProof, makeApprovalLinks, verifyToken } from '../../src/approve/tokens.js';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import type { Locale } from '../../src/i18n/locale.js';
import { createLogger } from '../../src/log/logger.js';
import { type RunningSpaPortal, startPortal } from '../../src/portal/server.js';
import { type Sink, startSink } from '../../src/sink/sink.js';
import { freePort, movableClock, onlyHold, SECRET, spaFamily } from './harness.js';
import { headingOf, openLink, pressConfirm } from './observe.js';

// Issue 14: the approval pages of a registration pending review (spa style, kept until decided, not paid)
// speak of keeping the registration for the organiser's review, never of an order to pay; and a release
// link, which no alert of such a hold carries, gets a page that does nothing.

interface SpaEngine {
  rt: Runtime;
  approval: ApprovalServer;
  close(): Promise<void>;
}

/** The approval links the group received (every /h/ link of every card). */
function approvalLinks(sink: Sink): string[] {
  return sink
    .received()
    .filter((m) => m.msgtype === 'template_card')
    .flatMap((m) => (m.body.template_card as { jump_list?: { url: string }[] }).jump_list ?? [])
    .map((j) => j.url)
    .filter((url) => url.includes('/h/'));
}

describe('approval pages of a registration pending review (spa style), in Chromium', () => {
  let portal: RunningSpaPortal;
  let sink: Sink;
  let browser: Browser;
  let parent: BrowserContext;
  let engine: SpaEngine | undefined;

  beforeAll(async () => {
    portal = await startPortal({ style: 'spa', port: 0, testMode: true });
    sink = await startSink({ port: 0 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await sink?.close();
    await portal?.close();
  });
  beforeEach(async () => {
    parent = await newContext(browser);
  });
  afterEach(async () => {
    await parent.close();
    await engine?.close();
    engine = undefined;
  });

  /** Fresh portal, store and login; the engine's approval server answers the links its alerts carry. */
  async function startSpaEngine(locale: Locale): Promise<SpaEngine> {
    portal.admin.reset();
    sink.clear();
    const dir = mkdtempSync(join(tmpdir(), 'jianlou-spa-pages-'));
    const port = await freePort();
    const config = await spaFamily({
      dir,
      portal,
      webhookUrl: sink.webhookUrl,
      approval: { listen: `127.0.0.1:${port}`, publicUrl: `http://127.0.0.1:${port}` },
      locale,
    });
    const rt = await createRuntime(config, {
      logger: createLogger({ level: 'silent', pretty: false }),
      now: movableClock().now,
    });
    const approval = await startApprovalServer({
      listen: config.approval!.listen,
      publicUrl: config.approval!.publicUrl,
      secret: config.approval!.secret,
      kv: rt.kv,
      decider: createHoldDecider(rt),
      now: rt.now,
      locale: config.locale,
      timeZone: config.timezone,
    });
    portal.admin.setSeats('ART-101', 1);
    await runCycle(rt);
    await createRuntimeSender(rt, undefined, { serving: true }).drainOnce();
    return {
      rt,
      approval,
      async close() {
        await approval.close();
        await rt.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }

  const cases = [
    {
      locale: 'zh' as const,
      headline: '保留这个报名',
      note: '（保留报名，等主办方审核；免费，无需付款）',
      button: '保留报名',
      keptUntil: '报名网站会一直保留，直到你们决定',
      approvedTitle: '已保留报名',
      followUp: '报名已保留，等待主办方审核，免费，无需付款。',
      cartWords: ['购物车', '提交订单', '订单号', '官方App内完成支付'],
      refusedTitle: '这里不能放弃名额',
    },
    {
      locale: 'en' as const,
      headline: 'Keep the registration',
      note: "(keeps the registration; then it waits for the organiser's review; free, nothing to pay)",
      button: 'Keep the registration',
      keptUntil: 'the portal keeps it until you decide',
      approvedTitle: 'Registration kept',
      followUp: "The registration is kept and waits for the organiser's review; it is free, nothing to pay.",
      cartWords: ['cart', 'submits the order', 'Order number', 'Please pay in the official app'],
      refusedTitle: 'This seat cannot be given up here',
    },
  ];

  for (const c of cases) {
    it(`(${c.locale}) the approve link says the registration is kept for review, free; approving says so too`, async () => {
      engine = await startSpaEngine(c.locale);
      // Only an approve link: the portal lets nobody give a registration back.
      const links = approvalLinks(sink);
      expect(links).toHaveLength(1);
      const { page, status } = await openLink(parent, links[0]!);
      expect(status).toBe(200);
      await expect(page.locator('.action').textContent()).resolves.toBe(c.headline);
      await expect(page.locator('.note').textContent()).resolves.toBe(c.note);
      await expect(page.locator('form#decide button[type=submit]').textContent()).resolves.toBe(c.button);
      const confirm = (await page.locator('main').textContent()) ?? '';
      expect(confirm).toContain(c.keptUntil);
      expect(confirm).toContain('姐姐');
      for (const word of c.cartWords) expect(confirm).not.toContain(word);

      const answer = await pressConfirm(page);
      expect(answer).toEqual({ status: 200, heading: c.approvedTitle });
      const done = (await page.locator('main').textContent()) ?? '';
      expect(done).toContain(c.followUp);
      for (const word of c.cartWords) expect(done).not.toContain(word);
      expect((await onlyHold(engine.rt)).status).toBe('approved');
      expect(portal.admin.state().registrations.map((r) => r.status)).toEqual(['pending_review']);
    });
  }

  it('a hand-made release link gets a page without a button, and a POST to it spends and decides nothing', async () => {
    engine = await startSpaEngine('zh');
    const held = await onlyHold(engine.rt);
    const { releaseUrl } = makeApprovalLinks({
      publicUrl: engine.approval.publicUrl,
      secret: SECRET,
      holdId: held.id,
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const { page, status } = await openLink(parent, releaseUrl);
    expect(status).toBe(409);
    await expect(headingOf(page)).resolves.toBe('这里不能放弃名额');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('这个报名网站不允许自己取消报名，这个链接不会做任何操作。');
    expect(text).toContain('姐姐');
    await expect(page.locator('form, button').count()).resolves.toBe(0);

    // A client that forges the form (the page never had one) is refused the same way.
    const token = releaseUrl.slice(releaseUrl.indexOf('/h/') + 3);
    const verdict = verifyToken(token, SECRET, new Date());
    if (!verdict.ok) throw new Error(`made link did not verify: ${verdict.reason}`);
    const posted = await parent.request.post(releaseUrl, {
      form: { action: 'release', proof: formProof(verdict.claims, SECRET) },
    });
    expect(posted.status()).toBe(409);
    expect(await posted.text()).toContain('这里不能放弃名额');
    expect((await onlyHold(engine.rt)).status).toBe('held');
    expect((await onlyHold(engine.rt)).decisions).toEqual([]);
    expect(portal.admin.state().registrations.map((r) => r.status)).toEqual(['pending_review']);
    // The link was not spent: opening it again says the same, not "already used".
    const { page: again, status: againStatus } = await openLink(parent, releaseUrl);
    expect(againStatus).toBe(409);
    await expect(headingOf(again)).resolves.toBe('这里不能放弃名额');

    // The approve link still works afterwards.
    const { page: approve } = await openLink(parent, approvalLinks(sink)[0]!);
    await expect(pressConfirm(approve)).resolves.toEqual({ status: 200, heading: '已保留报名' });
  });
});
