import { describe, expect, it } from 'vitest';
import { isClaimed } from '../../../src/app/holds/hold-records.js';
import { ActionRefusedError } from '../../../src/core/errors.js';
import type { Flow } from '../../../src/flow/types.js';
import { CART, cartWorld, errOf, HOLD_ID, NOW, observation, order, portalHold } from './decision-world.js';

/**
 * Approving or releasing a hold, at most once (issue 26, test strength): which holds a decision acts
 * on (not one already decided, expired or unknown), one decision per hold (a second waits for the
 * first's outcome), what the portal is asked, what is recorded and what the group is told. The flow
 * is a plain object with the steps a test needs, the store the in-memory one.
 */

describe('which holds a decision acts on', () => {
  it('an unknown hold, or one without a portal hold, is refused as not found', async () => {
    const w = cartWorld();
    const failure = await w.decider.decide('hold/nope', 'approve', { via: 'cli' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ActionRefusedError);
    expect((failure as ActionRefusedError).message).toBe('no hold "hold/nope" (see: jianlou holds)');
    expect((failure as ActionRefusedError).reason).toBe('not_found');
    await w.hold({ portal: undefined, status: 'failed' });
    await expect(w.decider.decide(HOLD_ID, 'approve', { via: 'cli' })).rejects.toThrow(
      `no hold "${HOLD_ID}"`,
    );
    expect(w.calls).toEqual([]);
  });

  it.each(['approved', 'released', 'expired'] as const)(
    'a hold already %s is "already": the portal is not asked again',
    async (status) => {
      const w = cartWorld();
      await w.hold({ status });
      const result = await w.decider.decide(HOLD_ID, 'approve', { via: 'cli' });
      expect(result.outcome).toBe('already');
      expect(result.view).toMatchObject({ holdId: HOLD_ID, status, child: { id: 'sister', name: '姐姐' } });
      expect(w.calls).toEqual([]);
      expect(await w.alerts()).toEqual([]);
    },
  );

  it('a hold whose expiry has come is "expired", at the very millisecond too', async () => {
    const w = cartWorld({}, { now: new Date(portalHold.expiresAt!) });
    await w.hold();
    expect((await w.decider.decide(HOLD_ID, 'approve', { via: 'cli' })).outcome).toBe('expired');
    expect(w.calls).toEqual([]);
    expect((await w.repos.holds.get(HOLD_ID))?.status).toBe('held');
  });

  it('a hold one millisecond before its expiry is still decided', async () => {
    const w = cartWorld({}, { now: new Date(Date.parse(portalHold.expiresAt!) - 1) });
    await w.hold();
    expect((await w.decider.decide(HOLD_ID, 'approve', { via: 'cli' })).outcome).toBe('approved');
  });

  it('a registration kept until someone decides never expires', async () => {
    const w = cartWorld(
      { holds: { kind: 'registration', expires: false, after: 'review', release: true } },
      { now: new Date('2027-03-01T00:00:00.000Z') },
    );
    await w.hold({ portal: { ...portalHold, expiresAt: null } });
    expect((await w.decider.decide(HOLD_ID, 'release', { via: 'cli' })).outcome).toBe('released');
  });

  it('describe() tells a hold as the pages show it, and nothing for an unknown one', async () => {
    const w = cartWorld();
    await w.hold();
    expect(await w.decider.describe('hold/nope')).toBeUndefined();
    expect(await w.decider.describe(HOLD_ID)).toMatchObject({
      holdId: HOLD_ID,
      status: 'held',
      hold: portalHold,
      observation: { title: '少儿国画' },
    });
  });
});

describe('an approval', () => {
  it('submits the order at the portal in a saved session, records who decided, and tells the group', async () => {
    const w = cartWorld();
    await w.hold();
    const who = {
      via: 'link',
      ip: '10.0.0.2',
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0)',
    } as const;
    const result = await w.decider.decide(HOLD_ID, 'approve', who);
    expect(w.calls).toEqual(['confirm C-1']);
    expect(w.sessions).toEqual([{ account: 'mom', options: { save: true } }]);
    expect(result.outcome).toBe('approved');
    expect(result.view).toMatchObject({ status: 'approved', order });
    const record = await w.repos.holds.get(HOLD_ID);
    expect(record).toMatchObject({ status: 'approved', order });
    expect(record?.decisions).toEqual([
      {
        action: 'approve',
        by: '链接（10.0.0.2，iPhone）',
        via: 'link',
        at: NOW.toISOString(),
        ip: '10.0.0.2',
        userAgent: who.userAgent,
      },
    ]);
    const alerts = await w.alerts();
    expect(alerts.map((a) => a.id)).toEqual([`hold_result/${HOLD_ID}`]);
    expect(alerts[0]?.alert).toEqual({
      ...CART,
      child: { id: 'sister', name: '姐姐' },
      observation,
      hold: portalHold,
      order,
      by: '链接（10.0.0.2，iPhone）',
      holdKind: { kind: 'cart', expires: true, after: 'payment', release: true },
    });
    expect(w.logs).toEqual([
      {
        level: 'info',
        obj: { hold: HOLD_ID, action: 'approve', by: '链接（10.0.0.2，iPhone）' },
        msg: 'hold decided',
      },
    ]);
  });

  it('a decision from the terminal stores no address or browser', async () => {
    const w = cartWorld();
    await w.hold();
    await w.decider.decide(HOLD_ID, 'approve', { via: 'cli' });
    expect((await w.repos.holds.get(HOLD_ID))?.decisions).toEqual([
      { action: 'approve', by: '终端（jianlou holds）', via: 'cli', at: NOW.toISOString() },
    ]);
  });

  it('a registration without an order step is approved by keeping it: nothing asked, no order told', async () => {
    const w = cartWorld({
      confirm: undefined,
      holds: { kind: 'registration', expires: true, after: 'payment', release: true },
    });
    await w.hold();
    const result = await w.decider.decide(HOLD_ID, 'approve', { via: 'cli' });
    expect(result.outcome).toBe('approved');
    expect(w.calls).toEqual([]);
    const record = await w.repos.holds.get(HOLD_ID);
    expect(record?.status).toBe('approved');
    expect(record?.order).toBeUndefined();
    expect(record?.decisions.map((d) => d.action)).toEqual(['approve']);
    const [told] = await w.alerts();
    expect(told?.alert).toMatchObject({ outcome: 'approved', holdKind: { kind: 'registration' } });
    expect(told?.alert).not.toHaveProperty('order');
  });

  it('a cart seat with no order step cannot be approved: failed, the claim given back, the group not told', async () => {
    const w = cartWorld({ confirm: undefined });
    await w.hold();
    const result = await w.decider.decide(HOLD_ID, 'approve', { via: 'cli' });
    expect(result.outcome).toBe('failed');
    expect(result.view.status).toBe('held');
    expect(result.detail).toBeTruthy();
    expect(await w.alerts()).toEqual([]);
    expect((await w.repos.holds.get(HOLD_ID))?.status).toBe('held');
    expect(await isClaimed(w.rt, HOLD_ID)).toBe(false);
    const [warned] = w.logs;
    expect(warned).toMatchObject({ level: 'warn', obj: { hold: HOLD_ID, action: 'approve' } });
    expect((errOf(warned) as Error).message).toBe('flow fake cannot submit orders');
    expect(warned?.msg).toBe('hold decision failed at the portal');
  });
});

describe('a release', () => {
  it('gives the seat back at the portal, records it, and tells the group', async () => {
    const w = cartWorld();
    await w.hold();
    const result = await w.decider.decide(HOLD_ID, 'release', { via: 'cli' });
    expect(w.calls).toEqual(['release C-1']);
    expect(result.outcome).toBe('released');
    expect((await w.repos.holds.get(HOLD_ID))?.status).toBe('released');
    const alerts = await w.alerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.alert).toMatchObject({
      kind: 'hold_result',
      outcome: 'released',
      by: '终端（jianlou holds）',
    });
    expect(alerts[0]?.alert).not.toHaveProperty('order');
  });

  it.each([
    ['a flow without a release step', { release: undefined }],
    [
      'a hold the portal lets nobody give back',
      { holds: { kind: 'registration', expires: false, after: 'none', release: false } },
    ],
  ] as const)('%s: failed as unsupported, nothing asked, the group not told', async (_name, extra) => {
    const w = cartWorld(extra as Partial<Flow>);
    await w.hold();
    const result = await w.decider.decide(HOLD_ID, 'release', { via: 'cli' });
    expect(result.outcome).toBe('failed');
    expect(w.calls).toEqual([]);
    expect(await w.alerts()).toEqual([]);
    expect((errOf(w.logs[0]) as Error).message).toBe('flow fake cannot release holds');
  });
});
