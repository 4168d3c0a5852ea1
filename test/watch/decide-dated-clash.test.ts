import { describe, expect, it } from 'vitest';
import type { Observation, Schedule } from '../../src/core/types.js';
import { findClashes } from '../../src/watch/decide-clash.js';
import type { AccountResult, Commitment, Effect, HoldFact } from '../../src/watch/decide-types.js';
import { alertsOf, policy, run } from './decide-fixtures.js';

/**
 * Issue 27 item 5: a dated event on Sat 2027-01-23 09:00 was refused as clashing with an approved
 * one on Sat 2027-01-16 09:00 (the check compared weekdays only), so the freed seat was not held.
 */

const EARLY = 'EV-0116';
const LATE = 'EV-0123';
const TERM = 'ART-SPRING';
const sat = (date: string): Schedule => ({ weekday: 6, date, start: '09:00', end: '10:30' });

const target = (id: string, courses: string[]) => ({
  id,
  childId: 'sister',
  childName: '姐姐',
  accountId: 'mom',
  courses,
  autoHold: true,
});
const seen = (courseId: string, schedule: Schedule): AccountResult => {
  const observation: Observation = {
    courseId,
    title: `${courseId} 课程`,
    seats: 1,
    state: 'open',
    schedule,
    url: `http://127.0.0.1:4174/events/${courseId}`,
  };
  return { accountId: 'mom', ok: true, observations: [observation] };
};
const approved = (courseId: string, schedule: Schedule): HoldFact => ({
  id: `h-${courseId}`,
  targetId: 'sister-early',
  accountId: 'mom',
  childId: 'sister',
  courseId,
  status: 'approved',
  title: `${courseId} 课程`,
  schedule,
});
const holdsOf = (effects: Effect[] | undefined) =>
  (effects ?? []).flatMap((e) => (e.type === 'hold' ? [e.courseId] : []));
const skipOf = (effects: Effect[] | undefined) =>
  alertsOf(effects ?? []).flatMap((a) => (a.kind === 'opening' && a.holdSkipped ? [a.holdSkipped.code] : []));

describe('decide: clashes compare real dates (issue 27 item 5)', () => {
  const p = policy({ targets: [target('sister-early', [EARLY]), target('sister-late', [LATE])] });

  it('holds a Saturday event a week after an approved one at the same time', () => {
    const r = run(p, [
      { min: 0, accounts: [seen(LATE, sat('2027-01-23'))], holds: [approved(EARLY, sat('2027-01-16'))] },
    ]);
    expect(holdsOf(r.effects[0])).toEqual([LATE]);
    expect(skipOf(r.effects[0])).toEqual([]);
  });

  it('still refuses an event on the same date and time as the approved one', () => {
    const r = run(p, [
      { min: 0, accounts: [seen(LATE, sat('2027-01-16'))], holds: [approved(EARLY, sat('2027-01-16'))] },
    ]);
    expect(holdsOf(r.effects[0])).toEqual([]);
    expect(skipOf(r.effects[0])).toEqual(['clash']);
  });

  it('refuses a dated Saturday inside a term of Saturdays the child has ordered, not one after it', () => {
    const term: Commitment = {
      childId: 'sister',
      courseId: TERM,
      kind: 'order',
      schedule: { weekday: 6, from: '2027-03-06', until: '2027-06-12', start: '09:00', end: '10:30' },
    };
    const inTerm = run(p, [{ min: 0, accounts: [seen(LATE, sat('2027-04-10'))], commitments: [term] }]);
    const after = run(p, [{ min: 0, accounts: [seen(LATE, sat('2027-06-19'))], commitments: [term] }]);
    expect(holdsOf(inTerm.effects[0])).toEqual([]);
    expect(skipOf(inTerm.effects[0])).toEqual(['clash']);
    expect(holdsOf(after.effects[0])).toEqual([LATE]);
  });
});

describe('findClashes over dated schedules', () => {
  it('names only what meets on a shared day at overlapping times', () => {
    const booked = [
      { courseId: 'A', kind: 'hold' as const, schedule: sat('2027-01-16') },
      { courseId: 'B', kind: 'order' as const, schedule: sat('2027-01-23') },
      {
        courseId: 'C',
        kind: 'order' as const,
        schedule: { from: '2027-01-18', until: '2027-01-24', start: '10:00', end: '11:00' },
      },
      { courseId: 'D', kind: 'order' as const, schedule: { weekday: 6, start: '08:00', end: '09:00' } },
    ];
    expect(findClashes('X', sat('2027-01-23'), booked).map((b) => b.courseId)).toEqual(['B', 'C']);
  });
});
