import { describe, expect, it } from 'vitest';
import { quietEndsAt } from '../../src/watch/decide-time.js';
import type { PolicyInput } from '../../src/watch/policy.js';
import { at, failed, ok, policy, run, type Step } from './decide-fixtures.js';

// T0 is 10:00 in Shanghai; quiet 10:00–11:00 makes minutes 0–59 quiet and 60+ loud.
const quietHours = { start: '10:00', end: '11:00', timezone: 'Asia/Shanghai' };
const quiet: Partial<PolicyInput> = { quietHours, urgent: ['opening'] };
const down = (min: number): Step => ({ min, accounts: [failed('mom', 'session_expired')] });

describe('issue 18: what quiet hours hold back is kept in the state for `status`', () => {
  it.each([
    {
      what: 'a problem held back',
      steps: [down(0)],
      want: [{ kind: 'problem', subject: 'mom/session_expired', since: at(0) }],
    },
    {
      what: 'held back since the first check that did',
      steps: [down(0), down(30)],
      want: [{ kind: 'problem', subject: 'mom/session_expired', since: at(0) }],
    },
    {
      what: 'announced once quiet hours end: nothing left waiting',
      steps: [down(0), down(60)],
      want: undefined,
    },
    {
      what: 'resolved during quiet hours, never announced: nothing waiting',
      steps: [down(0), { min: 30, accounts: [ok('mom', {})] }],
      want: undefined,
    },
    {
      what: 'an urgent opening is never held back',
      steps: [{ min: 0, seen: { 'ART-101': 'open' as const } }],
      want: undefined,
    },
  ])('$what', ({ steps, want }) => {
    const held = run(policy(quiet), steps).state.heldBack;
    expect(held).toEqual(want?.map((h) => ({ ...h, since: h.since.toISOString() })));
  });

  it('a non-urgent opening held back names its target and course', () => {
    const held = run(policy({ quietHours, urgent: [] }), [{ min: 0, seen: { 'ART-101': 'open' } }]).state
      .heldBack;
    expect(held).toEqual([{ kind: 'opening', subject: 'sister-art/ART-101', since: at(0).toISOString() }]);
  });

  it.each([
    { now: at(0), want: at(60) },
    { now: new Date(at(30).getTime() + 15_000), want: at(60) },
    { now: at(60), want: undefined },
  ])('quietEndsAt($now) is $want', ({ now, want }) => {
    expect(quietEndsAt(quietHours, now)).toEqual(want);
  });

  it('quiet hours over midnight end the next morning', () => {
    const night = { start: '22:00', end: '07:00', timezone: 'Asia/Shanghai' };
    expect(quietEndsAt(night, new Date('2026-07-01T15:30:00Z'))).toEqual(new Date('2026-07-01T23:00:00Z'));
  });
});
