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

/** Cycles in a row a `portal_changed` must be seen in before it is announced. */
export const REDESIGN_CYCLES = 2;

/**
 * Whether a problem not yet announced is news. `portal_unavailable`: once it lasted cooldownMinutes
 * (one 5xx is not news). `portal_changed`: once a second cycle in a row agrees (a page the flow could
 * not read once — a maintenance or "busy" page it did not recognise, a half-deployed update — is
 * recorded, not announced). `session_expired`: at once.
 */
export function problemSettled(
  problem: Pick<ProblemState, 'kind' | 'since' | 'cycles'>,
  ctx: Pick<ProblemContext, 'now' | 'policy'>,
): boolean {
  switch (problem.kind) {
    case 'portal_unavailable':
      return minutesSince(problem.since, ctx.now) >= ctx.policy.cooldownMinutes;
    case 'portal_changed':
      return (problem.cycles ?? 1) >= REDESIGN_CYCLES;
    case 'session_expired':
      return true;
  }
}

/**
 * Account problems: announced once they are news (see `problemSettled`), again every
 * problemReminderMinutes, and a 'recovered' once a check succeeds (a problem never announced is
 * just forgotten). `portal_unavailable` never displaces another problem (a down portal says nothing
 * about the session). `rate_limited` changes nothing. Mutates `problems` in place.
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
      current = { kind, since: nowIso, detail: account.detail, cycles: 1 };
      problems[id] = current;
    } else {
      current.detail = account.detail;
      current.cycles = (current.cycles ?? 1) + 1;
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
      if (problemSettled(current, ctx) && ctx.allowed('problem', `${id}/${kind}`)) {
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
