import { describe, expect, it } from 'vitest';
import { alertsOf, at, failed, ok, policy, run, type Step } from './decide-fixtures.js';

const down = (min: number, problem: Parameters<typeof failed>[1]): Step => ({
  min,
  accounts: [failed('mom', problem)],
});
const up = (min: number): Step => ({ min, accounts: [ok('mom', {})] });

describe('decide: account problems', () => {
  const cases: { name: string; steps: Step[]; expected: string[][] }[] = [
    {
      name: 'a session that expires alerts once when it starts and once when it ends',
      steps: [
        up(0),
        down(2, 'session_expired'),
        down(4, 'session_expired'),
        down(6, 'session_expired'),
        up(8),
        up(10),
      ],
      expected: [[], ['problem session_expired'], [], [], ['recovered session_expired'], []],
    },
    {
      name: 'an unresolved problem is announced again after problemReminderMinutes',
      steps: [
        down(0, 'portal_changed'),
        down(2, 'portal_changed'),
        down(181, 'portal_changed'),
        down(182, 'portal_changed'),
        down(302, 'portal_changed'),
        down(362, 'portal_changed'),
      ],
      expected: [
        [],
        ['problem portal_changed'],
        [],
        ['reminder portal_changed'],
        [],
        ['reminder portal_changed'],
      ],
    },
    {
      name: 'a short outage of the portal says nothing at all',
      steps: [down(0, 'portal_unavailable'), down(10, 'portal_unavailable'), up(12)],
      expected: [[], [], []],
    },
    {
      name: 'an outage that lasts cooldownMinutes is announced, and its end too',
      steps: [
        down(0, 'portal_unavailable'),
        down(29, 'portal_unavailable'),
        down(30, 'portal_unavailable'),
        up(40),
      ],
      expected: [[], [], ['problem portal_unavailable'], ['recovered portal_unavailable']],
    },
    {
      name: 'being rate limited neither starts nor ends a problem',
      steps: [down(0, 'rate_limited'), down(2, 'session_expired'), down(4, 'rate_limited'), up(6)],
      expected: [[], ['problem session_expired'], [], ['recovered session_expired']],
    },
    {
      name: 'a down portal does not displace an expired session',
      steps: [
        down(0, 'session_expired'),
        down(2, 'portal_unavailable'),
        down(60, 'portal_unavailable'),
        down(62, 'session_expired'),
      ],
      expected: [['problem session_expired'], [], [], []],
    },
    {
      name: 'a different problem replaces the old one and is announced',
      steps: [
        down(0, 'session_expired'),
        down(2, 'session_expired'),
        down(4, 'portal_changed'),
        down(6, 'portal_changed'),
        up(8),
      ],
      expected: [
        ['problem session_expired'],
        [],
        [],
        ['problem portal_changed'],
        ['recovered portal_changed'],
      ],
    },
  ];

  /** A page the flow could not read once (maintenance, "busy", a half-deployed update) is not a redesign. */
  const redesigns: { name: string; steps: Step[]; expected: string[][] }[] = [
    {
      name: 'one redesign cycle is recorded, not announced, and forgotten when the next cycle works',
      steps: [up(0), down(2, 'portal_changed'), up(4), up(6)],
      expected: [[], [], [], []],
    },
    {
      name: 'a second cycle in a row that agrees announces it, once',
      steps: [down(0, 'portal_changed'), down(2, 'portal_changed'), down(4, 'portal_changed'), up(6)],
      expected: [[], ['problem portal_changed'], [], ['recovered portal_changed']],
    },
    {
      name: 'two redesign cycles with a working one between are two single cycles',
      steps: [down(0, 'portal_changed'), up(2), down(4, 'portal_changed'), up(6), down(8, 'portal_changed')],
      expected: [[], [], [], [], []],
    },
    {
      name: 'a redesign after another problem is a first cycle again',
      steps: [down(0, 'session_expired'), down(2, 'portal_changed'), down(4, 'portal_changed')],
      expected: [['problem session_expired'], [], ['problem portal_changed']],
    },
    {
      name: 'a maintenance page (unavailable) between two redesign cycles says nothing',
      steps: [down(0, 'portal_changed'), down(2, 'portal_unavailable'), down(4, 'portal_changed')],
      expected: [[], [], ['problem portal_changed']],
    },
    {
      name: 'an expired session is announced at its first cycle',
      steps: [down(0, 'session_expired')],
      expected: [['problem session_expired']],
    },
  ];

  it.each(redesigns)('$name', ({ steps, expected }) => {
    expect(run(policy(), steps).steps).toEqual(expected);
  });

  it.each(cases)('$name', ({ steps, expected }) => {
    expect(run(policy(), steps).steps).toEqual(expected);
  });

  it('tells the exact next step and when the problem began', () => {
    const { effects } = run(policy(), [down(0, 'session_expired'), down(200, 'session_expired'), up(210)]);
    expect(alertsOf(effects.flat())).toEqual([
      {
        kind: 'problem',
        problem: 'session_expired',
        accountId: 'mom',
        detail: 'session_expired while checking',
        next: { code: 'login', accountId: 'mom' },
        since: at(0).toISOString(),
        reminder: false,
      },
      expect.objectContaining({ kind: 'problem', reminder: true, since: at(0).toISOString() }),
      {
        kind: 'recovered',
        problem: 'session_expired',
        accountId: 'mom',
        since: at(0).toISOString(),
        at: at(210).toISOString(),
      },
    ]);
  });

  it('keeps problems of different accounts apart', () => {
    const p = policy();
    const { steps } = run(p, [
      { min: 0, accounts: [failed('mom', 'session_expired'), ok('dad', {})] },
      { min: 2, accounts: [ok('mom', {}), failed('dad', 'portal_changed')] },
      { min: 4, accounts: [ok('mom', {}), failed('dad', 'portal_changed')] },
    ]);
    expect(steps).toEqual([
      ['problem session_expired'],
      ['recovered session_expired'],
      ['problem portal_changed'],
    ]);
  });
});
