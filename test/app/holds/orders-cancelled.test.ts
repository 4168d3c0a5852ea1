import { describe, expect, it } from 'vitest';
import { ORDER_CANCELLED, ordersCancelledSince } from '../../../src/app/holds/commitments.js';
import type { HoldRecord } from '../../../src/store/holds.js';

/**
 * The fact decide() takes about cancelled orders: the holds that this check's order reading marked
 * expired because the portal cancelled their order, and no other hold.
 */
const STARTED = new Date('2026-07-01T02:00:00.000Z');
const hold = (
  courseId: string,
  status: HoldRecord['status'],
  error: string | undefined,
  updatedAt: string,
): Pick<HoldRecord, 'status' | 'error' | 'updatedAt' | 'targetId' | 'courseId'> => ({
  targetId: 'sister-art',
  courseId,
  status,
  updatedAt,
  ...(error === undefined ? {} : { error }),
});

describe('ordersCancelledSince', () => {
  const cases: { name: string; hold: ReturnType<typeof hold>; cancelled: boolean }[] = [
    {
      name: 'marked by this check',
      hold: hold('A', 'expired', ORDER_CANCELLED, '2026-07-01T02:00:03.000Z'),
      cancelled: true,
    },
    {
      name: 'marked at the very start',
      hold: hold('A', 'expired', ORDER_CANCELLED, STARTED.toISOString()),
      cancelled: true,
    },
    {
      name: 'marked by an earlier check',
      hold: hold('A', 'expired', ORDER_CANCELLED, '2026-07-01T01:59:59.999Z'),
      cancelled: false,
    },
    {
      name: 'expired for another reason (ran out)',
      hold: hold('A', 'expired', 'hold ran out', '2026-07-01T02:00:03.000Z'),
      cancelled: false,
    },
    {
      name: 'expired without an error',
      hold: hold('A', 'expired', undefined, '2026-07-01T02:00:03.000Z'),
      cancelled: false,
    },
    {
      name: 'released with that error text',
      hold: hold('A', 'released', ORDER_CANCELLED, '2026-07-01T02:00:03.000Z'),
      cancelled: false,
    },
  ];
  it.each(cases)('$name: cancelled=$cancelled', ({ hold: h, cancelled }) => {
    expect(ordersCancelledSince([h], STARTED)).toEqual(
      cancelled ? [{ targetId: 'sister-art', courseId: 'A' }] : [],
    );
  });
});
