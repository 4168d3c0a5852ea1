import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/core/types.js';
import { decideProblems, type ProblemContext, problemSettled } from '../../src/watch/decide-problems.js';
import type { AccountResult, ProblemState } from '../../src/watch/decide-types.js';
import { at, policy } from './decide-fixtures.js';

/** decideProblems() on its own: the effect ids, the quiet-hours questions, the state it leaves. */

function context(minute: number, allow = true) {
  const asked: string[] = [];
  const ctx: ProblemContext = {
    policy: policy({ cooldownMinutes: 10, problemReminderMinutes: 60 }),
    now: at(minute),
    allowed: (kind, subject) => {
      asked.push(`${kind} ${subject}`);
      return allow;
    },
    effectId: (kind, subject) => `${kind}|${subject}`,
  };
  return { ctx, asked };
}

const down = (
  problem: 'session_expired' | 'portal_changed' | 'portal_unavailable',
  detail = 'why',
): AccountResult => ({
  accountId: 'mom',
  ok: false,
  problem,
  detail,
});
const up: AccountResult = { accountId: 'mom', ok: true, observations: [] };

describe('decideProblems', () => {
  it('names each effect by kind and account/problem, and asks about exactly that alert', () => {
    const problems: Record<string, ProblemState> = {};
    // One cycle is recorded, not announced, and nobody is asked about quiet hours.
    const once = context(0);
    expect(decideProblems(problems, [down('portal_changed')], once.ctx)).toEqual([]);
    expect(once.asked).toEqual([]);
    expect(problems.mom).toEqual({
      kind: 'portal_changed',
      since: at(0).toISOString(),
      detail: 'why',
      cycles: 1,
    });
    const first = context(0);
    const effects = decideProblems(problems, [down('portal_changed')], first.ctx);
    expect(effects.map((e) => e.id)).toEqual(['problem|mom/portal_changed']);
    expect(first.asked).toEqual(['problem mom/portal_changed']);
    const alert = (effects[0] as { alert: Alert }).alert;
    expect(alert).toEqual({
      kind: 'problem',
      problem: 'portal_changed',
      accountId: 'mom',
      detail: 'why',
      next: { code: 'doctor' },
      since: at(0).toISOString(),
      reminder: false,
    });

    const later = context(60);
    const reminders = decideProblems(problems, [down('portal_changed', 'still')], later.ctx);
    expect(reminders.map((e) => e.id)).toEqual(['reminder|mom/portal_changed']);
    expect(later.asked).toEqual(['problem mom/portal_changed']);
    expect((reminders[0] as { alert: Alert }).alert).toMatchObject({ reminder: true, detail: 'still' });

    const back = context(70);
    const recovered = decideProblems(problems, [up], back.ctx);
    expect(recovered.map((e) => e.id)).toEqual(['recovered|mom/portal_changed']);
    expect(back.asked).toEqual(['recovered mom/portal_changed']);
    expect(problems).toEqual({});
  });

  it('tells to wait for a portal that is down, once it lasted the cool-down', () => {
    const problems: Record<string, ProblemState> = {};
    expect(decideProblems(problems, [down('portal_unavailable')], context(0).ctx)).toEqual([]);
    const effects = decideProblems(problems, [down('portal_unavailable')], context(10).ctx);
    expect((effects[0] as { alert: Alert }).alert).toMatchObject({
      next: { code: 'wait' },
      since: at(0).toISOString(),
    });
  });

  it('forgets a problem that was never announced once the account works again', () => {
    const problems: Record<string, ProblemState> = {};
    decideProblems(problems, [down('portal_unavailable')], context(0).ctx);
    expect(Object.keys(problems)).toEqual(['mom']);
    expect(decideProblems(problems, [up], context(5).ctx)).toEqual([]);
    expect(problems).toEqual({});
    // A new outage starts its own cool-down.
    expect(decideProblems(problems, [down('portal_unavailable')], context(12).ctx)).toEqual([]);
    expect(problems.mom?.since).toBe(at(12).toISOString());
  });

  it('a problem back before its recovery could be told is the same problem: new detail, no recovery pending', () => {
    const problems: Record<string, ProblemState> = {};
    decideProblems(problems, [down('session_expired', 'first')], context(0).ctx);
    // Recovered in quiet hours: remembered, not told.
    expect(decideProblems(problems, [up], context(5, false).ctx)).toEqual([]);
    expect(problems.mom?.resolvedAt).toBe(at(5).toISOString());
    expect(decideProblems(problems, [down('session_expired', 'again')], context(6).ctx)).toEqual([]);
    expect(problems.mom).toEqual({
      kind: 'session_expired',
      since: at(0).toISOString(),
      detail: 'again',
      alertedAt: at(0).toISOString(),
      lastAlertAt: at(0).toISOString(),
      cycles: 2,
    });
  });

  it('counts a stored problem without a cycle count (an older state) as seen once', () => {
    const problems: Record<string, ProblemState> = {
      mom: { kind: 'portal_changed', since: at(0).toISOString(), detail: 'why' },
    };
    expect(decideProblems(problems, [down('portal_changed')], context(2).ctx)).toHaveLength(1);
    expect(problems.mom?.cycles).toBe(2);
  });
});

describe('problemSettled', () => {
  const ctx = { now: at(10), policy: policy({ cooldownMinutes: 10 }) };
  const since = at(0).toISOString();
  it.each([
    { kind: 'portal_changed', cycles: undefined, since, settled: false },
    { kind: 'portal_changed', cycles: 1, since, settled: false },
    { kind: 'portal_changed', cycles: 2, since, settled: true },
    { kind: 'portal_changed', cycles: 5, since, settled: true },
    { kind: 'portal_unavailable', cycles: 9, since: at(1).toISOString(), settled: false },
    { kind: 'portal_unavailable', cycles: 1, since, settled: true },
    { kind: 'session_expired', cycles: 1, since: at(10).toISOString(), settled: true },
  ] as const)('$kind after $cycles cycle(s) since $since: $settled', ({ kind, cycles, since, settled }) => {
    expect(problemSettled({ kind, since, ...(cycles === undefined ? {} : { cycles }) }, ctx)).toBe(settled);
  });
});
