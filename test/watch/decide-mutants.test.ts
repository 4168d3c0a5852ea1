import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/core/types.js';
import { findClashes } from '../../src/watch/decide-clash.js';
import { isQuietTime } from '../../src/watch/decide-time.js';
import type { AccountResult, Commitment, Effect, HoldFact } from '../../src/watch/decide-types.js';
import type { PolicyInput, PolicyTarget } from '../../src/watch/policy.js';
import { alertsOf, hold, observation, policy, run } from './decide-fixtures.js';

/**
 * Issue 20: cases for the survivors `npm run mutate` reported in src/watch. Decisions are asserted
 * (which course is held, which alert is sent, its id), not the wording of reasons.
 */

const A = 'ART-101'; // Sat 09:00–10:30
const B = 'ART-102'; // Sat 14:00–15:30
const SWIM = 'SWIM-201'; // Sat 10:00–11:00, clashes with A

type TargetInput = Omit<PolicyTarget, 'autoHold'> & { autoHold?: boolean };
const sisterArt: TargetInput = {
  id: 'sister-art',
  childId: 'sister',
  childName: '姐姐',
  accountId: 'mom',
  courses: [A, B],
  autoHold: true,
};
const sisterSwim: TargetInput = { ...sisterArt, id: 'sister-swim', courses: [SWIM] };
const brotherSwim: TargetInput = { ...sisterSwim, id: 'brother-swim', childId: 'brother', childName: '弟弟' };
const withTargets = (targets: TargetInput[], over: Partial<PolicyInput> = {}) => policy({ targets, ...over });

const holdsOf = (effects: Effect[] | undefined) =>
  (effects ?? []).flatMap((e) => (e.type === 'hold' ? [`${e.targetId}:${e.courseId}`] : []));
const openings = (effects: Effect[] | undefined) =>
  alertsOf(effects ?? []).flatMap((a) => (a.kind === 'opening' ? [a] : []));
/** A hold of another target, with no schedule, so that only the per-account cap can stop a hold. */
const otherHold = (status: HoldFact['status']): HoldFact => ({
  ...hold('other', 'PIANO-1', status, 'brother-swim'),
  childId: 'brother',
  schedule: undefined,
});

describe('decide: the per-account cap counts held and in-flight holds only', () => {
  for (const [status, capped] of [
    ['held', true],
    ['approved', false],
    ['released', false],
    ['failed', false],
    ['expired', false],
  ] as const) {
    it(`a ${status} hold of another target ${capped ? 'uses' : 'does not use'} the account's only slot`, () => {
      const r = run(withTargets([sisterArt], { maxHoldsPerAccount: 1 }), [
        { min: 0, seen: { [A]: 'open' }, holds: [otherHold(status)] },
      ]);
      expect(holdsOf(r.effects[0])).toEqual(capped ? [] : ['sister-art:ART-101']);
    });
  }

  it('a hold still in flight from an earlier cycle (no record yet) uses a slot', () => {
    const r = run(withTargets([sisterArt, brotherSwim], { maxHoldsPerAccount: 1 }), [
      { min: 0, seen: { [A]: 'open', [SWIM]: 'full' } },
      { min: 2, seen: { [A]: 'open', [SWIM]: 'open' } },
    ]);
    expect(holdsOf(r.effects[0])).toEqual(['sister-art:ART-101']);
    expect(holdsOf(r.effects[1])).toEqual([]);
  });
});

describe('decide: a hold in flight', () => {
  it('stays in flight when the holds listed are someone else’s', () => {
    const r = run(withTargets([sisterArt]), [
      { min: 0, seen: { [A]: 'open', [B]: 'full' } },
      { min: 2, seen: { [A]: 'full', [B]: 'open' }, holds: [otherHold('released')] },
    ]);
    expect(holdsOf(r.effects[1])).toEqual([]);
    expect(r.state.targets['sister-art']?.pendingHold?.courseId).toBe(A);
  });

  it('is given up after exactly PENDING_HOLD_MINUTES (30) without a record', () => {
    const steps = (min: number) =>
      run(withTargets([sisterArt]), [
        { min: 0, seen: { [A]: 'open', [B]: 'full' } },
        { min, seen: { [A]: 'full', [B]: 'open' } },
      ]);
    expect(holdsOf(steps(29).effects[1])).toEqual([]);
    expect(holdsOf(steps(30).effects[1])).toEqual(['sister-art:ART-102']);
  });
});

describe('decide: clashes with what the child has or is getting', () => {
  const clashCheck = (holds: HoldFact[]) =>
    run(withTargets([sisterArt]), [{ min: 0, seen: { [A]: 'open', [B]: 'open' }, holds }]);
  const swimHold = (status: HoldFact['status']) => hold('swim', SWIM, status, 'sister-swim');

  for (const [status, clashes] of [
    ['held', true],
    ['approved', true],
    ['released', false],
    ['failed', false],
  ] as const) {
    it(`a ${status} hold of another target of the same child ${clashes ? 'blocks' : 'does not block'} a clashing course`, () => {
      expect(holdsOf(clashCheck([swimHold(status)]).effects[0])).toEqual([
        clashes ? 'sister-art:ART-102' : 'sister-art:ART-101',
      ]);
    });
  }

  it('a hold of another child does not block a clashing course', () => {
    const brothers = { ...swimHold('held'), childId: 'brother', targetId: 'brother-swim' };
    expect(holdsOf(clashCheck([brothers]).effects[0])).toEqual(['sister-art:ART-101']);
  });

  it('a hold in flight from an earlier cycle blocks a clashing course of the same child', () => {
    const r = run(withTargets([sisterSwim, sisterArt]), [
      { min: 0, seen: { [SWIM]: 'open', [A]: 'full', [B]: 'full' } },
      { min: 2, seen: { [SWIM]: 'open', [A]: 'open', [B]: 'open' } },
    ]);
    expect(holdsOf(r.effects[0])).toEqual(['sister-swim:SWIM-201']);
    expect(holdsOf(r.effects[1])).toEqual(['sister-art:ART-102']);
  });

  it('a hold decided earlier in the same cycle blocks a clashing course of the same child', () => {
    const r = run(withTargets([sisterSwim, sisterArt]), [
      { min: 0, seen: { [SWIM]: 'open', [A]: 'open', [B]: 'open' } },
    ]);
    expect(holdsOf(r.effects[0])).toEqual(['sister-swim:SWIM-201', 'sister-art:ART-102']);
  });

  it('an opening alert lists a clash with a hold (held, in flight or made now), told apart from an order', () => {
    const watchOnly = { ...sisterArt, autoHold: false };
    const clashesOf = (effects: Effect[] | undefined) =>
      openings(effects).find((a) => a.observation.courseId === A)?.clashes;
    const held = run(withTargets([watchOnly]), [
      { min: 0, seen: { [A]: 'open' }, holds: [swimHold('held')] },
    ]);
    const order: Commitment = {
      childId: 'sister',
      courseId: SWIM,
      kind: 'order',
      schedule: observation(SWIM, 'open').schedule,
    };
    const ordered = run(withTargets([watchOnly]), [{ min: 0, seen: { [A]: 'open' }, commitments: [order] }]);
    const madeNow = run(withTargets([sisterSwim, watchOnly]), [
      { min: 0, seen: { [SWIM]: 'open', [A]: 'open' } },
    ]);
    const inFlight = run(withTargets([sisterSwim, watchOnly]), [
      { min: 0, seen: { [SWIM]: 'open', [A]: 'full' } },
      { min: 2, seen: { [SWIM]: 'open', [A]: 'open' } },
    ]);
    const holdClash = clashesOf(held.effects[0]);
    expect(holdClash).toHaveLength(1);
    expect(clashesOf(ordered.effects[0])).toHaveLength(1);
    expect(holdClash).not.toEqual(clashesOf(ordered.effects[0]));
    // A hold made now or in flight is described like a held one (title, time, "being held").
    expect(clashesOf(madeNow.effects[0])).toEqual(
      holdClash?.map((c) => ({ ...c, title: observation(SWIM, 'open').title })),
    );
    expect(clashesOf(inFlight.effects[1])).toEqual(clashesOf(madeNow.effects[0]));
  });

  it('a course without a known schedule clashes with nothing', () => {
    const noSchedule: Observation = { ...observation(A, 'open'), schedule: undefined };
    const order: Commitment = {
      childId: 'sister',
      courseId: SWIM,
      kind: 'order',
      schedule: observation(SWIM, 'open').schedule,
    };
    const accounts: AccountResult[] = [{ accountId: 'mom', ok: true, observations: [noSchedule] }];
    const r = run(withTargets([sisterArt]), [{ min: 0, accounts, commitments: [order] }]);
    expect(holdsOf(r.effects[0])).toEqual(['sister-art:ART-101']);
    expect(findClashes(A, undefined, [{ courseId: SWIM, kind: 'order', schedule: order.schedule }])).toEqual(
      [],
    );
  });
});

describe('decide: what makes a target busy', () => {
  it("another child's order of the same course does not make the target busy", () => {
    const brothers: Commitment = { childId: 'brother', courseId: A, kind: 'order' };
    const r = run(withTargets([sisterArt]), [{ min: 0, seen: { [A]: 'open' }, commitments: [brothers] }]);
    expect(holdsOf(r.effects[0])).toEqual(['sister-art:ART-101']);
  });

  it('a course whose hold the parent released is not held again; the next one is', () => {
    const r = run(withTargets([sisterArt]), [
      { min: 0, seen: { [A]: 'open', [B]: 'open' }, holds: [hold('h-a', A, 'released')] },
    ]);
    expect(holdsOf(r.effects[0])).toEqual(['sister-art:ART-102']);
  });

  it('a course that stays open while the target is busy is not announced again afterwards', () => {
    const r = run(withTargets([{ ...sisterArt, autoHold: false }], { cooldownMinutes: 0 }), [
      { min: 0, seen: { [A]: 'open', [B]: 'full' } },
      { min: 2, seen: { [A]: 'open', [B]: 'full' }, holds: [hold('h-b', B, 'held')] },
      { min: 4, seen: { [A]: 'open', [B]: 'full' } },
    ]);
    expect(r.steps).toEqual([['opening ART-101'], [], []]);
  });
});

describe('decide: openings, cooldown edges and effect ids', () => {
  it('a brief close after hours of being open is a flap, not a new opening', () => {
    const r = run(policy(), [
      { min: 0, seen: { [A]: 'open' } },
      { min: 100, seen: { [A]: 'open' } },
      { min: 102, seen: { [A]: 'full' } },
      { min: 104, seen: { [A]: 'open' } },
    ]);
    expect(r.steps).toEqual([['opening ART-101'], [], [], []]);
  });

  it('closed for exactly the cooldown, though unseen, then open: a new opening', () => {
    const r = run(policy(), [
      { min: 0, seen: { [A]: 'open' } },
      { min: 2, seen: { [A]: 'full' } },
      { min: 32, seen: { [A]: 'open' } },
    ]);
    expect(r.steps).toEqual([['opening ART-101'], [], ['opening ART-101']]);
  });

  it('reopening exactly one cooldown after the last announcement is news', () => {
    const r = run(policy({ cooldownMinutes: 30 }), [
      { min: 0, seen: { [A]: 'open', [B]: 'full' } },
      { min: 2, seen: { [A]: 'full', [B]: 'full' }, holds: [hold('h-b', B, 'held')] },
      { min: 30, seen: { [A]: 'open', [B]: 'full' } },
    ]);
    expect(r.steps).toEqual([['opening ART-101'], [], ['opening ART-101']]);
  });

  it('an opening without a skipped hold carries no holdSkippedReason at all', () => {
    const r = run(policy(), [{ min: 0, seen: { [A]: 'open' } }]);
    expect(openings(r.effects[0])[0]).not.toHaveProperty('holdSkippedReason');
  });

  it('effects are alerts with ids naming kind, target and course', () => {
    const r = run(policy({ cooldownMinutes: 10 }), [
      { min: 0, seen: { [A]: 'open', [B]: 'open' } },
      { min: 2, seen: { [A]: 'full', [B]: 'full' } },
      { min: 12, seen: { [A]: 'full', [B]: 'full' } },
    ]);
    const ids = [...(r.effects[0] ?? []), ...(r.effects[2] ?? [])].map(
      (e) => `${e.type} ${e.id.split('/').slice(0, 3).join('/')}`,
    );
    expect(ids).toEqual([
      'alert opening/sister-art/ART-101',
      'alert opening/sister-art/ART-102',
      'alert gone/sister-art/ART-101',
      'alert gone/sister-art/ART-102',
    ]);
  });

  it("'gone' waits for the end of quiet hours (it is not urgent)", () => {
    const quiet = {
      quietHours: { start: '10:00', end: '11:00', timezone: 'Asia/Shanghai' },
      cooldownMinutes: 10,
    };
    const r = run(policy(quiet), [
      { min: 0, seen: { [A]: 'open' } },
      { min: 2, seen: { [A]: 'full' } },
      { min: 20, seen: { [A]: 'full' } },
      { min: 60, seen: { [A]: 'full' } },
    ]);
    expect(r.steps).toEqual([['opening ART-101'], [], [], ['gone ART-101']]);
  });

  it('a course seen for the first time keeps a complete state (alerted: false)', () => {
    const r = run(policy(), [{ min: 0, seen: { [A]: 'full' } }]);
    expect(r.state.targets['sister-art']?.courses[A]).toEqual({ alerted: false });
  });

  it('a course held while openings are held back keeps alerted: false (it was not announced)', () => {
    const quiet = { quietHours: { start: '10:00', end: '11:00', timezone: 'Asia/Shanghai' }, urgent: [] };
    const r = run(withTargets([sisterArt], quiet), [{ min: 0, seen: { [A]: 'open' } }]);
    expect(holdsOf(r.effects[0])).toEqual(['sister-art:ART-101']);
    expect(r.state.targets['sister-art']?.courses[A]?.alerted).toBe(false);
  });
});

describe('decide-time', () => {
  it('reads the local time in the zone, across midnight (00:05 inside 00:00–00:10)', () => {
    const q = { start: '00:00', end: '00:10', timezone: 'Asia/Shanghai' };
    expect(isQuietTime(q, new Date('2026-07-01T16:05:00Z'))).toBe(true);
    expect(isQuietTime(q, new Date('2026-07-01T16:15:00Z'))).toBe(false);
  });

  it('minutes count inside a window (09:30–10:00)', () => {
    const q = { start: '09:30', end: '10:00', timezone: 'Asia/Shanghai' };
    expect(isQuietTime(q, new Date('2026-07-01T01:45:00Z'))).toBe(true);
    expect(isQuietTime(q, new Date('2026-07-01T01:15:00Z'))).toBe(false);
  });

  it('a window whose start equals its end is never quiet', () => {
    const q = { start: '09:30', end: '09:30', timezone: 'Asia/Shanghai' };
    expect(isQuietTime(q, new Date('2026-07-01T01:30:00Z'))).toBe(false);
    expect(isQuietTime(q, new Date('2026-07-01T01:20:00Z'))).toBe(false);
  });
});
