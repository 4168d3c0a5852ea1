import { describe, expect, it } from 'vitest';
import { heldLogLine } from '../../../src/app/holds/hold-effect.js';
import type { HoldKind } from '../../../src/core/types.js';
import type { Flow } from '../../../src/flow/types.js';
import { cartFlow, made, run, world } from './effect-world.js';

/**
 * What the log says a proven hold is, by the flow's hold kind (issue 26, test strength): a seat in the
 * cart, a registration the approval confirms, an unpaid registration, one made final at the portal.
 */

describe('what the log says a proven hold is', () => {
  const kind = (k: Partial<HoldKind>): HoldKind => ({
    kind: 'registration',
    expires: true,
    after: 'payment',
    release: true,
    ...k,
  });

  it('a seat in the cart, whether or not an order is submitted afterwards', () => {
    expect(heldLogLine(kind({ kind: 'cart' }), true)).toBe('seat held and proven in the cart');
    expect(heldLogLine(kind({ kind: 'cart' }), false)).toBe('seat held and proven in the cart');
  });

  it('a registration the approval confirms', () => {
    expect(heldLogLine(kind({}), true)).toBe(
      'registration made and proven at the portal; approving confirms it there',
    );
  });

  it('an unpaid registration the portal cancels unless paid', () => {
    expect(heldLogLine(kind({}), false)).toBe(
      'unpaid registration made and proven at the portal; it is cancelled unless paid by its deadline',
    );
  });

  it('a registration made final (nothing to pay, or one that does not expire)', () => {
    const final =
      'registration made final at the portal and proven there; approving does nothing more at the portal';
    expect(heldLogLine(kind({ after: 'none' }), false)).toBe(final);
    expect(heldLogLine(kind({ expires: false }), false)).toBe(final);
  });

  it('the log line of a hold follows the flow: one with confirm says approving confirms it', async () => {
    const { flow } = cartFlow([made], {
      holds: { kind: 'registration', expires: true, after: 'payment', release: true },
      confirm: async () => ({ id: 'O-1', courseId: 'ART-101', status: 'pending_payment', createdAt: '' }),
    } as Partial<Flow>);
    const w = world(flow);
    await run(w);
    expect(w.logs.map((l) => l.msg)).toEqual([
      'registration made and proven at the portal; approving confirms it there',
    ]);
    expect(w.logs[0]?.obj.holdKind).toBe('registration');
  });
});
