import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/types.js';
import { overlaps } from '../../src/watch/decide-clash.js';
import type { AccountResult, Commitment, Effect } from '../../src/watch/decide-types.js';
import { alertsOf, hold, observation, policy, run } from './decide-fixtures.js';

/**
 * Issue 20: bugs planted by hand in decide() that the whole suite let through. Each case here fails
 * against one of them. Decisions are asserted (kinds, ids, courses), never the reason sentences.
 */

const A = 'ART-101'; // Sat 09:00–10:30
const B = 'ART-102'; // Sat 14:00–15:30

const autoHold = () =>
  policy({
    targets: [
      {
        id: 'sister-art',
        childId: 'sister',
        childName: '姐姐',
        accountId: 'mom',
        courses: [A, B],
        autoHold: true,
      },
    ],
  });

const seen = (...observations: Observation[]): AccountResult[] => [
  { accountId: 'mom', ok: true, observations },
];
const holdsOf = (effects: Effect[] | undefined) =>
  (effects ?? []).flatMap((e) => (e.type === 'hold' ? [e.courseId] : []));

describe('issue 20: decide() reads the seat state, not the seat count', () => {
  const cases: { name: string; obs: Observation; opening: boolean }[] = [
    {
      name: "'full' with seats > 0 (a stale count) is not an opening",
      obs: observation(A, 'full', 3),
      opening: false,
    },
    { name: "'closed' with seats > 0 is not an opening", obs: observation(A, 'closed', 2), opening: false },
    {
      name: "'not_found' with seats > 0 is not an opening",
      obs: observation(A, 'not_found', 1),
      opening: false,
    },
    {
      name: "'open' with seats unknown (null) is an opening",
      obs: observation(A, 'open', null),
      opening: true,
    },
    {
      name: "'open' with seats 0 (a lagging count) is an opening",
      obs: observation(A, 'open', 0),
      opening: true,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = run(policy(), [{ min: 0, accounts: seen(c.obs) }]);
      expect(r.steps[0]).toEqual(c.opening ? ['opening ART-101'] : []);
    });

    it(`${c.name} — and auto-hold agrees`, () => {
      const r = run(autoHold(), [{ min: 0, accounts: seen(c.obs) }]);
      expect(holdsOf(r.effects[0])).toEqual(c.opening ? [A] : []);
    });
  }

  it('an announced opening read back as full with seats > 0 is gone after the cooldown', () => {
    const r = run(policy({ cooldownMinutes: 10 }), [
      { min: 0, accounts: seen(observation(A, 'open', null)) },
      { min: 2, accounts: seen(observation(A, 'full', 4)) },
      { min: 12, accounts: seen(observation(A, 'full', 4)) },
    ]);
    expect(r.steps).toEqual([['opening ART-101'], [], ['gone ART-101']]);
  });

  // While the target is busy, a closing resets the course's alerted flag: that reads the state too.
  it("'full' with seats > 0 during a busy spell still counts as closed: no 'gone' afterwards", () => {
    const r = run(policy({ cooldownMinutes: 10 }), [
      { min: 0, accounts: seen(observation(A, 'open'), observation(B, 'full')) },
      {
        min: 2,
        accounts: seen(observation(A, 'full', 3), observation(B, 'full')),
        holds: [hold('h-b', B, 'held')],
      },
      { min: 4, accounts: seen(observation(A, 'full', 3), observation(B, 'full')) },
      { min: 15, accounts: seen(observation(A, 'full', 3), observation(B, 'full')) },
    ]);
    expect(r.steps).toEqual([['opening ART-101'], [], [], []]);
    expect(r.state.targets['sister-art']?.courses[A]?.alerted).toBe(false);
  });

  it("'open' with seats 0 during a busy spell still counts as open: not announced again afterwards", () => {
    const r = run(policy({ cooldownMinutes: 10 }), [
      { min: 0, accounts: seen(observation(A, 'open'), observation(B, 'full')) },
      {
        min: 2,
        accounts: seen(observation(A, 'open', 0), observation(B, 'full')),
        holds: [hold('h-b', B, 'held')],
      },
      { min: 20, accounts: seen(observation(A, 'open', 0), observation(B, 'full')) },
    ]);
    expect(r.steps).toEqual([['opening ART-101'], [], []]);
  });
});

describe('issue 20: the cooldown survives a busy spell of the target', () => {
  it('a course reopening within the cooldown after a sibling hold ended is not announced again', () => {
    const r = run(policy({ cooldownMinutes: 30 }), [
      { min: 0, seen: { [A]: 'open', [B]: 'full' } },
      // A sibling hold keeps the target busy: A closing resets its alerted flag.
      { min: 2, seen: { [A]: 'full', [B]: 'full' }, holds: [hold('h-b', B, 'held')] },
      // The hold is gone (its record ended); A reopens 6 minutes after its announced opening.
      { min: 6, seen: { [A]: 'open', [B]: 'full' } },
      // Still open after the cooldown: nothing new happened, so still quiet.
      { min: 40, seen: { [A]: 'open', [B]: 'full' } },
    ]);
    expect(r.steps).toEqual([['opening ART-101'], [], [], []]);
    expect(r.state.targets['sister-art']?.courses[A]?.lastOpenAlertAt).toBe('2026-07-01T02:00:00.000Z');
  });

  it('the same for an order of the child that made the target busy', () => {
    const order: Commitment = { childId: 'sister', courseId: B, kind: 'order' };
    const r = run(policy({ cooldownMinutes: 30 }), [
      { min: 0, seen: { [A]: 'open', [B]: 'full' } },
      { min: 2, seen: { [A]: 'full', [B]: 'full' }, commitments: [order] },
      { min: 6, seen: { [A]: 'open', [B]: 'full' } },
    ]);
    expect(r.steps).toEqual([['opening ART-101'], [], []]);
  });

  it('reopening after the cooldown since the last announcement is news again', () => {
    const r = run(policy({ cooldownMinutes: 30 }), [
      { min: 0, seen: { [A]: 'open', [B]: 'full' } },
      { min: 2, seen: { [A]: 'full', [B]: 'full' }, holds: [hold('h-b', B, 'held')] },
      { min: 31, seen: { [A]: 'open', [B]: 'full' } },
    ]);
    expect(r.steps).toEqual([['opening ART-101'], [], ['opening ART-101']]);
    expect(r.state.targets['sister-art']?.courses[A]?.lastOpenAlertAt).toBe('2026-07-01T02:31:00.000Z');
  });
});

describe('issue 20: the hold goes to the preferred course, whatever the order of observations', () => {
  it('observations in reverse preference order still hold the first preference', () => {
    const r = run(autoHold(), [{ min: 0, accounts: seen(observation(B, 'open'), observation(A, 'open')) }]);
    expect(holdsOf(r.effects[0])).toEqual([A]);
    expect(r.state.targets['sister-art']?.pendingHold?.courseId).toBe(A);
    // Only the held course is announced; the other waits while the target is taken care of.
    expect(alertsOf(r.effects[0] ?? []).map((a) => a.kind === 'opening' && a.observation.courseId)).toEqual([
      A,
    ]);
  });
});

describe('issue 20: touching time slots of the same child do not clash', () => {
  const sat = (start: string, end: string) => ({ weekday: 6, start, end });

  it('overlaps(): touching ends are not an overlap, one minute more is', () => {
    const table: [ReturnType<typeof sat>, ReturnType<typeof sat>, boolean][] = [
      [sat('09:00', '10:00'), sat('10:00', '11:00'), false],
      [sat('10:00', '11:00'), sat('09:00', '10:00'), false],
      [sat('09:00', '10:01'), sat('10:00', '11:00'), true],
      [sat('10:00', '11:00'), sat('09:00', '10:01'), true],
      [sat('09:00', '11:00'), sat('09:30', '10:00'), true],
      [sat('09:00', '10:00'), sat('09:00', '10:00'), true],
      [sat('09:00', '10:00'), { weekday: 5, start: '09:00', end: '10:00' }, false],
    ];
    for (const [a, b, expected] of table)
      expect({ a, b, overlaps: overlaps(a, b) }).toEqual({ a, b, overlaps: expected });
  });

  it('an order ending when the course starts (same child) does not stop the hold', () => {
    const before: Commitment = {
      childId: 'sister',
      courseId: 'SWIM-201',
      kind: 'order',
      schedule: sat('08:00', '09:00'),
    };
    const after: Commitment = {
      childId: 'sister',
      courseId: 'PIANO-1',
      kind: 'order',
      schedule: sat('10:30', '11:30'),
    };
    const r = run(autoHold(), [{ min: 0, seen: { [A]: 'open', [B]: 'full' }, commitments: [before, after] }]);
    expect(holdsOf(r.effects[0])).toEqual([A]);
    const opening = alertsOf(r.effects[0] ?? []).find((a) => a.kind === 'opening');
    expect(opening?.kind === 'opening' && opening.clashes).toEqual([]);
  });

  it('an order overlapping by one minute (same child) does stop the hold of that course', () => {
    const overlapping: Commitment = {
      childId: 'sister',
      courseId: 'SWIM-201',
      kind: 'order',
      schedule: sat('08:00', '09:01'),
    };
    const r = run(autoHold(), [{ min: 0, seen: { [A]: 'open', [B]: 'open' }, commitments: [overlapping] }]);
    expect(holdsOf(r.effects[0])).toEqual([B]);
  });
});
