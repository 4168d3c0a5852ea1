import { describe, expect } from 'vitest';
import { ActionRefusedError, SessionExpiredError } from '../core/errors.js';
import type { Flow, FlowContext } from '../flow/types.js';
import type { SuiteScope } from './suite-scope.js';

/** The contract's checks of hold, listHolds, release and confirm (each skipped, by name, where it does not apply). */
export function describeHolds(s: SuiteScope): void {
  const { flow, fixture, can, check, courses, truth, holdsOf, seatsOf, resetAll } = s;

  describe('holds', () => {
    const hold = (...args: Parameters<NonNullable<Flow['hold']>>) => flow.hold!(...args);
    const listHolds = (target: FlowContext) => flow.listHolds!(target);
    const child = fixture.child;

    check('hold is idempotent: asked twice, one hold and one seat taken', [can.hold], async () => {
      await fixture.setSeats(courses.a, 2);
      const first = await hold(s.ctx, { id: courses.a }, child);
      const second = await hold(s.ctx, { id: courses.a }, child);
      expect(second.id).toBe(first.id);
      expect(first).toMatchObject({ courseId: courses.a, studentId: child.studentId });
      expect(await holdsOf(courses.a)).toHaveLength(1);
      expect(await seatsOf(courses.a)).toBe(1);
    });

    check('listHolds proves the hold', [can.hold], async () => {
      await fixture.setSeats(courses.a, 1);
      const made = await hold(s.ctx, { id: courses.a }, child);
      expect((await listHolds(s.ctx)).map((h) => h.id)).toContain(made.id);
    });

    check('hold of a full course is refused with reason no_seats', [can.hold], async () => {
      await fixture.setSeats(courses.a, 0);
      const failure = await hold(s.ctx, { id: courses.a }, child).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ActionRefusedError);
      expect((failure as ActionRefusedError).reason).toBe('no_seats');
      expect(await holdsOf(courses.a)).toHaveLength(0);
    });

    check('hold beyond the cart limit is refused with reason cart_full', [can.hold, can.limit], async () => {
      await fixture.limitHolds?.(1);
      await fixture.setSeats(courses.a, 1);
      await fixture.setSeats(courses.b, 1);
      await hold(s.ctx, { id: courses.a }, child);
      const failure = await hold(s.ctx, { id: courses.b }, child).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ActionRefusedError);
      expect((failure as ActionRefusedError).reason).toBe('cart_full');
    });

    check('hold with an expired session → SessionExpiredError, nothing held', [can.hold], async () => {
      await fixture.setSeats(courses.a, 1);
      await fixture.expireSession();
      await expect(hold(s.ctx, { id: courses.a }, child)).rejects.toThrow(SessionExpiredError);
      expect(await holdsOf(courses.a)).toHaveLength(0);
    });

    check('a hold that never expires says so: expiresAt null', [can.hold, can.noExpiry], async () => {
      await fixture.setSeats(courses.a, 1);
      const made = await hold(s.ctx, { id: courses.a }, child);
      expect(made.expiresAt).toBeNull();
      expect((await listHolds(s.ctx)).find((h) => h.id === made.id)?.expiresAt).toBeNull();
    });

    check(
      'a hold the portal ended by itself is no longer listed, and its seat is free',
      [can.hold, can.drop],
      async () => {
        await fixture.setSeats(courses.a, 1);
        const made = await hold(s.ctx, { id: courses.a }, child);
        await fixture.dropHold?.(made.id);
        expect((await listHolds(s.ctx)).map((h) => h.id)).not.toContain(made.id);
        expect(await holdsOf(courses.a)).toHaveLength(0);
        expect(await seatsOf(courses.a)).toBe(1);
      },
    );

    check(
      'release returns the seat, and releasing again is not an error',
      [can.hold, can.release],
      async () => {
        await fixture.setSeats(courses.a, 1);
        const made = await hold(s.ctx, { id: courses.a }, child);
        expect(await seatsOf(courses.a)).toBe(0);
        await flow.release!(s.ctx, made);
        await flow.release!(s.ctx, made);
        expect(await holdsOf(courses.a)).toHaveLength(0);
        expect(await seatsOf(courses.a)).toBe(1);
        expect((await listHolds(s.ctx)).map((h) => h.id)).not.toContain(made.id);
      },
    );

    check(
      'confirm turns the hold into one order pending payment, also when repeated',
      [can.hold, can.confirm],
      async () => {
        await fixture.setSeats(courses.a, 1);
        const made = await hold(s.ctx, { id: courses.a }, child);
        const order = await flow.confirm!(s.ctx, made);
        const again = await flow.confirm!(s.ctx, made);
        expect(order).toMatchObject({ courseId: courses.a, status: 'pending_payment' });
        expect(again.id).toBe(order.id);
        const orders = (await truth()).orders.filter(
          (o) => o.courseId === courses.a && o.studentId === child.studentId,
        );
        expect(orders.map((o) => o.status)).toEqual(['pending_payment']);
        expect(await holdsOf(courses.a)).toHaveLength(0);
        if (flow.listOrders) expect((await flow.listOrders(s.ctx)).map((o) => o.id)).toContain(order.id);
      },
    );

    check('confirm of a hold that is gone is refused', [can.hold, can.confirm], async () => {
      await fixture.setSeats(courses.a, 1);
      const made = await hold(s.ctx, { id: courses.a }, child);
      await resetAll();
      await expect(flow.confirm!(s.ctx, made)).rejects.toThrow(ActionRefusedError);
    });
  });
}
