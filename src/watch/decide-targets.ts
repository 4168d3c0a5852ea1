import type { Alert, HoldSkip, Observation } from '../core/types.js';
import { type Booked, findClashes } from './decide-clash.js';
import { minutesSince } from './decide-time.js';
import type {
  Commitment,
  Effect,
  HoldFact,
  TargetCourseState,
  TargetState,
  WatchState,
} from './decide-types.js';
import type { Policy, PolicyTarget } from './policy.js';

/** A hold effect without a HoldRecord after this long is presumed lost, so the target may try again. */
export const PENDING_HOLD_MINUTES = 30;

export interface TargetContext {
  policy: Policy;
  now: Date;
  /** This cycle's observations by course id (failed accounts contribute none). */
  fresh: Map<string, Observation>;
  /** Accounts whose check succeeded this cycle. */
  okAccounts: Set<string>;
  holds: HoldFact[];
  commitments: Commitment[];
  /** Whether an alert of this kind about `subject` may go out now (quiet hours); asked only when it would. */
  allowed(kind: Alert['kind'], subject: string): boolean;
  effectId(kind: string, subject: string): string;
}

/**
 * Openings, 'gone' alerts and auto-holds for every target; mutates `state.targets` in place.
 * A target is busy (no alerts, no holds) while one of its courses is held, approved, ordered or
 * being held; a course whose hold a parent released is dropped from its target.
 */
export function decideTargets(state: WatchState, ctx: TargetContext): Effect[] {
  const { policy, now, holds } = ctx;
  const nowIso = now.toISOString();
  const holdEffects: Effect[] = [];
  const alertEffects: Effect[] = [];

  const targets: Record<string, TargetState> = {};
  for (const target of policy.targets) {
    const ts = state.targets[target.id] ?? { courses: {} };
    const pending = ts.pendingHold;
    if (
      pending &&
      (holds.some((h) => h.id === pending.id) || minutesSince(pending.at, now) >= PENDING_HOLD_MINUTES)
    ) {
      delete ts.pendingHold;
    }
    targets[target.id] = ts;
  }
  // Targets no longer configured are forgotten.
  state.targets = targets;

  const activeHolds = new Map<string, number>();
  const countHold = (accountId: string) => activeHolds.set(accountId, (activeHolds.get(accountId) ?? 0) + 1);
  for (const h of holds) if (h.status === 'held') countHold(h.accountId);
  for (const ts of Object.values(targets)) if (ts.pendingHold) countHold(ts.pendingHold.accountId);

  /** What each child has or is getting, grown as this cycle decides holds: one entry per course. */
  const booked = new Map<string, Booked[]>();
  const bookedBy = (childId: string) => booked.get(childId) ?? booked.set(childId, []).get(childId)!;
  const book = (childId: string, entry: Booked) => bookOnce(bookedBy(childId), entry);
  for (const c of ctx.commitments) book(c.childId, c);
  for (const h of holds) {
    if (h.status === 'held' || h.status === 'approved') book(h.childId, { ...h, kind: 'hold' });
  }
  for (const target of policy.targets) {
    const pending = targets[target.id]?.pendingHold;
    if (pending) book(target.childId, { ...pending, kind: 'hold' });
  }

  for (const target of policy.targets) {
    const ts = targets[target.id]!;
    const mine = holds.filter((h) => h.targetId === target.id);
    const hasStatus = (courseId: string, status: HoldFact['status']) =>
      mine.some((h) => h.courseId === courseId && h.status === status);
    const ownedElsewhere = ctx.commitments.some(
      (c) => c.childId === target.childId && target.courses.includes(c.courseId),
    );
    let busy =
      ownedElsewhere ||
      mine.some((h) => h.status === 'held' || h.status === 'approved') ||
      ts.pendingHold !== undefined;
    const candidates = target.courses.filter(
      (c) => ctx.fresh.get(c)?.state === 'open' && !hasStatus(c, 'released'),
    );
    const clashesOf = (courseId: string) =>
      // Stryker disable next-line OptionalChaining: only called for courses observed this cycle
      findClashes(courseId, ctx.fresh.get(courseId)?.schedule, bookedBy(target.childId));

    const whyNotHold = (courseId: string, spell: string | undefined): HoldSkip | undefined => {
      const clash = clashesOf(courseId)[0];
      if (ts.courses[courseId]?.holdTriedFor === spell) return { code: 'already_tried' };
      if (!ctx.okAccounts.has(target.accountId)) return { code: 'account_down', accountId: target.accountId };
      if (hasStatus(courseId, 'expired')) return { code: 'expired_before' };
      // The first clash is enough to say why.
      if (clash !== undefined) return { code: 'clash', with: [clash] };
      if ((activeHolds.get(target.accountId) ?? 0) >= policy.maxHoldsPerAccount) {
        return { code: 'cap', max: policy.maxHoldsPerAccount };
      }
      return undefined;
    };

    // Auto-hold: the first open course in preference order that passes every check.
    const reasons = new Map<string, HoldSkip>();
    let heldNow: string | undefined;
    if (target.autoHold && !busy) {
      for (const courseId of candidates) {
        const observation = ctx.fresh.get(courseId)!;
        // Stryker disable next-line OptionalChaining: decide() records every fresh course before this
        const spell = state.courses[courseId]?.lastChangeAt;
        const reason = whyNotHold(courseId, spell);
        if (reason) {
          reasons.set(courseId, reason);
          continue;
        }
        for (const other of candidates) {
          if (other !== courseId && !reasons.has(other)) {
            reasons.set(other, { code: 'preferred_other', title: observation.title });
          }
        }
        if (policy.dryRun) {
          reasons.set(courseId, { code: 'dry_run' });
          break;
        }
        const id = ctx.effectId('hold', `${target.id}/${courseId}`);
        holdEffects.push({
          type: 'hold',
          id,
          targetId: target.id,
          accountId: target.accountId,
          childId: target.childId,
          courseId,
          observation,
        });
        ts.pendingHold = {
          id,
          courseId,
          accountId: target.accountId,
          at: nowIso,
          title: observation.title,
          schedule: observation.schedule,
        };
        ts.courses[courseId] = { ...(ts.courses[courseId] ?? { alerted: false }), holdTriedFor: spell };
        countHold(target.accountId);
        book(target.childId, {
          courseId,
          kind: 'hold',
          title: observation.title,
          schedule: observation.schedule,
        });
        heldNow = courseId;
        busy = true;
        break;
      }
    }

    for (const courseId of target.courses) {
      const observation = ctx.fresh.get(courseId);
      if (!observation) continue;
      const tc: TargetCourseState = ts.courses[courseId] ?? { alerted: false };
      ts.courses[courseId] = tc;
      const isOpen = observation.state === 'open';
      if (hasStatus(courseId, 'released') || (busy && courseId !== heldNow)) {
        // Nothing is said while the target is taken care of; a later opening is news again.
        if (!isOpen) {
          tc.alerted = false;
          delete tc.closedSince;
        }
        continue;
      }
      const alert = courseAlert(target, courseId, observation, tc, ctx, {
        clashes: () => clashesOf(courseId),
        holdSkipped: target.autoHold ? reasons.get(courseId) : undefined,
      });
      if (alert) alertEffects.push(alert);
    }
  }
  return [...holdEffects, ...alertEffects];
}

/** How true a booking is: the portal's order beats our hold of the same course (approved, then ordered). */
const TRUTH: Record<Booked['kind'], number> = { hold: 0, order: 1 };

/**
 * Adds a booking unless the child already has that course: an approved hold is also the portal's
 * order, and a clash must name that course once, as what it truly is now.
 */
export function bookOnce(list: Booked[], entry: Booked): void {
  const at = list.findIndex((b) => b.courseId === entry.courseId);
  const have = list[at];
  if (!have) {
    list.push(entry);
    return;
  }
  const [truer, other] = TRUTH[entry.kind] > TRUTH[have.kind] ? [entry, have] : [have, entry];
  const title = truer.title ?? other.title;
  const schedule = truer.schedule ?? other.schedule;
  list[at] = {
    ...truer,
    ...(title === undefined ? {} : { title }),
    ...(schedule === undefined ? {} : { schedule }),
  };
}

/** The opening / gone rules for one course of one target; mutates `tc`. */
function courseAlert(
  target: PolicyTarget,
  courseId: string,
  observation: Observation,
  tc: TargetCourseState,
  ctx: TargetContext,
  extra: { clashes: () => Booked[]; holdSkipped: HoldSkip | undefined },
): Effect | undefined {
  const { now, policy } = ctx;
  const nowIso = now.toISOString();
  const child = { id: target.childId, name: target.childName };
  const subject = `${target.id}/${courseId}`;
  const cooldown = policy.cooldownMinutes;

  if (observation.state === 'open') {
    // Closed for a full cooldown (though unseen, e.g. while the session was down): a new opening.
    // Stryker disable next-line ConditionalExpression: dropping `tc.alerted &&` only sets false to false
    if (tc.alerted && tc.closedSince && minutesSince(tc.closedSince, now) >= cooldown) tc.alerted = false;
    delete tc.closedSince;
    if (tc.alerted) return undefined;
    if (tc.lastOpenAlertAt && minutesSince(tc.lastOpenAlertAt, now) < cooldown) {
      tc.alerted = true;
      return undefined;
    }
    if (!ctx.allowed('opening', subject)) return undefined;
    tc.alerted = true;
    tc.lastOpenAlertAt = nowIso;
    const alert: Alert = {
      kind: 'opening',
      targetId: target.id,
      child,
      observation,
      seenAt: nowIso,
      clashes: extra.clashes(),
    };
    if (extra.holdSkipped) alert.holdSkipped = extra.holdSkipped;
    return { type: 'alert', id: ctx.effectId('opening', subject), alert };
  }

  if (!tc.alerted) return undefined;
  tc.closedSince ??= nowIso;
  if (minutesSince(tc.closedSince, now) < cooldown || !ctx.allowed('gone', subject)) return undefined;
  tc.alerted = false;
  delete tc.closedSince;
  return {
    type: 'alert',
    id: ctx.effectId('gone', subject),
    alert: { kind: 'gone', targetId: target.id, child, observation, seenAt: nowIso },
  };
}
