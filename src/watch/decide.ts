import type { Observation } from '../core/types.js';
import { decideProblems } from './decide-problems.js';
import { decideTargets } from './decide-targets.js';
import { isQuietTime } from './decide-time.js';
import type { CancelledOrder, CycleInput, Decision, HeldBack, WatchState } from './decide-types.js';
import type { Policy } from './policy.js';

export type { CancelledOrder, CycleInput, Decision, Effect, WatchState } from './decide-types.js';
export { emptyWatchState, watchStateSchema } from './decide-types.js';

/**
 * The watch engine's brain, pure: the previous state plus one cycle's results give the next state
 * and the effects to run (alerts, holds). No I/O and no clock: time comes in as `now`.
 *
 * - Openings alert on the change to open (or when first seen open), once per open spell; a course
 *   that reopens within cooldownMinutes of its last alert stays quiet.
 * - 'gone' follows an announced opening once the course has stayed closed for cooldownMinutes.
 * - An order the portal cancelled (unpaid) was announced by its hold's result: the course's next
 *   opening is news again, not swallowed by the cool-down of the alert that led to the hold.
 * - Quiet hours hold back non-urgent alerts without queueing them: the condition stays in the
 *   state and is announced at the first cycle after quiet hours, if still true (still open, still
 *   broken, recovered and not yet told); what resolved itself meanwhile is never sent. What the
 *   last cycle held back is listed in `state.heldBack` (for `jianlou status`).
 * - Effect ids are `<kind>/<subject>/<epoch>.<cycle>`: deciding the same previous state again gives
 *   the same ids, so the outbox drops the duplicates.
 */
export function decide(previous: WatchState, input: CycleInput, policy: Policy, now: Date): Decision {
  const state: WatchState = structuredClone(previous);
  state.cycle = previous.cycle + 1;
  const nowIso = now.toISOString();
  const stamp = `${Date.parse(state.epoch).toString(36)}.${state.cycle}`;
  const effectId = (kind: string, subject: string) => `${kind}/${subject}/${stamp}`;
  const quiet = isQuietTime(policy.quietHours, now);
  // Asked only when an alert would go out otherwise: a "no" is an alert held back.
  const heldBack: HeldBack[] = [];
  const allowed = (kind: string, subject: string) => {
    const ok = !quiet || (policy.urgent as string[]).includes(kind);
    if (!ok) {
      const before = previous.heldBack?.find((h) => h.kind === kind && h.subject === subject);
      heldBack.push({ kind, subject, since: before?.since ?? nowIso });
    }
    return ok;
  };

  const fresh = new Map<string, Observation>();
  const okAccounts = new Set<string>();
  for (const account of input.accounts) {
    if (!account.ok) continue;
    okAccounts.add(account.accountId);
    for (const observation of account.observations) {
      if (!fresh.has(observation.courseId)) fresh.set(observation.courseId, observation);
    }
  }

  for (const [courseId, observation] of fresh) {
    const before = previous.courses[courseId];
    const changed = !before || before.state !== observation.state;
    state.courses[courseId] = {
      state: observation.state,
      seats: observation.seats,
      lastChangeAt: changed ? nowIso : before.lastChangeAt,
    };
  }

  reopenCancelled(state, input.cancelledOrders ?? []);
  const problemEffects = decideProblems(state.problems, input.accounts, { policy, now, allowed, effectId });
  const targetEffects = decideTargets(state, {
    policy,
    now,
    fresh,
    okAccounts,
    holds: input.holds,
    commitments: input.commitments ?? [],
    allowed,
    effectId,
  });
  if (heldBack.length > 0) state.heldBack = heldBack;
  else delete state.heldBack;
  const holds = targetEffects.filter((e) => e.type === 'hold');
  const alerts = targetEffects.filter((e) => e.type !== 'hold');
  return { state, effects: [...holds, ...alerts, ...problemEffects] };
}

/** A course whose order the portal cancelled forgets its last announcement: no cool-down, no 'gone'. */
function reopenCancelled(state: WatchState, cancelled: CancelledOrder[]): void {
  for (const { targetId, courseId } of cancelled) {
    const tc = state.targets[targetId]?.courses[courseId];
    if (!tc) continue;
    tc.alerted = false;
    delete tc.lastOpenAlertAt;
    delete tc.closedSince;
  }
}
