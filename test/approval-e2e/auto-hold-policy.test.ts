import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { catalogue } from '../../src/i18n/catalogue.js';
import { type Engine, type Stage, startEngine, startStage } from './harness.js';
import { kindsReceived, messagesOf, portalState, textOf } from './observe.js';

/** Issue 7: auto-hold never takes a seat that clashes with what the child already has. */

describe('auto-hold policy', () => {
  let stage: Stage;
  let engine: Engine | undefined;

  beforeAll(async () => {
    stage = await startStage();
  });
  afterAll(async () => {
    await stage?.close();
  });
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  /** An order made by hand on the portal (through the flow, as a parent's clicks would). */
  async function orderByHand(e: Engine, courseId: string, childId: string): Promise<void> {
    const child = e.config.children.find((c) => c.id === childId)!;
    await e.rt.withAccount(child.account, async (ctx) => {
      const hold = await e.rt.flow.hold!(ctx, { id: courseId }, child);
      await e.rt.flow.confirm!(ctx, hold);
    });
  }

  /** Opens ART-101 (周六 09:00-10:30) for both children and runs one check. */
  async function openArt101(e: Engine) {
    stage.portal.admin.setSeats('ART-101', 2);
    const result = await runCycle(e.rt);
    const openings = result.effects.flatMap((x) =>
      x.type === 'alert' && x.alert.kind === 'opening' ? [x.alert] : [],
    );
    return {
      heldFor: result.effects.flatMap((x) => (x.type === 'hold' ? [x.childId] : [])),
      skipped: (childId: string) => {
        const why = openings.find((a) => a.child.id === childId)?.holdSkipped;
        return why && catalogue('zh').alerts.holdSkip(why);
      },
    };
  }

  async function expectOnlyBrotherHeld(e: Engine): Promise<void> {
    const portal = await portalState(stage);
    expect(portal.carts.map((c) => [c.courseId, c.studentId])).toEqual([['ART-101', 'S002']]);
    expect(portal.orders.map((o) => [o.courseId, o.studentId])).toEqual([['CAL-101', 'S001']]);
    expect((await e.rt.repos.holds.list()).map((h) => h.childId)).toEqual(['brother']);
    await e.sender.drainOnce();
    expect(kindsReceived(stage.sink).filter((k) => k !== 'opening')).toEqual(['hold_made']);
    const sisterCard = messagesOf(stage.sink, 'opening')
      .map(textOf)
      .find((t) => t.includes('姐姐'));
    expect(sisterCard).toContain('没有自动占位：');
    expect(sisterCard).toContain('硬笔书法（入门）');
  }

  it('does not hold a course in the slot of a watched course the child has ordered, and says why', async () => {
    engine = await startEngine(stage, {
      targets: [
        '{ child: sister, courses: [ART-101], autoHold: true }',
        '{ child: sister, courses: [CAL-101] }',
        '{ child: brother, courses: [ART-101], autoHold: true }',
      ],
    });
    await orderByHand(engine, 'CAL-101', 'sister');

    const { heldFor, skipped } = await openArt101(engine);

    expect(heldFor).toEqual(['brother']);
    expect(skipped('sister')).toMatch(/^与「硬笔书法（入门）」（周六 09:00-10:30，已报名）时间冲突/);
    expect(skipped('brother')).toBeUndefined();
    await expectOnlyBrotherHeld(engine);
  });

  it('does not hold a course in the slot of an unwatched course the child ordered by hand, and says why', async () => {
    engine = await startEngine(stage, {
      targets: [
        '{ child: sister, courses: [ART-101], autoHold: true }',
        '{ child: brother, courses: [ART-101], autoHold: true }',
      ],
    });
    // Nothing watches CAL-101: only the portal's order list says 姐姐 has it.
    await orderByHand(engine, 'CAL-101', 'sister');

    const { heldFor, skipped } = await openArt101(engine);

    expect(heldFor).toEqual(['brother']);
    expect(skipped('sister')).toMatch(/^与「硬笔书法（入门）」（周六 09:00-10:30，已报名）时间冲突/);
    await expectOnlyBrotherHeld(engine);
  });
});
