import { describe, expect, it } from 'vitest';
import { claim } from '../../../src/app/holds/hold-records.js';
import { ActionRefusedError } from '../../../src/core/errors.js';
import type { Order } from '../../../src/core/types.js';
import type { Flow } from '../../../src/flow/types.js';
import { cartWorld, HOLD_ID, NOW, observation, order, portalHold } from './decision-world.js';

/**
 * A decision the portal did not take, and two decisions of one hold (issue 26, test strength): the
 * claim given back so the parent may try again, the group told whether the portal refused or was
 * down; a second decision waits for the first and is told how it ended.
 */

describe('a decision the portal did not take', () => {
  it('an outage: failed with the reason, the claim given back, the group told (not as a refusal)', async () => {
    const w = cartWorld({
      async confirm() {
        throw new Error('socket hang up');
      },
    });
    await w.hold();
    const result = await w.decider.decide(HOLD_ID, 'approve', { via: 'cli' });
    expect(result.outcome).toBe('failed');
    expect(result.view.status).toBe('held');
    const alerts = await w.alerts();
    expect(alerts.map((a) => a.id)).toEqual([`hold_result/${HOLD_ID}/failed/${NOW.toISOString()}`]);
    expect(alerts[0]?.alert).toEqual({
      kind: 'hold_result',
      child: { id: 'sister', name: '姐姐' },
      observation,
      hold: portalHold,
      outcome: 'failed',
      by: '终端（jianlou holds）',
      detail: result.detail,
      holdKind: { kind: 'cart', expires: true, after: 'payment', release: true },
      action: 'approve',
      refused: false,
    });
    expect((await w.repos.holds.get(HOLD_ID))?.decisions).toEqual([]);
    // The claim was given back: the parent may try again, and this time it goes through.
    (w.rt.flow as Partial<Flow>).confirm = async () => order;
    expect((await w.decider.decide(HOLD_ID, 'approve', { via: 'cli' })).outcome).toBe('approved');
  });

  it('a refusal by the portal is told as refused, for a release too', async () => {
    const w = cartWorld({
      async release() {
        throw new ActionRefusedError('已开课，不能退', 'refused');
      },
    });
    await w.hold();
    const result = await w.decider.decide(HOLD_ID, 'release', { via: 'cli' });
    expect(result.outcome).toBe('failed');
    expect(result.detail).toContain('已开课，不能退');
    const [told] = await w.alerts();
    expect(told?.alert).toMatchObject({ outcome: 'failed', action: 'release', refused: true });
  });
});

describe('two decisions of one hold', () => {
  it('the second waits for the first and is told how it ended', async () => {
    let finish: () => void = () => {};
    const w = cartWorld({
      confirm: () =>
        new Promise<Order>((resolve) => {
          finish = () => resolve(order);
        }),
    });
    await w.hold();
    const first = w.decider.decide(HOLD_ID, 'approve', { via: 'cli' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = w.decider.decide(HOLD_ID, 'release', { via: 'link', ip: '10.0.0.3', userAgent: '' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    finish();
    expect((await first).outcome).toBe('approved');
    const other = await second;
    expect(other.outcome).toBe('already');
    expect(other.view.status).toBe('approved');
    expect(w.calls).toEqual([]);
    expect((await w.alerts()).map((a) => a.id)).toEqual([`hold_result/${HOLD_ID}`]);
  });

  it('when the first fails at the portal the second fails too, saying the other did not go through', async () => {
    let fail: () => void = () => {};
    const w = cartWorld({
      confirm: () =>
        new Promise<Order>((_resolve, reject) => {
          fail = () => reject(new Error('socket hang up'));
        }),
    });
    await w.hold();
    const first = w.decider.decide(HOLD_ID, 'approve', { via: 'cli' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = w.decider.decide(HOLD_ID, 'approve', { via: 'cli' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    fail();
    expect((await first).outcome).toBe('failed');
    const other = await second;
    expect(other).toMatchObject({
      outcome: 'failed',
      detail: '同时进行的另一个操作没有成功，名额仍在保留中，可以再试一次',
    });
    expect(other.view.status).toBe('held');
  });

  it('a hold removed while waiting is "already", with the view the waiting decision saw', async () => {
    const w = cartWorld();
    await w.hold();
    await claim(w.rt, HOLD_ID, { action: 'approve', at: NOW.toISOString() });
    const second = w.decider.decide(HOLD_ID, 'release', { via: 'cli' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await w.kv.delete('holds', HOLD_ID);
    const other = await second;
    expect(other.outcome).toBe('already');
    expect(other.view).toMatchObject({ holdId: HOLD_ID, status: 'held' });
    expect(w.calls).toEqual([]);
  });
});
