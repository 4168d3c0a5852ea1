import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src/i18n/catalogue.js';
import { PENDING_HOLD_MINUTES } from '../../src/watch/decide-targets.js';
import type { Effect } from '../../src/watch/decide-types.js';
import type { PolicyInput } from '../../src/watch/policy.js';
import { alertsOf, failed, hold, ok, policy, run, type Step } from './decide-fixtures.js';

const A = 'ART-101';
const B = 'ART-102';
const autoHold = (overrides: Partial<PolicyInput> = {}) =>
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
    ...overrides,
  });
const holdId = (effects: Effect[] | undefined) => effects?.find((e) => e.type === 'hold')?.id ?? 'none';
const reasons = (effects: Effect[] | undefined) =>
  alertsOf(effects ?? []).map((a) =>
    // decide() speaks codes; the Chinese catalogue words them exactly as before.
    a.kind === 'opening' ? (a.holdSkipped ? catalogue('zh').alerts.holdSkip(a.holdSkipped) : '') : a.kind,
  );

describe('decide: auto-hold', () => {
  const cases: { name: string; policy?: Partial<PolicyInput>; steps: Step[]; expected: string[][] }[] = [
    {
      name: 'holds the course that opens and alerts it, hold first',
      steps: [
        { min: 0, seen: { [A]: 'full', [B]: 'full' } },
        { min: 2, seen: { [A]: 'full', [B]: 'open' } },
      ],
      expected: [[], ['hold ART-102', 'opening ART-102']],
    },
    {
      name: 'holds the preferred course when several open at once; the others wait',
      steps: [{ min: 0, seen: { [A]: 'open', [B]: 'open' } }],
      expected: [['hold ART-101', 'opening ART-101']],
    },
    {
      name: 'holds nothing more while its hold is in flight (at most one per target)',
      steps: [
        { min: 0, seen: { [A]: 'open', [B]: 'full' } },
        { min: 2, seen: { [A]: 'full', [B]: 'open' } },
      ],
      expected: [['hold ART-101', 'opening ART-101'], []],
    },
    {
      name: 'never holds a course that clashes with one the child already has',
      steps: [
        {
          min: 0,
          seen: { [A]: 'open', [B]: 'open' },
          commitments: [
            {
              childId: 'sister',
              courseId: 'SWIM-201',
              kind: 'order',
              schedule: { weekday: 6, start: '10:00', end: '11:00' },
            },
          ],
        },
      ],
      // The clashing favourite is not announced: the group is taken care of by the hold on ART-102.
      expected: [['hold ART-102', 'opening ART-102']],
    },
    {
      name: 'emits no hold in dry-run mode',
      policy: { dryRun: true },
      steps: [{ min: 0, seen: { [A]: 'open', [B]: 'open' } }],
      expected: [['opening ART-101', 'opening ART-102']],
    },
    {
      name: 'holds nothing once the account has maxHoldsPerAccount holds',
      policy: { maxHoldsPerAccount: 1 },
      steps: [{ min: 0, seen: { [A]: 'open' }, holds: [hold('other', 'SWIM-201', 'held', 'brother-swim')] }],
      expected: [['opening ART-101']],
    },
    {
      name: 'does not hold again a course whose earlier hold expired unanswered',
      steps: [{ min: 0, seen: { [A]: 'open' }, holds: [hold('h0', A, 'expired')] }],
      expected: [['opening ART-101']],
    },
  ];

  it.each(cases)('$name', ({ policy: overrides, steps, expected }) => {
    expect(run(autoHold(overrides), steps).steps).toEqual(expected);
  });

  it('tells in the alert why no hold was made', () => {
    const clash = {
      childId: 'sister',
      courseId: 'SWIM-201',
      kind: 'order' as const,
      title: '游泳',
      schedule: { weekday: 6, start: '10:00', end: '11:00' },
    };
    const table: { policy?: Partial<PolicyInput>; step: Step; expected: string[] }[] = [
      { step: { min: 0, seen: { [A]: 'open' } }, expected: [''] },
      {
        policy: { dryRun: true },
        step: { min: 0, seen: { [A]: 'open' } },
        expected: [expect.stringContaining('dry-run')],
      },
      {
        policy: { dryRun: true },
        step: { min: 0, seen: { [A]: 'open', [B]: 'open' } },
        expected: [expect.stringContaining('dry-run'), '已优先保留「ART-101 课程」'],
      },
      {
        step: { min: 0, seen: { [A]: 'open' }, commitments: [clash] },
        expected: ['与「游泳」（周六 10:00-11:00，已报名）时间冲突，未自动保留'],
      },
      {
        policy: { maxHoldsPerAccount: 0 },
        step: { min: 0, seen: { [A]: 'open' } },
        expected: ['该账号已有 0 个保留（上限），未自动保留'],
      },
      {
        step: { min: 0, seen: { [A]: 'open' }, holds: [hold('h0', A, 'expired')] },
        expected: [expect.stringContaining('过期')],
      },
    ];
    for (const { policy: overrides, step, expected } of table) {
      expect(reasons(run(autoHold(overrides), [step]).effects[0])).toEqual(expected);
    }
  });

  it('gives the hold effect the observation and the ids the runner needs', () => {
    const [effects] = run(autoHold(), [{ min: 0, seen: { [A]: 'open' } }]).effects;
    expect(effects?.[0]).toEqual({
      type: 'hold',
      id: expect.stringMatching(/^hold\/sister-art\/ART-101\//),
      targetId: 'sister-art',
      accountId: 'mom',
      childId: 'sister',
      courseId: A,
      observation: expect.objectContaining({ courseId: A, state: 'open' }),
    });
  });

  it('stays on hold while the HoldRecord says held, and moves on when it failed', () => {
    const first = run(autoHold(), [{ min: 0, seen: { [A]: 'open', [B]: 'open' } }]);
    const id = holdId(first.effects[0]);
    const held = run(
      autoHold(),
      [{ min: 2, seen: { [A]: 'full', [B]: 'open' }, holds: [hold(id, A, 'held')] }],
      first.state,
    );
    expect(held.steps).toEqual([[]]);
    const failedHold = run(
      autoHold(),
      [{ min: 2, seen: { [A]: 'open', [B]: 'open' }, holds: [hold(id, A, 'failed')] }],
      first.state,
    );
    // ART-101 was tried in this open spell; ART-102 is next (and is news now that nothing is held).
    expect(failedHold.steps).toEqual([['hold ART-102', 'opening ART-102']]);
  });

  it('tries a failed course again when it opens anew', () => {
    const first = run(autoHold(), [{ min: 0, seen: { [A]: 'open' } }]);
    const id = holdId(first.effects[0]);
    const later = run(
      autoHold(),
      [
        { min: 2, seen: { [A]: 'open' }, holds: [hold(id, A, 'failed')] },
        { min: 4, seen: { [A]: 'full' }, holds: [hold(id, A, 'failed')] },
        { min: 6, seen: { [A]: 'open' }, holds: [hold(id, A, 'failed')] },
      ],
      first.state,
    );
    expect(later.steps).toEqual([[], [], ['hold ART-101']]);
  });

  it('gives up waiting for a hold that never got a record', () => {
    const first = run(autoHold(), [{ min: 0, seen: { [A]: 'open', [B]: 'full' } }]);
    const later = run(
      autoHold(),
      [
        { min: PENDING_HOLD_MINUTES - 1, seen: { [A]: 'full', [B]: 'open' } },
        { min: PENDING_HOLD_MINUTES + 1, seen: { [A]: 'full', [B]: 'open' } },
      ],
      first.state,
    );
    expect(later.steps).toEqual([[], ['hold ART-102', 'opening ART-102']]);
  });

  it('counts holds made this cycle against the cap of the account', () => {
    const p = policy({
      maxHoldsPerAccount: 1,
      targets: [
        {
          id: 'sister-art',
          childId: 'sister',
          childName: '姐姐',
          accountId: 'mom',
          courses: [A],
          autoHold: true,
        },
        {
          id: 'brother-swim',
          childId: 'brother',
          childName: '弟弟',
          accountId: 'mom',
          courses: ['SWIM-201'],
          autoHold: true,
        },
      ],
    });
    expect(run(p, [{ min: 0, seen: { [A]: 'open', 'SWIM-201': 'open' } }]).steps).toEqual([
      ['hold ART-101', 'opening ART-101', 'opening SWIM-201 @brother-swim'],
    ]);
  });

  it('does not hold for an account whose own check failed this cycle', () => {
    const p = policy({
      targets: [
        {
          id: 'sister-art',
          childId: 'sister',
          childName: '姐姐',
          accountId: 'dad',
          courses: [A],
          autoHold: true,
        },
        { id: 'mom-art', childId: 'brother', childName: '弟弟', accountId: 'mom', courses: [A] },
      ],
    });
    const { effects } = run(p, [
      { min: 0, accounts: [ok('mom', { [A]: 'open' }), failed('dad', 'session_expired')] },
    ]);
    expect(effects[0]?.map((e) => e.type)).toEqual(['alert', 'alert', 'alert']);
    expect(reasons(effects[0])).toEqual(['账号 dad 本轮检查失败，未自动保留', '', 'problem']);
  });
});
