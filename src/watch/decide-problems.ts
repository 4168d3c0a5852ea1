import type { Alert, NextStep } from '../core/types.js';
import { minutesSince } from './decide-time.js';
import type { AccountResult, Effect, ProblemState } from './decide-types.js';
import type { Policy } from './policy.js';

export interface ProblemContext {
  policy: Policy;
  now: Date;
  /** May this kind go out now (quiet hours)? */
  /** Whether an alert of this kind about `subject` may go out now (quiet hours); asked only when it would. */
  allowed(kind: Alert['kind'], subject: string): boolean;
  effectId(kind: string, subject: string): string;
}

/**
 * Account problems: announced once when they start, again every problemReminderMinutes, and a
 * 'recovered' once a check succeeds. `portal_unavailable` is only announced after it lasted
 * cooldownMinutes (one 5xx is not news) and never displaces another problem (a down portal says
 * nothing about the session). `rate_limited` changes nothing. Mutates `problems` in place.
 */
export function decideProblems(
  problems: Record<string, ProblemState>,
  accounts: AccountResult[],
  ctx: ProblemContext,
): Effect[] {
  const effects: Effect[] = [];
  const nowIso = ctx.now.toISOString();
  type ProblemAlert = Extract<Alert, { kind: 'problem' | 'recovered' }>;
  const emit = (alert: ProblemAlert, kind: string) =>
    effects.push({ type: 'alert', id: ctx.effectId(kind, `${alert.accountId}/${alert.problem}`), alert });

  for (const account of accounts) {
    const id = account.accountId;
    let current = problems[id];

    if (account.ok) {
      if (!current) continue;
      if (!current.alertedAt) {
        delete problems[id];
      } else if (ctx.allowed('recovered', `${id}/${current.kind}`)) {
        const at = current.resolvedAt ?? nowIso;
        emit(
          { kind: 'recovered', problem: current.kind, accountId: id, since: current.since, at },
          'recovered',
        );
        delete problems[id];
      } else {
        current.resolvedAt ??= nowIso;
      }
      continue;
    }

    const kind = account.problem;
    if (kind === 'rate_limited') continue;
    if (kind === 'portal_unavailable' && current && current.kind !== kind) continue;
    if (!current || current.kind !== kind) {
      current = { kind, since: nowIso, detail: account.detail };
      problems[id] = current;
    } else {
      current.detail = account.detail;
      delete current.resolvedAt;
    }

    const problem = (reminder: boolean): ProblemAlert => ({
      kind: 'problem',
      problem: kind,
      accountId: id,
      detail: account.detail,
      next: nextStep(kind, id),
      since: current.since,
      reminder,
    });
    if (!current.alertedAt) {
      const settled =
        kind !== 'portal_unavailable' || minutesSince(current.since, ctx.now) >= ctx.policy.cooldownMinutes;
      if (settled && ctx.allowed('problem', `${id}/${kind}`)) {
        emit(problem(false), 'problem');
        current.alertedAt = nowIso;
        current.lastAlertAt = nowIso;
      }
    } else if (
      minutesSince(current.lastAlertAt ?? current.alertedAt, ctx.now) >= ctx.policy.problemReminderMinutes &&
      ctx.allowed('problem', `${id}/${kind}`)
    ) {
      emit(problem(true), 'reminder');
      current.lastAlertAt = nowIso;
    }
  }
  return effects;
}

/** What a person does about a problem; the catalogue words it. */
function nextStep(problem: ProblemState['kind'], accountId: string): NextStep {
  switch (problem) {
    case 'session_expired':
      return { code: 'login', accountId };
    case 'portal_changed':
      return { code: 'doctor' };
    case 'portal_unavailable':
      return { code: 'wait' };
  }
}
