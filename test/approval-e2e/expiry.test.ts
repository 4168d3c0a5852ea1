import type { BrowserContext } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { sweepHolds } from '../../src/app/holds/hold-sweep.js';
import { newContext } from '../../src/browser/launch.js';
import { type Engine, onlyHold, type Stage, startEngine, startStage } from './harness.js';
import {
  headingOf,
  holdCardLinks,
  kindsReceived,
  messagesOf,
  openLink,
  portalState,
  seatsOf,
  textOf,
} from './observe.js';

/** Issue 7: an unapproved hold is reminded about once, then released and announced as expired. */

const HOLD_SECONDS = 5;

describe('hold expiry', () => {
  let stage: Stage;
  let engine: Engine | undefined;
  let parent: BrowserContext | undefined;

  beforeAll(async () => {
    stage = await startStage({ holdSeconds: HOLD_SECONDS });
  });
  afterAll(async () => {
    await stage?.close();
  });
  afterEach(async () => {
    await parent?.close();
    await engine?.close();
    engine = undefined;
  });

  it('reminds once (half-way through a hold shorter than the window), then releases the run-out hold and says so, in that order', async () => {
    engine = await startEngine(stage, {
      targets: ['{ child: sister, courses: [ART-101], autoHold: true }'],
      policy: '{ holdReminderMinutes: 1 }',
    });
    const { rt, clock, sender } = engine;
    // jianlou's clock runs 75 s behind the portal's: the 8 s hold looks 83 s long, so the check
    // itself (which sweeps too) ends before the reminder window.
    clock.offsetMs = -75_000;
    stage.portal.admin.setSeats('ART-101', 1);
    await runCycle(rt);
    await sender.drainOnce();
    expect(kindsReceived(stage.sink)).toEqual(['opening', 'hold_made']);
    const held = await onlyHold(rt);
    const expiresAt = Date.parse(held.portal!.expiresAt!);
    /** Puts jianlou's clock `ms` after the portal's expiry of the hold. */
    const setClock = (ms: number) => {
      clock.offsetMs = expiresAt + ms - Date.now();
    };

    setClock(-65_000);
    await sweepHolds(rt);
    await sender.drainOnce();
    expect(kindsReceived(stage.sink)).toEqual(['opening', 'hold_made']);
    expect((await onlyHold(rt)).status).toBe('held');

    // The portal's hold (5 s) is shorter than the reminder window (1 min): the reminder comes half-way
    // through it, not in the second the hold is announced.
    setClock(-30_000);
    await sweepHolds(rt);
    await sender.drainOnce();
    expect(kindsReceived(stage.sink)).toEqual(['opening', 'hold_made']);
    setClock(-2_000);
    await sweepHolds(rt);
    setClock(-1_500);
    await sweepHolds(rt);
    await sender.drainOnce();
    expect(kindsReceived(stage.sink)).toEqual(['opening', 'hold_made', 'hold_reminder']);
    const reminder = textOf(messagesOf(stage.sink, 'hold_reminder')[0]!);
    expect(reminder).toContain('批准报名');
    expect(reminder).toContain('放弃名额');
    expect((await onlyHold(rt)).status).toBe('held');

    // The portal gives the seat back by itself when the hold runs out.
    await vi.waitFor(async () => expect((await portalState(stage)).carts).toEqual([]), {
      timeout: (HOLD_SECONDS + 5) * 1000,
      interval: 250,
    });
    setClock(1_000);
    await sweepHolds(rt);
    await sweepHolds(rt);
    await sender.drainOnce();

    const record = await onlyHold(rt);
    expect(record.status).toBe('expired');
    expect(record.decisions).toEqual([]);
    expect(kindsReceived(stage.sink)).toEqual(['opening', 'hold_made', 'hold_reminder', 'hold_result']);
    expect(textOf(messagesOf(stage.sink, 'hold_result')[0]!)).toContain('占位已过期：');
    const portal = await portalState(stage);
    expect(seatsOf(portal, 'ART-101')).toBe(1);
    expect(portal.orders).toEqual([]);

    // The card's link now only says so.
    parent = await newContext(stage.browser);
    const { page, status } = await openLink(parent, holdCardLinks(stage.sink).approveUrl);
    expect(status).toBe(410);
    await expect(headingOf(page)).resolves.toBe('链接已过期');
  });

  it('releases a hold at the portal when jianlou finds it run out before the portal does', async () => {
    engine = await startEngine(stage, {
      targets: ['{ child: sister, courses: [ART-101], autoHold: true }'],
      policy: '{ holdReminderMinutes: 1 }',
    });
    stage.portal.admin.configure({ holdSeconds: 600 });
    stage.portal.admin.setSeats('ART-101', 1);
    await runCycle(engine.rt);
    const held = await onlyHold(engine.rt);
    expect((await portalState(stage)).carts).toHaveLength(1);

    engine.clock.offsetMs = Date.parse(held.portal!.expiresAt!) - Date.now() + 5_000;
    await sweepHolds(engine.rt);

    const portal = await portalState(stage);
    expect(portal.carts).toEqual([]);
    expect(seatsOf(portal, 'ART-101')).toBe(1);
    expect((await onlyHold(engine.rt)).status).toBe('expired');
    await engine.sender.drainOnce();
    expect(kindsReceived(stage.sink)).toEqual(['opening', 'hold_made', 'hold_result']);
    expect(textOf(messagesOf(stage.sink, 'hold_result')[0]!)).toContain('占位已过期：');
  });
});
