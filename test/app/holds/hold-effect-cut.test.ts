import { describe, expect, it } from 'vitest';
import { runHoldEffect } from '../../../src/app/holds/hold-effect.js';
import type { HoldEffect } from '../../../src/app/holds/hold-records.js';
import { PortalUnavailableError } from '../../../src/core/errors.js';
import type { Hold } from '../../../src/core/types.js';
import { holdsWorld, observation, portalHold } from './holds-world.js';

/**
 * Issue 26: a hold effect cut short by its check's deadline or a stop is not a hold the portal
 * refused. Nothing is recorded, given back or announced: the outbox has the next run redo it (the
 * flow's hold looks in the cart first). Without the cut, a failure is recorded as before.
 */

const effect: HoldEffect = {
  type: 'hold',
  id: 'hold/sister/ART-101/7',
  targetId: 'sister-ART-101',
  accountId: 'mom',
  childId: 'sister',
  courseId: 'ART-101',
  observation: observation(),
};

function cutWorld() {
  const released: Hold[] = [];
  const w = holdsWorld({
    hold: async () => portalHold(),
    listHolds: async () => {
      throw new PortalUnavailableError('GET /api/cart stopped: the check was cancelled');
    },
    release: async (_ctx, hold) => {
      released.push(hold);
    },
  });
  return { ...w, released };
}

describe('runHoldEffect cut short', () => {
  it('rethrows without a record, a release or an alert once the cut has aborted', async () => {
    const w = cutWorld();
    const cut = new AbortController();
    cut.abort();
    await expect(runHoldEffect(w.rt, effect, w.ctxOf('mom'), cut.signal)).rejects.toThrow(
      PortalUnavailableError,
    );
    expect(await w.repos.holds.get(effect.id)).toBeUndefined();
    expect(w.released).toEqual([]);
    expect(await w.queued()).toEqual([]);
  });

  it('records the failure, gives the unproven seat back and says so while the cut has not aborted', async () => {
    const w = cutWorld();
    const record = await runHoldEffect(w.rt, effect, w.ctxOf('mom'), new AbortController().signal);
    expect(record).toMatchObject({ id: effect.id, status: 'failed' });
    expect(w.released).toEqual([portalHold()]);
    expect((await w.queued()).map((q) => q.id)).toEqual([`hold_failed/${effect.id}`]);
  });
});
