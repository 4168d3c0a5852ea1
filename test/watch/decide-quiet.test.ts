import { describe, expect, it } from 'vitest';
import { isQuietTime } from '../../src/watch/decide-time.js';
import type { PolicyInput } from '../../src/watch/policy.js';
import { alertsOf, failed, ok, policy, run, type Step } from './decide-fixtures.js';

const A = 'ART-101';
// T0 is 10:00 in Shanghai; quiet 10:00–11:00 makes minutes 0–59 quiet and 60+ loud.
const quiet: Partial<PolicyInput> = {
  quietHours: { start: '10:00', end: '11:00', timezone: 'Asia/Shanghai' },
};
const down = (min: number): Step => ({ min, accounts: [failed('mom', 'session_expired')] });
const up = (min: number, seen: Record<string, 'open' | 'full'> = {}): Step => ({
  min,
  accounts: [ok('mom', seen)],
});

describe('quiet hours', () => {
  it.each([
    {
      start: '22:00',
      end: '07:00',
      utc: '2026-07-01T15:30:00Z',
      quiet: true,
      why: '23:30 inside a window over midnight',
    },
    {
      start: '22:00',
      end: '07:00',
      utc: '2026-07-01T22:59:00Z',
      quiet: true,
      why: '06:59 just before the end',
    },
    {
      start: '22:00',
      end: '07:00',
      utc: '2026-07-01T23:00:00Z',
      quiet: false,
      why: '07:00 is the end (exclusive)',
    },
    {
      start: '22:00',
      end: '07:00',
      utc: '2026-07-01T14:00:00Z',
      quiet: true,
      why: '22:00 is the start (inclusive)',
    },
    {
      start: '12:00',
      end: '14:00',
      utc: '2026-07-01T05:00:00Z',
      quiet: true,
      why: '13:00 inside a daytime window',
    },
    { start: '12:00', end: '14:00', utc: '2026-07-01T12:00:00Z', quiet: false, why: '20:00 outside it' },
    {
      start: '08:00',
      end: '08:00',
      utc: '2026-07-01T00:00:00Z',
      quiet: false,
      why: 'an empty window is never quiet',
    },
  ])('$why', ({ start, end, utc, quiet: expected }) => {
    expect(isQuietTime({ start, end, timezone: 'Asia/Shanghai' }, new Date(utc))).toBe(expected);
  });

  const cases: { name: string; policy?: Partial<PolicyInput>; steps: Step[]; expected: string[][] }[] = [
    {
      name: 'openings are urgent by default and go out in quiet hours',
      steps: [up(0, { [A]: 'open' })],
      expected: [['opening ART-101']],
    },
    {
      name: 'a problem that starts in quiet hours is announced when they end',
      steps: [down(0), down(30), down(60), down(62)],
      expected: [[], [], ['problem session_expired'], []],
    },
    {
      name: 'a problem that starts and ends in quiet hours is never mentioned',
      steps: [down(0), up(30), up(60)],
      expected: [[], [], []],
    },
    {
      name: 'a recovery in quiet hours is told when they end',
      steps: [{ ...down(0), min: -10 }, up(30), up(60)],
      expected: [['problem session_expired'], [], ['recovered session_expired']],
    },
    {
      name: 'a non-urgent opening waits for the end of quiet hours',
      policy: { urgent: [] },
      steps: [up(0, { [A]: 'open' }), up(30, { [A]: 'open' }), up(60, { [A]: 'open' })],
      expected: [[], [], ['opening ART-101']],
    },
    {
      name: 'a non-urgent opening that closed during quiet hours is dropped',
      policy: { urgent: [] },
      steps: [up(0, { [A]: 'open' }), up(30, { [A]: 'full' }), up(60, { [A]: 'full' })],
      expected: [[], [], []],
    },
    {
      name: 'a gone alert due in quiet hours waits for their end',
      steps: [
        up(-30, { [A]: 'open' }),
        up(-20, { [A]: 'full' }),
        up(20, { [A]: 'full' }),
        up(60, { [A]: 'full' }),
      ],
      expected: [['opening ART-101'], [], [], ['gone ART-101']],
    },
  ];

  it.each(cases)('$name', ({ policy: overrides, steps, expected }) => {
    expect(run(policy({ ...quiet, ...overrides }), steps).steps).toEqual(expected);
  });

  it('dates a deferred recovery to when it happened', () => {
    const { effects } = run(policy(quiet), [{ ...down(0), min: -10 }, up(30), up(60)]);
    expect(alertsOf(effects.flat())[1]).toMatchObject({ kind: 'recovered', at: '2026-07-01T02:30:00.000Z' });
  });
});
