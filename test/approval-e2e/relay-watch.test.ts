import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CycleResult, runCycle } from '../../src/app/cycle/cycle.js';
import { startDaemon } from '../../src/app/process/daemon.js';
import { fieldBoxes, fillLogin, PASSWORD, phone } from '../approve/relay-phone.js';
import { type Engine, type Stage, startEngine, startStage } from './harness.js';
import { textOf } from './observe.js';

/**
 * Issue 15 inside `watch`: the expired-session alert's link logs in from the phone, and the next
 * check runs at once (not at the next cron tick, a year away here), which tells the group it is back.
 */
describe('a phone login under watch', () => {
  let stage: Stage;
  let engine: Engine | undefined;

  beforeAll(async () => {
    stage = await startStage();
  });
  afterAll(async () => {
    await engine?.close();
    await stage?.close();
  });

  it('the alert link logs in from the phone; the check runs at once and the group hears it is back', async () => {
    engine = await startEngine(stage, {
      targets: ['{ child: sister, courses: [ART-101] }'],
      approvalServer: false,
    });
    const { rt } = engine;
    // The portal drops the session: a check finds it and the group gets the re-login link.
    stage.portal.admin.expireSessions();
    const expired = await runCycle(rt);
    expect(expired.accounts.map((a) => a.outcome)).toEqual(['session_expired']);
    await engine.sender.drain({ until: new Date(Date.now() + 10_000) });
    const link = stage.sink
      .received()
      .map(textOf)
      .join('\n')
      .match(/http:\/\/127\.0\.0\.1:\d+\/login\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/)?.[0];
    expect(link).toBeDefined();

    const cycles: CycleResult[] = [];
    const daemon = await startDaemon(rt, {
      checkAtStart: false,
      tickMs: 200,
      onCycle: (r) => cycles.push(r),
    });
    const phoneContext = await stage.browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    try {
      const boxes = await fieldBoxes(stage.browser, `${stage.portal.url}/login?returnUrl=%2Fcourses`);
      const page = await phoneContext.newPage();
      expect((await page.goto(link!))?.status()).toBe(200);
      const p = phone(page);
      await p.newFrame(0);
      await fillLogin(p, boxes, PASSWORD);
      await page.waitForFunction(() => document.body.className === 'saved', undefined, { timeout: 20_000 });
      expect(statSync(engine.config.accounts[0]!.storageState!).mode & 0o777).toBe(0o600);

      // No cron tick is due for a year: only the saved login can have started this check.
      await vi.waitFor(() => expect(cycles.map((c) => c.accounts[0]?.outcome)).toEqual(['ok']), {
        timeout: 20_000,
      });
      await vi.waitFor(() => expect(stage.sink.received().map(textOf).join('\n')).toContain('已恢复'), {
        timeout: 15_000,
      });
    } finally {
      await phoneContext.close();
      await daemon.stop();
    }
  }, 120_000);
});
