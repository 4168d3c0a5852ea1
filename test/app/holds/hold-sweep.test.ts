import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { remindAt, sweepHolds } from '../../../src/app/holds/hold-sweep.js';
import type { Hold } from '../../../src/core/types.js';
import type { OwnedFlowContext } from '../../../src/flow/context.js';
import type { FlowContext } from '../../../src/flow/types.js';
import { at, holdRecord, holdsWorld, observation, portalHold, T0 } from './holds-world.js';

/**
 * Issue 7 / 26: an unapproved hold is reminded about once inside the reminder window (5 minutes
 * here), then released at the portal once it has run out and announced as expired, once.
 * The portal hold of `holdRecord()` expires at T0 + 20 min.
 */

const CART_KIND = { kind: 'cart', expires: true, after: 'payment', release: true };

function releasingWorld(release?: (ctx: FlowContext, hold: Hold) => Promise<void>) {
  const released: { ctx: FlowContext; hold: Hold }[] = [];
  const w = holdsWorld({
    release:
      release ??
      (async (ctx, hold) => {
        released.push({ ctx, hold });
      }),
  });
  return { ...w, released };
}

describe('sweepHolds: the reminder', () => {
  it('remindAt: the window, or half-way for a short hold; an unreadable start keeps the window', () => {
    const end = Date.parse('2026-12-07T10:20:00Z');
    expect(remindAt('2026-12-07T10:00:00Z', end, 5 * 60_000)).toBe(end - 5 * 60_000);
    expect(remindAt('2026-12-07T10:18:00Z', end, 5 * 60_000)).toBe(end - 60_000);
    expect(remindAt('not a time', end, 5 * 60_000)).toBe(end - 5 * 60_000);
  });

  it('a hold shorter than the reminder window is not reminded of in the second it is made, but half-way', async () => {
    // A parent's check (issue 29): a 90 s hold got "已占位" and "占位快到期了" in the same second.
    const w = releasingWorld();
    const short = portalHold({ expiresAt: new Date(T0.getTime() + 90_000).toISOString() });
    await w.store(holdRecord({ portal: short }));
    w.setNow(new Date(T0.getTime() + 1_000));
    await sweepHolds(w.rt);
    expect(await w.queued()).toEqual([]);
    w.setNow(new Date(T0.getTime() + 44_999));
    await sweepHolds(w.rt);
    expect(await w.queued()).toEqual([]);
    w.setNow(new Date(T0.getTime() + 45_000));
    await sweepHolds(w.rt);
    expect((await w.queued()).map((q) => q.id)).toEqual(['hold_reminder/h1']);
  });

  it('a hold is not reminded of before its reminder window', async () => {
    const w = releasingWorld();
    await w.store(holdRecord());
    w.setNow(new Date(at(15).getTime() - 1));
    await sweepHolds(w.rt);
    expect(await w.queued()).toEqual([]);
    expect((await w.repos.holds.get('h1'))?.status).toBe('held');
  });

  it('a hold entering its reminder window is reminded of with its approval links, once', async () => {
    const w = releasingWorld();
    await w.repos.observations.save('mom', [observation('ART-101', { seats: 0 })], T0);
    await w.store(holdRecord());
    w.setNow(at(15));
    await sweepHolds(w.rt);
    expect((await w.queued()).map((q) => q.id)).toEqual(['hold_reminder/h1']);
    w.setNow(at(17));
    await sweepHolds(w.rt);
    const until = at(20).toISOString();
    expect(await w.queued()).toEqual([
      {
        id: 'hold_reminder/h1',
        payload: {
          kind: 'hold_reminder',
          child: { id: 'sister', name: '姐姐' },
          observation: observation('ART-101', { seats: 0 }),
          hold: portalHold(),
          approveUrl: `https://family.example/a/h1?until=${until}`,
          releaseUrl: `https://family.example/r/h1?until=${until}`,
          holdKind: CART_KIND,
        },
      },
    ]);
    expect((await w.repos.holds.get('h1'))?.status).toBe('held');
    expect(w.released).toEqual([]);
  });

  it('no reminder goes out without approval links (no approval section)', async () => {
    const w = releasingWorld();
    w.noLinks();
    await w.store(holdRecord());
    w.setNow(at(16));
    await sweepHolds(w.rt);
    expect(await w.queued()).toEqual([]);
  });

  it('a hold the portal keeps until someone decides is neither reminded of nor swept', async () => {
    const w = holdsWorld({ holds: { expires: false } });
    await w.store(holdRecord({ portal: portalHold({ expiresAt: null }) }));
    w.setNow(at(60 * 24 * 30));
    await sweepHolds(w.rt);
    expect(await w.queued()).toEqual([]);
    expect((await w.repos.holds.get('h1'))?.status).toBe('held');
    expect(w.warnings()).toEqual([]);
  });

  it("a hold without the portal's expiry is swept 15 minutes after it was made", async () => {
    const w = releasingWorld();
    await w.store(holdRecord({ portal: portalHold({ expiresAt: null }) }));
    w.setNow(at(14, 59));
    await sweepHolds(w.rt);
    expect((await w.repos.holds.get('h1'))?.status).toBe('held');
    w.setNow(at(15));
    await sweepHolds(w.rt);
    expect((await w.repos.holds.get('h1'))?.status).toBe('expired');
  });
});

describe('sweepHolds: the release', () => {
  it('a hold swept at its deadline is released once, marked expired and announced once', async () => {
    const w = releasingWorld();
    await w.store(holdRecord());
    w.setNow(at(20));
    await sweepHolds(w.rt);
    w.setNow(at(21));
    await sweepHolds(w.rt);
    expect(w.released).toEqual([{ ctx: w.accountCalls[0]?.ctx, hold: portalHold() }]);
    expect(w.accountCalls).toEqual([
      { accountId: 'mom', signal: undefined, options: { save: true }, ctx: { accountId: 'mom' } },
    ]);
    const stored = await w.repos.holds.get('h1');
    expect(stored?.status).toBe('expired');
    expect(stored?.updatedAt).toBe(at(20).toISOString());
    expect(await w.queued()).toEqual([
      {
        id: 'hold_result/h1',
        payload: {
          kind: 'hold_result',
          child: { id: 'sister', name: '姐姐' },
          observation: {
            courseId: 'ART-101',
            title: '少儿美术',
            seats: null,
            state: 'open',
            url: 'http://127.0.0.1:4173',
          },
          hold: portalHold(),
          outcome: 'expired',
          holdKind: CART_KIND,
        },
      },
    ]);
    expect(w.warnings()).toEqual([]);
  });

  it('the sweep claims the hold for its decision, so a parent tapping "approve" meanwhile loses', async () => {
    const w = releasingWorld();
    await w.store(holdRecord());
    w.setNow(at(25));
    await sweepHolds(w.rt);
    expect(await w.kv.get('hold-claims', 'h1', z.unknown())).toEqual({
      action: 'expire',
      at: at(25).toISOString(),
    });
  });

  it('a hold a decision claimed meanwhile is left to that decision: no release, no alert', async () => {
    const w = releasingWorld();
    await w.store(holdRecord());
    await w.kv.add('hold-claims', 'h1', { action: 'approve', at: at(20).toISOString() });
    w.setNow(at(21));
    await sweepHolds(w.rt);
    expect(w.released).toEqual([]);
    expect(w.accountCalls).toEqual([]);
    expect((await w.repos.holds.get('h1'))?.status).toBe('held');
    expect(await w.queued()).toEqual([]);
  });

  it("the calling check's open context releases the hold instead of a new session", async () => {
    const w = releasingWorld();
    await w.store(holdRecord());
    const open = { accountId: 'mom', open: true } as unknown as OwnedFlowContext;
    const asked: string[] = [];
    w.setNow(at(20));
    await sweepHolds(w.rt, (accountId) => {
      asked.push(accountId);
      return open;
    });
    expect(asked).toEqual(['mom']);
    expect(w.released).toEqual([{ ctx: open, hold: portalHold() }]);
    expect(w.accountCalls).toEqual([]);
  });

  it('an account the calling check has no context for gets its own session', async () => {
    const w = releasingWorld();
    await w.store(holdRecord());
    w.setNow(at(20));
    await sweepHolds(w.rt, () => undefined);
    expect(w.accountCalls.map((c) => c.accountId)).toEqual(['mom']);
    expect(w.released).toHaveLength(1);
  });

  it('a release the portal refuses is logged; the hold is still marked expired and announced', async () => {
    const w = releasingWorld(async () => {
      throw new Error('portal said no');
    });
    await w.store(holdRecord());
    w.setNow(at(20));
    await sweepHolds(w.rt);
    expect(w.warnings()).toMatchObject([
      {
        hold: 'h1',
        err: { message: 'portal said no' },
        msg: 'could not release an expired hold; the portal will',
      },
    ]);
    expect((await w.repos.holds.get('h1'))?.status).toBe('expired');
    expect((await w.queued()).map((q) => q.id)).toEqual(['hold_result/h1']);
  });

  it('a flow that cannot release still marks the run-out hold expired, without a warning', async () => {
    const w = holdsWorld();
    await w.store(holdRecord());
    w.setNow(at(20));
    await sweepHolds(w.rt);
    expect(w.warnings()).toEqual([]);
    expect((await w.repos.holds.get('h1'))?.status).toBe('expired');
    expect((await w.queued())[0]?.payload).toMatchObject({
      outcome: 'expired',
      holdKind: { ...CART_KIND, release: false },
    });
  });
});

describe('sweepHolds: which holds', () => {
  it('only held holds of the store are swept (approved, released, expired ones are done)', async () => {
    const w = releasingWorld();
    await w.store(
      holdRecord({ id: 'a', status: 'approved' }),
      holdRecord({ id: 'b', status: 'released' }),
      holdRecord({ id: 'c', status: 'held' }),
    );
    w.setNow(at(30));
    await sweepHolds(w.rt);
    expect((await w.queued()).map((q) => q.id)).toEqual(['hold_result/c']);
    expect((await w.repos.holds.get('a'))?.status).toBe('approved');
    expect((await w.repos.holds.get('b'))?.status).toBe('released');
  });

  it("given the check's holds, sweeps the held ones of those and reads nothing else", async () => {
    const w = releasingWorld();
    const held = holdRecord({ id: 'given' });
    await w.store(held, holdRecord({ id: 'approved', status: 'approved' }), holdRecord({ id: 'other' }));
    w.setNow(at(30));
    await sweepHolds(w.rt, undefined, [held, holdRecord({ id: 'approved', status: 'approved' })]);
    expect((await w.queued()).map((q) => q.id)).toEqual(['hold_result/given']);
    expect((await w.repos.holds.get('approved'))?.status).toBe('approved');
    expect((await w.repos.holds.get('other'))?.status).toBe('held');
  });

  it('a held record without a portal hold is skipped, and the others are still swept', async () => {
    const w = releasingWorld();
    await w.store(holdRecord({ id: 'bare', portal: undefined }), holdRecord({ id: 'real' }));
    w.setNow(at(30));
    await sweepHolds(w.rt);
    expect((await w.queued()).map((q) => q.id)).toEqual(['hold_result/real']);
    expect((await w.repos.holds.get('bare'))?.status).toBe('held');
  });

  it('each hold is reminded or swept by its own expiry', async () => {
    const w = releasingWorld();
    await w.store(
      holdRecord({ id: 'early', portal: portalHold({ id: 'c-early', expiresAt: at(10).toISOString() }) }),
      holdRecord({ id: 'late', portal: portalHold({ id: 'c-late', expiresAt: at(14).toISOString() }) }),
      holdRecord({ id: 'later', portal: portalHold({ id: 'c-later', expiresAt: at(40).toISOString() }) }),
    );
    w.setNow(at(10));
    await sweepHolds(w.rt);
    expect((await w.queued()).map((q) => q.id)).toEqual(['hold_result/early', 'hold_reminder/late']);
    expect(w.released.map((r) => r.hold.id)).toEqual(['c-early']);
  });
});
