import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sweepHolds } from '../../../src/app/holds/hold-sweep.js';
import { at, holdRecord, holdsWorld } from './holds-world.js';

/**
 * Issue 26: the sweep follows the signal of its caller (the check's deadline, watch's bound, a
 * stop). No hold is taken up once it has aborted; a release at a portal that never answers is given
 * up (DEADLINE_GRACE_MS after the signal), and the hold the sweep claimed is still recorded expired
 * and told. The portal hold of `holdRecord()` expires at T0 + 20 min.
 */

const never = () => new Promise<void>(() => {});

describe('sweepHolds with a signal', () => {
  it('takes up no hold once the signal has aborted: the next sweep does', async () => {
    const w = holdsWorld({ release: async () => {} });
    await w.store(holdRecord(), holdRecord({ id: 'h2' }));
    w.setNow(at(21));
    const stop = new AbortController();
    stop.abort();
    await sweepHolds(w.rt, undefined, undefined, stop.signal);
    expect(w.accountCalls).toEqual([]);
    expect((await w.repos.holds.list()).map((h) => h.status)).toEqual(['held', 'held']);
    expect(await w.queued()).toEqual([]);
    expect(await w.kv.get('hold-claims', 'h1', z.unknown())).toBeUndefined();
  });

  it('stops before the next hold when the signal aborts during a sweep', async () => {
    const stop = new AbortController();
    const w = holdsWorld({
      release: async () => {
        stop.abort();
      },
    });
    await w.store(holdRecord(), holdRecord({ id: 'h2' }));
    w.setNow(at(21));
    await sweepHolds(w.rt, undefined, undefined, stop.signal);
    expect(w.accountCalls.map((c) => c.signal)).toEqual([stop.signal]);
    expect((await w.repos.holds.get('h1'))?.status).toBe('expired');
    expect((await w.repos.holds.get('h2'))?.status).toBe('held');
  });

  it('gives up a release the portal never answers; the claimed hold is recorded expired and told', async () => {
    const w = holdsWorld({ release: never });
    await w.store(holdRecord());
    w.setNow(at(21));
    const stop = new AbortController();
    const sweep = sweepHolds(w.rt, undefined, undefined, stop.signal);
    // The release is under way (the claim is written first): then the stop.
    for (let i = 0; i < 100 && w.accountCalls.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    stop.abort();
    await sweep;
    expect((await w.repos.holds.get('h1'))?.status).toBe('expired');
    expect((await w.queued()).map((q) => q.id)).toEqual(['hold_result/h1']);
    expect(w.warnings()).toMatchObject([
      { msg: 'could not release an expired hold; the portal will', hold: 'h1' },
    ]);
    expect(JSON.stringify(w.warnings()[0])).toContain(
      "releasing the expired hold h1 did not finish before the check's deadline",
    );
  });

  it("the calling check's open context is given up on the same way", async () => {
    const w = holdsWorld({ release: never });
    await w.store(holdRecord());
    w.setNow(at(21));
    const stop = new AbortController();
    const open = w.ctxOf('mom');
    const sweep = sweepHolds(w.rt, () => open, undefined, stop.signal);
    await new Promise((r) => setTimeout(r, 20));
    stop.abort();
    await sweep;
    expect(w.accountCalls).toEqual([]);
    expect((await w.repos.holds.get('h1'))?.status).toBe('expired');
  });
});
