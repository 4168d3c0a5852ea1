import { describe, expect, it } from 'vitest';
import { childMatcher, ORDER_CANCELLED, readCommitments } from '../../../src/app/holds/commitments.js';
import type { CourseRef, Hold, Observation, Order } from '../../../src/core/types.js';
import type { OwnedFlowContext } from '../../../src/flow/context.js';
import type { Flow } from '../../../src/flow/types.js';
import { at, holdRecord, holdsWorld, observation, portalHold, T0 } from './holds-world.js';

/**
 * What a check reads of the portal's orders and cart for "already has it" and clash checks
 * (issues 8, 18), and the approved holds whose order the portal cancelled (watched again, said once).
 */

const ctx = { accountId: 'mom' } as unknown as OwnedFlowContext;
const order = (id: string, courseId: string, over: Partial<Order> = {}): Order => ({
  id,
  courseId,
  studentId: 'S001',
  status: 'pending_payment',
  createdAt: T0.toISOString(),
  ...over,
});
const cartItem = (id: string, courseId: string, over: Partial<Hold> = {}): Hold =>
  portalHold({ id, courseId, ...over });

interface PortalScript {
  orders?: Order[];
  carts?: Hold[];
  catalogue?: Observation[];
  observeFails?: boolean;
  confirm?: boolean;
}

function portalWorld(script: PortalScript) {
  const observed: string[][] = [];
  const flow: Partial<Flow> = {
    async observe(_ctx: unknown, refs: CourseRef[]) {
      observed.push(refs.map((r) => r.id));
      if (script.observeFails) throw new Error('catalogue down');
      return (script.catalogue ?? []).filter((o) => refs.some((r) => r.id === o.courseId));
    },
    ...(script.orders ? { listOrders: async () => script.orders! } : {}),
    ...(script.carts ? { listHolds: async () => script.carts! } : {}),
    ...(script.confirm ? { confirm: async () => order('x', 'x') } : {}),
  };
  return { ...holdsWorld(flow), observed };
}

type Kid = { id: string; studentId?: string };

describe('childMatcher: whose a portal item is', () => {
  it('an item naming a student is that child', () => {
    const match = childMatcher([
      { id: 'a', studentId: 'S1' },
      { id: 'b', studentId: 'S2' },
    ]);
    expect(match('S2')?.id).toBe('b');
    expect(match('S1')?.id).toBe('a');
  });

  it('an item naming a student of no configured child is nobody, even for an only child with an id', () => {
    expect(childMatcher([{ id: 'a', studentId: 'S1' }])('S9')).toBeUndefined();
  });

  it('of two children, an item naming nobody is nobody', () => {
    expect(
      childMatcher([
        { id: 'a', studentId: 'S1' },
        { id: 'b', studentId: 'S2' },
      ])(undefined),
    ).toBeUndefined();
  });

  it('two children without ids: an item naming a student is nobody', () => {
    const match = childMatcher<Kid>([{ id: 'a' }, { id: 'b' }]);
    expect(match('S1')).toBeUndefined();
    expect(match(undefined)).toBeUndefined();
  });

  it('an only child is the owner when either side does not name the student', () => {
    expect(childMatcher<Kid>([{ id: 'a' }])('X9')?.id).toBe('a');
    expect(childMatcher([{ id: 'a', studentId: 'S1' }])(undefined)?.id).toBe('a');
  });

  it('no children: nobody', () => {
    expect(childMatcher<Kid>([])(undefined)).toBeUndefined();
  });
});

describe('readCommitments: orders and hand-made cart items', () => {
  it("the account's live orders and hand-made cart items, with what is known of each course", async () => {
    const w = portalWorld({
      orders: [
        order('o1', 'ART-101'),
        order('o2', 'PIANO-2', { studentId: 'S002', status: 'paid' }),
        order('o3', 'CHESS-9', { status: 'cancelled' }),
      ],
      carts: [cartItem('cart-7', 'DANCE-3', { studentId: 'S002' })],
    });
    await w.repos.observations.save('mom', [observation('PIANO-2', { title: '钢琴' })], T0);
    await w.repos.observations.save(
      'mom',
      [observation('DANCE-3', { title: '舞蹈', schedule: undefined })],
      T0,
    );
    const seen = [observation('ART-101', { title: '美术' })];
    expect(await readCommitments(w.rt, ctx, 'mom', seen, false)).toStrictEqual([
      {
        childId: 'sister',
        courseId: 'ART-101',
        kind: 'order',
        title: '美术',
        schedule: { weekday: 6, start: '09:00', end: '10:30' },
      },
      {
        childId: 'brother',
        courseId: 'PIANO-2',
        kind: 'order',
        title: '钢琴',
        schedule: { weekday: 6, start: '09:00', end: '10:30' },
      },
      { childId: 'brother', courseId: 'DANCE-3', kind: 'hold', title: '舞蹈' },
    ]);
    expect(w.observed).toEqual([]);
    expect(w.warnings()).toEqual([]);
  });

  it('a course seen in this check wins over the stored observation', async () => {
    const w = portalWorld({ orders: [order('o1', 'ART-101')] });
    await w.repos.observations.save('mom', [observation('ART-101', { title: 'old title' })], T0);
    const got = await readCommitments(
      w.rt,
      ctx,
      'mom',
      [observation('ART-101', { title: 'seen now' })],
      false,
    );
    expect(got.map((c) => c.title)).toEqual(['seen now']);
  });

  it("jianlou's own holds of this account are not hand-made cart items; another account's are", async () => {
    const w = portalWorld({ carts: [cartItem('cart-1', 'ART-101'), cartItem('cart-2', 'ART-102')] });
    await w.store(
      holdRecord({ id: 'ours', portal: portalHold({ id: 'cart-1' }) }),
      holdRecord({ id: 'dads', accountId: 'dad', childId: 'cousin', portal: portalHold({ id: 'cart-2' }) }),
      holdRecord({ id: 'failed', portal: undefined, status: 'failed' }),
    );
    const got = await readCommitments(
      w.rt,
      ctx,
      'mom',
      [observation('ART-101'), observation('ART-102')],
      false,
    );
    expect(got.map((c) => [c.courseId, c.kind])).toEqual([['ART-102', 'hold']]);
  });

  it("items of students who are not this account's children are left out", async () => {
    const w = portalWorld({
      orders: [
        order('o1', 'ART-101', { studentId: 'S777' }),
        order('o2', 'ART-102', { studentId: undefined }),
      ],
      carts: [cartItem('c1', 'ART-103', { studentId: 'S888' })],
    });
    const seen = ['ART-101', 'ART-102', 'ART-103'].map((id) => observation(id));
    expect(await readCommitments(w.rt, ctx, 'mom', seen, false)).toEqual([]);
  });

  it("on an account that is the student, an item naming nobody is its only child's", async () => {
    const w = portalWorld({ orders: [order('o1', 'ART-101', { studentId: undefined })] });
    const got = await readCommitments(w.rt, ctx, 'dad', [observation('ART-101')], false);
    expect(got.map((c) => [c.childId, c.courseId])).toEqual([['cousin', 'ART-101']]);
  });

  it('a flow without orders or cart reading has no commitments, and no error', async () => {
    const w = portalWorld({});
    expect(await readCommitments(w.rt, ctx, 'mom', [], false)).toEqual([]);
    expect(w.warnings()).toEqual([]);
  });

  it('a flow that reads only the cart still reports its hand-made items', async () => {
    const w = portalWorld({ carts: [cartItem('c1', 'ART-101')] });
    const got = await readCommitments(w.rt, ctx, 'mom', [observation('ART-101')], false);
    expect(got.map((c) => c.kind)).toEqual(['hold']);
    expect(w.observed).toEqual([]);
  });

  it("an item of someone else's child before one of ours does not stop the reading", async () => {
    const w = portalWorld({
      orders: [order('o1', 'ART-101', { studentId: 'S777' }), order('o2', 'ART-102')],
      carts: [
        cartItem('c1', 'ART-103', { studentId: 'S888' }),
        cartItem('c2', 'ART-104', { studentId: 'S002' }),
      ],
    });
    const seen = ['ART-101', 'ART-102', 'ART-103', 'ART-104'].map((id) => observation(id));
    const got = await readCommitments(w.rt, ctx, 'mom', seen, false);
    expect(got.map((c) => [c.childId, c.courseId])).toEqual([
      ['sister', 'ART-102'],
      ['brother', 'ART-104'],
    ]);
    expect(w.warnings()).toEqual([]);
  });
});

describe('readCommitments: courses nobody watches', () => {
  it('a course ordered by hand that nobody watches is read from the portal, once, for its schedule', async () => {
    const w = portalWorld({
      orders: [order('o1', 'YOGA-1'), order('o2', 'ART-101')],
      carts: [cartItem('c1', 'YOGA-1', { studentId: 'S002' }), cartItem('c2', 'STORED-1')],
      catalogue: [
        observation('YOGA-1', { title: '瑜伽', schedule: { weekday: 2, start: '18:00', end: '19:00' } }),
      ],
    });
    await w.repos.observations.save('mom', [observation('STORED-1')], T0);
    const got = await readCommitments(w.rt, ctx, 'mom', [observation('ART-101')], false);
    expect(w.observed).toEqual([['YOGA-1']]);
    expect(got.filter((c) => c.courseId === 'YOGA-1')).toStrictEqual([
      {
        childId: 'sister',
        courseId: 'YOGA-1',
        kind: 'order',
        title: '瑜伽',
        schedule: { weekday: 2, start: '18:00', end: '19:00' },
      },
      {
        childId: 'brother',
        courseId: 'YOGA-1',
        kind: 'hold',
        title: '瑜伽',
        schedule: { weekday: 2, start: '18:00', end: '19:00' },
      },
    ]);
  });

  it('a course that cannot be read is still a commitment, without schedule; the failure is logged', async () => {
    const w = portalWorld({ orders: [order('o1', 'YOGA-1')], observeFails: true });
    const got = await readCommitments(w.rt, ctx, 'mom', [], false);
    expect(got).toStrictEqual([{ childId: 'sister', courseId: 'YOGA-1', kind: 'order' }]);
    expect(w.warnings()).toMatchObject([
      {
        account: 'mom',
        err: { message: 'catalogue down' },
        msg: 'could not read ordered courses for clash checks',
      },
    ]);
  });

  it('a course the portal does not answer for stays without title or schedule', async () => {
    const w = portalWorld({ carts: [cartItem('c1', 'GONE-1')], catalogue: [] });
    const got = await readCommitments(w.rt, ctx, 'mom', [], false);
    expect(got).toStrictEqual([{ childId: 'sister', courseId: 'GONE-1', kind: 'hold' }]);
    expect(w.warnings()).toEqual([]);
  });

  it('an order list the portal fails to give is logged and yields nothing', async () => {
    const w = portalWorld({});
    w.rt.flow.listOrders = async () => {
      throw new Error('orders page down');
    };
    expect(await readCommitments(w.rt, ctx, 'mom', [], false)).toEqual([]);
    expect(w.warnings()).toMatchObject([
      {
        account: 'mom',
        err: { message: 'orders page down' },
        msg: 'could not read orders/cart for clash checks',
      },
    ]);
  });
});

describe('readCommitments: an approved hold whose order the portal cancelled', () => {
  const approved = (id: string, orderId: string | undefined, over = {}) =>
    holdRecord({
      id,
      status: 'approved',
      portal: portalHold({ id: `cart-${id}` }),
      ...(orderId ? { order: order(orderId, 'ART-101') } : {}),
      ...over,
    });

  it('is marked expired with the reason, said once, and its target watched again', async () => {
    const w = portalWorld({
      orders: [order('o-live', 'ART-101'), order('o-gone', 'ART-101', { status: 'cancelled' })],
      confirm: true,
    });
    await w.store(approved('live', 'o-live'), approved('gone', 'o-gone'), approved('vanished', 'o-vanished'));
    w.setNow(at(3));
    await readCommitments(w.rt, ctx, 'mom', [observation('ART-101')], false);
    await readCommitments(w.rt, ctx, 'mom', [observation('ART-101')], false);
    expect((await w.repos.holds.get('live'))?.status).toBe('approved');
    for (const id of ['gone', 'vanished']) {
      expect(await w.repos.holds.get(id)).toMatchObject({
        status: 'expired',
        error: ORDER_CANCELLED,
        updatedAt: at(3).toISOString(),
      });
    }
    expect(await w.queued()).toEqual(
      ['gone', 'vanished'].map((id) => ({
        id: `hold_result/${id}/cancelled`,
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
          hold: portalHold({ id: `cart-${id}` }),
          outcome: 'expired',
          holdKind: { kind: 'cart', expires: true, after: 'payment', release: false },
        },
      })),
    );
    expect(
      w.lines.filter((l) => l.msg === 'order cancelled at the portal; the target is watched again'),
    ).toMatchObject([
      { level: 30, hold: 'gone', order: 'o-gone' },
      { level: 30, hold: 'vanished', order: 'o-vanished' },
    ]);
  });

  it('a dry run reads the orders but changes no hold', async () => {
    const w = portalWorld({ orders: [], confirm: true });
    await w.store(approved('gone', 'o-gone'));
    await readCommitments(w.rt, ctx, 'mom', [], true);
    expect((await w.repos.holds.get('gone'))?.status).toBe('approved');
    expect(await w.queued()).toEqual([]);
  });

  it("only this account's approved holds are reconciled with its orders", async () => {
    const w = portalWorld({ orders: [], confirm: true });
    await w.store(
      approved('dads', 'o-dad', { accountId: 'dad', childId: 'cousin' }),
      holdRecord({ id: 'waiting', status: 'held', order: order('o-w', 'ART-101') }),
    );
    await readCommitments(w.rt, ctx, 'mom', [], false);
    expect((await w.repos.holds.get('dads'))?.status).toBe('approved');
    expect((await w.repos.holds.get('waiting'))?.status).toBe('held');
  });

  it('with confirm, an approved hold without an order is not judged by its cart item', async () => {
    const w = portalWorld({ orders: [], confirm: true });
    await w.store(approved('unordered', undefined));
    await readCommitments(w.rt, ctx, 'mom', [], false);
    expect((await w.repos.holds.get('unordered'))?.status).toBe('approved');
  });

  it('without confirm the hold is itself the unpaid order: gone from the orders, it expired', async () => {
    const w = portalWorld({ orders: [order('cart-kept', 'ART-101')] });
    await w.store(approved('kept', undefined), approved('dropped', undefined));
    await readCommitments(w.rt, ctx, 'mom', [observation('ART-101')], false);
    expect((await w.repos.holds.get('kept'))?.status).toBe('approved');
    expect((await w.repos.holds.get('dropped'))?.status).toBe('expired');
  });

  it('an approved record without a portal hold is marked but not announced', async () => {
    const w = portalWorld({ orders: [], confirm: true });
    await w.store(approved('bare', 'o-bare', { portal: undefined }), approved('next', 'o-next'));
    await readCommitments(w.rt, ctx, 'mom', [], false);
    expect((await w.repos.holds.get('bare'))?.status).toBe('expired');
    expect((await w.queued()).map((q) => q.id)).toEqual(['hold_result/next/cancelled']);
    expect(w.warnings()).toEqual([]);
  });

  it('without confirm, an approved record with neither an order nor a portal hold is left alone', async () => {
    const w = portalWorld({ orders: [] });
    await w.store(approved('bare', undefined, { portal: undefined }), approved('dropped', undefined));
    await readCommitments(w.rt, ctx, 'mom', [], false);
    expect((await w.repos.holds.get('bare'))?.status).toBe('approved');
    expect((await w.repos.holds.get('dropped'))?.status).toBe('expired');
    expect(w.warnings()).toEqual([]);
  });

  it('a flow without orders reconciles nothing', async () => {
    const w = portalWorld({ carts: [], confirm: true });
    await w.store(approved('gone', 'o-gone'));
    await readCommitments(w.rt, ctx, 'mom', [], false);
    expect((await w.repos.holds.get('gone'))?.status).toBe('approved');
  });
});
