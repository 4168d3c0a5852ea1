import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeSender } from '../../src/app/alerts/notify.js';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { createHoldDecider } from '../../src/app/holds/hold-decisions.js';
import { createRuntime, type Runtime } from '../../src/app/runtime/runtime.js';
import { type ApprovalServer, startApprovalServer } from '../../src/approve/server.js';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { createLogger } from '../../src/log/logger.js';
import { type RunningSpaPortal, startPortal } from '../../src/portal/server.js';
import { type Sink, startSink } from '../../src/sink/sink.js';
import { jianlou } from '../engine/world.js';
import { freePort, movableClock, spaFamily } from './harness.js';
import { kindsReceived, messagesOf, openLink, pressConfirm, textOf } from './observe.js';

// Issue 27 item 5 (and issue 29's dropped dates): on the spa style every course is one dated event.
// ART-101 meets on Sat 2027-07-10 09:00-10:30 and CAL-101 on Sat 2027-07-24 at the same hours. With
// CAL-101 approved, a freed ART-101 seat was refused as a clash (the check compared weekdays) and never
// held. Now it is held, and every message and page on the way says which Saturday.

const ART = '7月10日 周六 09:00-10:30';
const CAL = '7月24日 周六 09:00-10:30';

describe('a dated event a fortnight from an approved one at the same hours (spa style)', () => {
  let portal: RunningSpaPortal;
  let sink: Sink;
  let browser: Browser;
  let parent: BrowserContext;
  let rt: Runtime | undefined;
  let approval: ApprovalServer | undefined;
  let dir: string;

  beforeAll(async () => {
    portal = await startPortal({ style: 'spa', port: 0, testMode: true });
    sink = await startSink({ port: 0 });
    browser = await launchBrowser();
    parent = await newContext(browser);
    dir = mkdtempSync(join(tmpdir(), 'jianlou-spa-dated-'));
  });
  afterAll(async () => {
    await approval?.close();
    await rt?.close();
    await parent?.close();
    await browser?.close();
    await sink?.close();
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds the freed seat, and the alerts, the confirm page and `check` name the dates', {
    timeout: 180_000,
  }, async () => {
    const port = await freePort();
    const config = await spaFamily({
      dir,
      portal,
      webhookUrl: sink.webhookUrl,
      approval: { listen: `127.0.0.1:${port}`, publicUrl: `http://127.0.0.1:${port}` },
      targets: [
        '{ child: sister, courses: [CAL-101], autoHold: true }',
        '{ child: sister, courses: [ART-101], autoHold: true }',
      ],
    });
    rt = await createRuntime(config, {
      logger: createLogger({ level: 'silent', pretty: false }),
      now: movableClock().now,
    });
    approval = await startApprovalServer({
      listen: config.approval!.listen,
      publicUrl: config.approval!.publicUrl,
      secret: config.approval!.secret,
      kv: rt.kv,
      decider: createHoldDecider(rt),
      now: rt.now,
      locale: config.locale,
      timeZone: config.timezone,
    });
    const sender = createRuntimeSender(rt, undefined, { serving: true });

    // CAL-101 is open (4 seats): held, then approved from the link in the group.
    await runCycle(rt);
    await sender.drainOnce();
    expect(kindsReceived(sink)).toEqual(['opening', 'hold_made']);
    const made = messagesOf(sink, 'hold_made')[0]!;
    expect(textOf(made)).toContain(CAL);
    const link = (made.body.template_card as { jump_list: { url: string }[] }).jump_list[0]!.url;
    const { page, status } = await openLink(parent, link);
    expect(status).toBe(200);
    expect(await page.locator('main').textContent()).toContain(CAL);
    await expect(pressConfirm(page)).resolves.toMatchObject({ status: 200 });
    await page.close();
    await sender.drainOnce();
    expect(kindsReceived(sink)).toEqual(['opening', 'hold_made', 'hold_result']);
    // The "submitted" alert keeps the date too.
    expect(textOf(messagesOf(sink, 'hold_result')[0]!)).toContain(CAL);

    // A family cancels ART-101: same weekday and hours as CAL-101, two weeks earlier.
    portal.admin.setSeats('ART-101', 1);
    await runCycle(rt);
    await sender.drainOnce();
    expect(kindsReceived(sink)).toEqual(['opening', 'hold_made', 'hold_result', 'opening', 'hold_made']);
    const opening = textOf(messagesOf(sink, 'opening')[1]!);
    expect(opening).toContain(ART);
    expect(opening).not.toContain('时间冲突');
    expect(textOf(messagesOf(sink, 'hold_made')[1]!)).toContain(ART);
    const registrations = portal.admin.state().registrations;
    expect(registrations.map((r) => [r.courseId, r.studentId, r.status])).toEqual([
      ['CAL-101', 'S001', 'pending_review'],
      ['ART-101', 'S001', 'pending_review'],
    ]);

    // `jianlou check` prints each course with its date (the engine lets go of the store first).
    await approval.close();
    approval = undefined;
    await rt.close();
    rt = undefined;
    const check = await jianlou(config.file, ['check', '--dry-run']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toMatch(new RegExp(`CAL-101 .*${CAL}`));
    expect(check.stdout).toMatch(new RegExp(`ART-101 .*${ART}`));
  });
});
