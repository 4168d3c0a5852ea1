import { describe, expect, it } from 'vitest';
import { claim, isClaimed } from '../../../src/app/holds/hold-records.js';
import { ActionRefusedError } from '../../../src/core/errors.js';
import type { Order } from '../../../src/core/types.js';
import type { Flow } from '../../../src/flow/types.js';
import { catalogue } from '../../../src/i18n/catalogue.js';
import { cartWorld, errOf, HOLD_ID, NOW, observation, order, portalHold } from './decision-world.js';

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

describe('issue 26: a decision cut off by watch stopping (the second signal)', () => {
  const never = () => new Promise<never>(() => {});

  it('at a portal that never answers: interrupted, neither recorded nor told, the claim given back', async () => {
    const stop = new AbortController();
    const w = cartWorld({ release: never }, { stopping: stop.signal });
    await w.hold();
    const deciding = w.decider.decide(HOLD_ID, 'release', { via: 'link', ip: '10.0.0.3', userAgent: '' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    stop.abort();
    const result = await deciding;
    expect(result).toEqual({
      outcome: 'interrupted',
      view: expect.objectContaining({ holdId: HOLD_ID, status: 'held' }),
      detail: catalogue('zh').pages.interrupted.body,
    });
    // The portal step was bounded by the stop signal (the runtime gives it up after its grace).
    expect(w.sessions).toEqual([{ account: 'mom', options: { save: true }, signal: stop.signal }]);
    const record = await w.repos.holds.get(HOLD_ID);
    expect(record?.status).toBe('held');
    expect(record?.decisions).toEqual([]);
    // Not a refusal: the group hears nothing; the log says why.
    expect(await w.alerts()).toEqual([]);
    const line = w.logs.find((l) => l.msg === 'hold decision cut short by a stop; still held');
    expect(line).toMatchObject({ level: 'warn', obj: { hold: HOLD_ID, action: 'release' } });
    expect(errOf(line)).toBeInstanceOf(Error);
    expect(w.logs.map((l) => l.msg)).not.toContain('hold decision failed at the portal');
    // The claim was given back: after the restart the next tap decides.
    expect(await isClaimed(w.rt, HOLD_ID)).toBe(false);
  });

  it('in English, the parent is told the same', async () => {
    const stop = new AbortController();
    stop.abort();
    const w = cartWorld({ confirm: never }, { stopping: stop.signal });
    (w.rt.config as { locale: string }).locale = 'en';
    await w.hold();
    const result = await w.decider.decide(HOLD_ID, 'approve', { via: 'cli' });
    expect(result).toMatchObject({ outcome: 'interrupted', detail: catalogue('en').pages.interrupted.body });
  });

  it('a stop that comes while the portal step is failing anyway is still not told as a failure', async () => {
    const stop = new AbortController();
    const w = cartWorld(
      {
        async confirm() {
          stop.abort();
          throw new Error('socket hang up');
        },
      },
      { stopping: stop.signal },
    );
    await w.hold();
    const result = await w.decider.decide(HOLD_ID, 'approve', { via: 'cli' });
    expect(result.outcome).toBe('interrupted');
    expect(await w.alerts()).toEqual([]);
  });

  it('a stop unused leaves a decision as it was', async () => {
    const stop = new AbortController();
    const w = cartWorld({}, { stopping: stop.signal });
    await w.hold();
    expect((await w.decider.decide(HOLD_ID, 'approve', { via: 'cli' })).outcome).toBe('approved');
    expect(w.calls).toEqual([`confirm ${portalHold.id}`]);
  });

  it('a tap waiting for another decision stops waiting: interrupted, the other’s claim kept', async () => {
    const stop = new AbortController();
    const w = cartWorld({}, { stopping: stop.signal });
    await w.hold();
    await claim(w.rt, HOLD_ID, { action: 'approve', at: NOW.toISOString() });
    const waiting = w.decider.decide(HOLD_ID, 'release', { via: 'cli' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    stop.abort();
    const result = await waiting;
    expect(result).toMatchObject({
      outcome: 'interrupted',
      view: { status: 'held' },
      detail: catalogue('zh').pages.interrupted.body,
    });
    expect(w.calls).toEqual([]);
    expect(w.sessions).toEqual([]);
    expect(await isClaimed(w.rt, HOLD_ID)).toBe(true);
  });
});
