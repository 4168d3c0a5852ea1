import { describe, expect, it } from 'vitest';
import type { Booked } from '../../src/watch/decide-clash.js';
import { bookOnce } from '../../src/watch/decide-targets.js';
import type { Commitment } from '../../src/watch/decide-types.js';
import { alertsOf, hold, observation, policy, run } from './decide-fixtures.js';

const A = 'ART-101'; // Sat 09:00–10:30
const SWIM = 'SWIM-201'; // Sat 10:00–11:00, clashes with A
const swimSchedule = observation(SWIM, 'open').schedule;

describe('issue 18: a clash names each course once, with its truest status', () => {
  it.each<{ what: string; first: Booked; next: Booked; want: Booked }>([
    {
      what: 'the portal order of an approved hold replaces the hold',
      first: { courseId: SWIM, kind: 'hold', title: '游泳', schedule: swimSchedule },
      next: { courseId: SWIM, kind: 'order' },
      want: { courseId: SWIM, kind: 'order', title: '游泳', schedule: swimSchedule },
    },
    {
      what: 'an order already listed stays an order when its hold comes after',
      first: { courseId: SWIM, kind: 'order', schedule: swimSchedule },
      next: { courseId: SWIM, kind: 'hold', title: '游泳', schedule: swimSchedule },
      want: { courseId: SWIM, kind: 'order', title: '游泳', schedule: swimSchedule },
    },
    {
      what: 'two holds of one course are one',
      first: { courseId: SWIM, kind: 'hold', title: '游泳' },
      next: { courseId: SWIM, kind: 'hold', title: '游泳', schedule: swimSchedule },
      want: { courseId: SWIM, kind: 'hold', title: '游泳', schedule: swimSchedule },
    },
  ])('$what', ({ first, next, want }) => {
    const list: Booked[] = [{ courseId: 'PIANO-1', kind: 'order' }, first];
    bookOnce(list, next);
    expect(list).toEqual([{ courseId: 'PIANO-1', kind: 'order' }, want]);
  });

  it('another course is listed beside', () => {
    const list: Booked[] = [{ courseId: SWIM, kind: 'order' }];
    bookOnce(list, { courseId: A, kind: 'hold' });
    expect(list.map((b) => b.courseId)).toEqual([SWIM, A]);
  });

  it('the opening alert lists an approved hold and its order once, as the order (已报名)', () => {
    const watchOnly = policy({
      targets: [
        { id: 'sister-art', childId: 'sister', childName: '姐姐', accountId: 'mom', courses: [A] },
        { id: 'sister-swim', childId: 'sister', childName: '姐姐', accountId: 'mom', courses: [SWIM] },
      ],
    });
    const order: Commitment = { childId: 'sister', courseId: SWIM, kind: 'order', schedule: swimSchedule };
    const approved = hold('swim', SWIM, 'approved', 'sister-swim');
    const r = run(watchOnly, [{ min: 0, seen: { [A]: 'open' }, holds: [approved], commitments: [order] }]);
    const opening = alertsOf(r.effects[0] ?? []).find((a) => a.kind === 'opening');
    expect(opening?.kind === 'opening' ? opening.clashes : undefined).toEqual([
      { courseId: SWIM, kind: 'order', schedule: swimSchedule },
    ]);
  });
});
