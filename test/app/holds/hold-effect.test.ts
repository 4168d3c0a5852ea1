import { describe, expect, it } from 'vitest';
import { runHoldEffect } from '../../../src/app/holds/hold-effect.js';
import { ActionRefusedError } from '../../../src/core/errors.js';
import type { Hold } from '../../../src/core/types.js';
import type { Flow } from '../../../src/flow/types.js';
import { cartFlow, ctx, effect, errOf, made, NOW, observation, run, world } from './effect-world.js';

/**
 * One hold effect (issue 26, test strength): flow.hold, then the cart read back to prove the seat is
 * there. Only a proven hold is announced as held; an unproven one is given back and told as failed;
 * the record is written either way, once. The flow is a plain object with the steps a test needs,
 * the store the in-memory one.
 */

describe('a hold proven in the cart', () => {
  it('is recorded as held with the portal hold, announced once with its links, and logged', async () => {
    const { flow, calls } = cartFlow([{ ...made, id: 'other', courseId: 'MUS-1' }, made]);
    const w = world(flow);
    const record = await run(w);
    expect(calls).toEqual(['hold ART-101 for sister', 'listHolds']);
    expect(record).toMatchObject({
      id: effect.id,
      accountId: 'mom',
      targetId: 'art',
      childId: 'sister',
      courseId: 'ART-101',
      title: '少儿国画',
      schedule: observation.schedule,
      createdAt: NOW.toISOString(),
      status: 'held',
      portal: made,
    });
    expect(await w.alertIds()).toEqual([`hold_made/${effect.id}`]);
    expect(await w.alerts()).toEqual([
      {
        kind: 'hold_made',
        targetId: 'art',
        child: { id: 'sister', name: '姐姐' },
        observation,
        hold: made,
        approveUrl: `http://x/a/${effect.id}`,
        releaseUrl: `http://x/r/${effect.id}`,
        holdKind: { kind: 'cart', expires: true, after: 'payment', release: true },
      },
    ]);
    expect(w.linkAsks).toEqual([{ id: effect.id, expiresAt: new Date(made.expiresAt!) }]);
    expect(w.logs).toEqual([
      {
        level: 'info',
        obj: { hold: effect.id, course: 'ART-101', child: 'sister', holdKind: 'cart' },
        msg: 'seat held and proven in the cart',
      },
    ]);
  });

  it('is found by the same course and student when the cart gives the item another id', async () => {
    const listed = { ...made, id: 'CART-9' };
    const w = world(cartFlow([{ ...made, id: 'X', studentId: 'S002' }, listed]).flow);
    const record = await run(w);
    expect(record.status).toBe('held');
    expect(record.portal).toEqual(listed);
  });

  it('is found by its id when the cart does not show the student', async () => {
    const listed: Hold = { id: 'C-1', courseId: 'ART-101', heldAt: made.heldAt, expiresAt: null };
    const w = world(cartFlow([listed]).flow);
    const record = await run(w);
    expect(record.status).toBe('held');
    expect(record.portal).toEqual(listed);
  });

  it('a hold the portal cannot give back gets no release link', async () => {
    const { flow } = cartFlow([made], {
      holds: { kind: 'registration', expires: false, after: 'none', release: false },
    });
    const w = world(flow);
    await run(w);
    const [alert] = await w.alerts();
    expect(alert).toMatchObject({ kind: 'hold_made', approveUrl: `http://x/a/${effect.id}` });
    expect(alert).not.toHaveProperty('releaseUrl');
  });

  it('a rerun after a crash finds the held record, announces under the same id, and does not add a second', async () => {
    const w = world(cartFlow([made]).flow);
    await run(w);
    const again = await run(w);
    expect(again.status).toBe('held');
    expect(await w.alertIds()).toEqual([`hold_made/${effect.id}`]);
    expect(await w.repos.holds.list()).toHaveLength(1);
  });
});

describe('a hold already decided', () => {
  it.each(['approved', 'released', 'failed', 'expired'] as const)(
    'a %s record is returned as it is: nothing is asked of the portal, nothing told',
    async (status) => {
      const { flow, calls } = cartFlow([made]);
      const w = world(flow);
      await w.repos.holds.create({
        id: effect.id,
        accountId: 'mom',
        targetId: 'art',
        childId: 'sister',
        courseId: 'ART-101',
        portal: made,
        status,
        createdAt: '2027-01-09T00:00:00.000Z',
      });
      const record = await run(w);
      expect(record.status).toBe(status);
      expect(record.createdAt).toBe('2027-01-09T00:00:00.000Z');
      expect(calls).toEqual([]);
      expect(await w.alerts()).toEqual([]);
    },
  );
});

describe('a hold that did not work', () => {
  it('a seat not in the cart afterwards is given back, recorded failed with it, and told', async () => {
    const { flow, calls } = cartFlow([{ ...made, id: 'X', courseId: 'MUS-1' }]);
    const w = world(flow);
    const record = await run(w);
    expect(calls).toEqual(['hold ART-101 for sister', 'listHolds', 'release C-1']);
    expect(record).toMatchObject({
      id: effect.id,
      status: 'failed',
      error: '加入购物车后未能在购物车中确认，未视为保留',
      portal: made,
      title: '少儿国画',
    });
    expect(await w.alertIds()).toEqual([`hold_failed/${effect.id}`]);
    expect(await w.alerts()).toEqual([
      {
        kind: 'hold_failed',
        targetId: 'art',
        child: { id: 'sister', name: '姐姐' },
        observation,
        reason: '加入购物车后未能在购物车中确认，未视为保留',
      },
    ]);
    expect(w.logs.map((l) => [l.level, l.msg])).toEqual([['warn', 'hold failed']]);
    expect(w.logs[0]?.obj).toMatchObject({ hold: effect.id, course: 'ART-101' });
    expect((errOf(w, 0) as ActionRefusedError).reason).toBe('unverified');
    expect((errOf(w, 0) as Error).message).toBe('the hold is not in the cart afterwards');
  });

  it('a cart item of the same course for another student does not prove it', async () => {
    const w = world(cartFlow([{ ...made, id: 'X', studentId: 'S002' }]).flow);
    expect((await run(w)).status).toBe('failed');
  });

  it('a seat that cannot be given back is still recorded failed; the failed give-back is logged', async () => {
    const { flow } = cartFlow([], {
      async release() {
        throw new Error('release timed out');
      },
    });
    const w = world(flow);
    const record = await run(w);
    expect(record.status).toBe('failed');
    expect(w.logs.map((l) => l.msg)).toEqual(['hold failed', 'could not give back an unproven hold']);
    expect(w.logs[1]?.obj).toMatchObject({ hold: effect.id });
    expect((errOf(w, 1) as Error).message).toBe('release timed out');
  });

  it('a flow without a release leaves the unproven seat (nothing to call) and records the failure', async () => {
    const { flow } = cartFlow([]);
    delete flow.release;
    const w = world(flow);
    expect((await run(w)).status).toBe('failed');
  });

  it('a portal refusing the hold: nothing went into the cart, nothing is given back, no portal hold kept', async () => {
    const { flow, calls } = cartFlow([made], {
      async hold() {
        calls.push('hold');
        throw new ActionRefusedError('名额已满', 'no_seats');
      },
    });
    const w = world(flow);
    const record = await run(w);
    expect(calls).toEqual(['hold']);
    expect(record.status).toBe('failed');
    expect(record.error).toBe('名额已被他人抢先，未能保留');
    expect(record).not.toHaveProperty('portal');
  });

  it('a proven seat without approval links (no approval section) is given back rather than left unapprovable', async () => {
    const { flow, calls } = cartFlow([made]);
    const w = world(flow, { links: false });
    const record = await run(w);
    expect(calls).toEqual(['hold ART-101 for sister', 'listHolds', 'release C-1']);
    expect(record.status).toBe('failed');
    expect((errOf(w, 0) as Error).message).toBe('approval links need the config’s approval section');
    expect(await w.alertIds()).toEqual([`hold_failed/${effect.id}`]);
  });

  it.each([
    ['hold', { listHolds: async () => [made] }],
    ['listHolds', { hold: async () => made }],
  ] as const)(
    'a flow without %s cannot hold seats: told as unsupported, nothing asked',
    async (_missing, steps) => {
      const w = world({ ...steps, release: async () => {} } as Partial<Flow>);
      const record = await run(w);
      expect(record.status).toBe('failed');
      expect(record.error).toBe(
        (await import('../../../src/i18n/hold-text.js')).holdFailureReason(
          new ActionRefusedError('x', 'unsupported'),
          'mom',
          'zh',
        ),
      );
      expect((errOf(w, 0) as Error).message).toBe('flow fake cannot hold seats');
    },
  );

  it('a held record whose rerun fails keeps its own record and is told as failed', async () => {
    const w = world(cartFlow([]).flow);
    await w.repos.holds.create({
      id: effect.id,
      accountId: 'mom',
      targetId: 'art',
      childId: 'sister',
      courseId: 'ART-101',
      portal: made,
      status: 'held',
      createdAt: '2027-01-09T00:00:00.000Z',
    });
    const record = await run(w);
    expect(record.status).toBe('held');
    expect(record.createdAt).toBe('2027-01-09T00:00:00.000Z');
    expect(await w.alertIds()).toEqual([`hold_failed/${effect.id}`]);
  });

  it('a child the config no longer has is an error naming it, before anything at the portal', async () => {
    const { flow, calls } = cartFlow([made]);
    const w = world(flow);
    await expect(runHoldEffect(w.rt, { ...effect, childId: 'cousin' }, ctx as never)).rejects.toThrow(
      'hold for unknown child "cousin"',
    );
    expect(calls).toEqual([]);
  });
});
