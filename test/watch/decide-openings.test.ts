import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/i18n/catalogue.js';
import { decide, emptyWatchState, watchStateSchema } from '../../src/watch/decide.js';
import { alertsOf, at, failed, hold, ok, policy, run, type Step, T0 } from './decide-fixtures.js';

const A = 'ART-101';
const B = 'ART-102';

describe('decide: openings and gone', () => {
  const cases: { name: string; steps: Step[]; expected: string[][] }[] = [
    {
      name: 'full → open alerts once, and staying open (for hours) stays quiet',
      steps: [
        { min: 0, seen: { [A]: 'full' } },
        { min: 2, seen: { [A]: 'open' } },
        { min: 4, seen: { [A]: 'open' } },
        { min: 6, seen: { [A]: 'open' } },
        { min: 60, seen: { [A]: 'open' } },
        { min: 600, seen: { [A]: 'open' } },
      ],
      expected: [[], ['opening ART-101'], [], [], [], []],
    },
    {
      name: 'the first observation ever that is open alerts',
      steps: [{ min: 0, seen: { [A]: 'open' } }],
      expected: [['opening ART-101']],
    },
    {
      name: 'closed → open and not_found → open alert like full → open',
      steps: [
        { min: 0, seen: { [A]: 'closed', [B]: 'not_found' } },
        { min: 2, seen: { [A]: 'open', [B]: 'open' } },
      ],
      expected: [[], ['opening ART-101', 'opening ART-102']],
    },
    {
      name: 'a change of seats while open is not news',
      steps: [
        { min: 0, seen: { [A]: 'open' } },
        { min: 2, seen: { [A]: 'open' } },
      ],
      expected: [['opening ART-101'], []],
    },
    {
      name: 'open → full → open within cooldown gives one alert, not three',
      steps: [
        { min: 0, seen: { [A]: 'open' } },
        { min: 2, seen: { [A]: 'full' } },
        { min: 4, seen: { [A]: 'open' } },
        { min: 6, seen: { [A]: 'full' } },
        { min: 8, seen: { [A]: 'open' } },
      ],
      expected: [['opening ART-101'], [], [], [], []],
    },
    {
      name: 'gone follows an announced opening once it stayed closed for cooldown',
      steps: [
        { min: 0, seen: { [A]: 'open' } },
        { min: 2, seen: { [A]: 'full' } },
        { min: 20, seen: { [A]: 'full' } },
        { min: 32, seen: { [A]: 'full' } },
        { min: 40, seen: { [A]: 'full' } },
      ],
      expected: [['opening ART-101'], [], [], ['gone ART-101'], []],
    },
    {
      name: 'an opening after the gone alert is news again',
      steps: [
        { min: 0, seen: { [A]: 'open' } },
        { min: 2, seen: { [A]: 'full' } },
        { min: 32, seen: { [A]: 'full' } },
        { min: 34, seen: { [A]: 'open' } },
      ],
      expected: [['opening ART-101'], [], ['gone ART-101'], ['opening ART-101']],
    },
    {
      name: 'a reopening seen after a long unseen closure is news again (no gone)',
      steps: [
        { min: 0, seen: { [A]: 'open' } },
        { min: 2, seen: { [A]: 'full' } },
        { min: 4, accounts: [failed('mom', 'rate_limited')] },
        { min: 60, seen: { [A]: 'open' } },
      ],
      expected: [['opening ART-101'], [], [], ['opening ART-101']],
    },
    {
      name: 'a course that was never announced closes silently',
      steps: [
        { min: 0, seen: { [A]: 'full' } },
        { min: 2, seen: { [A]: 'closed' } },
        { min: 40, seen: { [A]: 'not_found' } },
      ],
      expected: [[], [], []],
    },
    {
      name: 'a failed check is never read as full: no gone, the course stays open',
      steps: [
        { min: 0, seen: { [A]: 'open' } },
        { min: 2, accounts: [failed('mom', 'portal_changed')] },
        { min: 4, accounts: [failed('mom', 'portal_changed')] },
        { min: 40, accounts: [failed('mom', 'portal_changed')] },
        { min: 42, seen: { [A]: 'open' } },
      ],
      expected: [['opening ART-101'], [], ['problem portal_changed'], [], ['recovered portal_changed']],
    },
    {
      name: 'once a course of the group is held the others stop alerting',
      steps: [
        { min: 0, seen: { [A]: 'full', [B]: 'full' }, holds: [hold('h1', A, 'held')] },
        { min: 2, seen: { [A]: 'full', [B]: 'open' }, holds: [hold('h1', A, 'held')] },
      ],
      expected: [[], []],
    },
    {
      name: 'an approved hold (confirmed) silences the whole group',
      steps: [{ min: 0, seen: { [A]: 'open', [B]: 'open' }, holds: [hold('h1', A, 'approved')] }],
      expected: [[]],
    },
    {
      name: 'an order the child already has for a course of the group silences it',
      steps: [
        {
          min: 0,
          seen: { [B]: 'open' },
          commitments: [{ childId: 'sister', courseId: A, kind: 'order' }],
        },
      ],
      expected: [[]],
    },
    {
      name: 'after a released hold the released course stays quiet and the others alert',
      steps: [
        { min: 0, seen: { [A]: 'full', [B]: 'full' }, holds: [hold('h1', A, 'held')] },
        { min: 2, seen: { [A]: 'open', [B]: 'open' }, holds: [hold('h1', A, 'released')] },
      ],
      expected: [[], ['opening ART-102']],
    },
    {
      name: 'a course open while the group was held alerts once the hold is released',
      steps: [
        { min: 0, seen: { [B]: 'open' }, holds: [hold('h1', A, 'held')] },
        { min: 2, seen: { [B]: 'open' }, holds: [hold('h1', A, 'released')] },
      ],
      expected: [[], ['opening ART-102']],
    },
  ];

  it.each(cases)('$name', ({ steps, expected }) => {
    expect(run(policy(), steps).steps).toEqual(expected);
  });

  it('keeps the last known state of courses an account failed to check', () => {
    const { state } = run(policy(), [
      { min: 0, seen: { [A]: 'open' } },
      { min: 2, accounts: [failed('mom', 'session_expired')] },
    ]);
    expect(state.courses[A]).toMatchObject({ state: 'open', lastChangeAt: at(0).toISOString() });
  });

  it('alerts each target that wants a course that opens', () => {
    const p = policy({
      targets: [
        { id: 'sister-art', childId: 'sister', childName: '姐姐', accountId: 'mom', courses: [A] },
        { id: 'brother-art', childId: 'brother', childName: '弟弟', accountId: 'mom', courses: [A] },
      ],
    });
    expect(run(p, [{ min: 0, seen: { [A]: 'open' } }]).steps).toEqual([
      ['opening ART-101', 'opening ART-101 @brother-art'],
    ]);
  });

  it('puts the child, the observation and time clashes into the opening alert', () => {
    const [effects] = run(policy(), [
      {
        min: 0,
        seen: { [A]: 'open' },
        commitments: [
          {
            childId: 'sister',
            courseId: 'SWIM-201',
            kind: 'order',
            title: '游泳初级班',
            schedule: { weekday: 6, start: '10:00', end: '11:00' },
          },
          {
            childId: 'brother',
            courseId: 'X',
            kind: 'order',
            schedule: { weekday: 6, start: '09:00', end: '10:00' },
          },
        ],
      },
    ]).effects;
    expect(alertsOf(effects ?? [])).toEqual([
      {
        kind: 'opening',
        targetId: 'sister-art',
        child: { id: 'sister', name: '姐姐' },
        observation: expect.objectContaining({ courseId: A, state: 'open' }),
        seenAt: T0.toISOString(),
        clashes: [
          {
            courseId: 'SWIM-201',
            kind: 'order',
            title: '游泳初级班',
            schedule: { weekday: 6, start: '10:00', end: '11:00' },
          },
        ],
      },
    ]);
    const opening = alertsOf(effects ?? [])[0];
    const clashes = opening?.kind === 'opening' ? opening.clashes : [];
    expect(clashes.map(catalogue('zh').alerts.clash)).toEqual([
      '与「游泳初级班」（周六 10:00-11:00，已报名）时间冲突',
    ]);
  });

  it('gives the same effect ids when the same previous state is decided again', () => {
    const p = policy();
    const previous = run(p, [{ min: 0, seen: { [A]: 'full' } }]).state;
    const input = { accounts: [ok('mom', { [A]: 'open' })], holds: [] };
    const first = decide(previous, input, p, at(2));
    const again = decide(previous, input, p, at(5));
    expect(first.effects.map((e) => e.id)).toEqual(again.effects.map((e) => e.id));
    const next = decide(first.state, { accounts: [ok('mom', { [B]: 'open' })], holds: [] }, p, at(4));
    expect(next.effects[0]?.id).not.toEqual(first.effects[0]?.id);
    const fresh = decide(emptyWatchState(at(60)), input, p, at(60));
    expect(fresh.effects[0]?.id).not.toEqual(first.effects[0]?.id);
  });

  it('produces a state that survives a JSON round trip through its schema', () => {
    const { state } = run(policy({ targets: [{ ...policy().targets[0]!, autoHold: true }] }), [
      { min: 0, seen: { [A]: 'open', [B]: 'full' } },
      { min: 2, accounts: [failed('mom', 'session_expired')] },
    ]);
    expect(watchStateSchema.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it('does not change the previous state it was given', () => {
    const previous = run(policy(), [{ min: 0, seen: { [A]: 'open' } }]).state;
    const copy = structuredClone(previous);
    decide(previous, { accounts: [ok('mom', { [A]: 'full' })], holds: [] }, policy(), at(40));
    expect(previous).toEqual(copy);
  });
});
