import type { Alert, Observation, SeatState } from '../../src/core/types.js';
import { decide, emptyWatchState } from '../../src/watch/decide.js';
import type {
  AccountResult,
  CancelledOrder,
  Commitment,
  Effect,
  HoldFact,
  WatchState,
} from '../../src/watch/decide-types.js';
import { definePolicy, type Policy, type PolicyInput } from '../../src/watch/policy.js';

/** 10:00 in Asia/Shanghai. Steps are given in minutes after it. */
export const T0 = new Date('2026-07-01T02:00:00.000Z');
export const at = (minute: number) => new Date(T0.getTime() + minute * 60_000);

export const SCHEDULES: Record<string, Observation['schedule']> = {
  'ART-101': { weekday: 6, start: '09:00', end: '10:30' },
  'ART-102': { weekday: 6, start: '14:00', end: '15:30' },
  'SWIM-201': { weekday: 6, start: '10:00', end: '11:00' },
};

export function observation(courseId: string, state: SeatState, seats?: number | null): Observation {
  return {
    courseId,
    title: `${courseId} 课程`,
    seats: seats === undefined ? (state === 'open' ? 1 : 0) : seats,
    state,
    schedule: SCHEDULES[courseId],
    url: `http://127.0.0.1:4173/courses/${courseId}`,
  };
}

export function policy(overrides: Partial<PolicyInput> = {}): Policy {
  return definePolicy({
    targets: [
      {
        id: 'sister-art',
        childId: 'sister',
        childName: '姐姐',
        accountId: 'mom',
        courses: ['ART-101', 'ART-102'],
      },
    ],
    ...overrides,
  });
}

/** One cycle of a scenario: what each account saw (course → state) or how its check failed. */
export interface Step {
  min: number;
  seen?: Record<string, SeatState>;
  /** Replaces `seen` with explicit account results. */
  accounts?: AccountResult[];
  holds?: HoldFact[];
  commitments?: Commitment[];
  cancelledOrders?: CancelledOrder[];
}

export const ok = (accountId: string, seen: Record<string, SeatState>): AccountResult => ({
  accountId,
  ok: true,
  observations: Object.entries(seen).map(([id, state]) => observation(id, state)),
});
export const failed = (
  accountId: string,
  problem: Extract<AccountResult, { ok: false }>['problem'],
): AccountResult => ({
  accountId,
  ok: false,
  problem,
  detail: `${problem} while checking`,
});

export function hold(
  id: string,
  courseId: string,
  status: HoldFact['status'],
  targetId = 'sister-art',
): HoldFact {
  return {
    id,
    targetId,
    accountId: 'mom',
    childId: 'sister',
    courseId,
    status,
    schedule: SCHEDULES[courseId],
  };
}

/** Short, readable names of effects: "opening ART-101", "hold ART-101", "problem session_expired". */
export function summarize(effect: Effect): string {
  if (effect.type === 'hold') return `hold ${effect.courseId}`;
  return summarizeAlert(effect.alert);
}

export function summarizeAlert(alert: Alert): string {
  switch (alert.kind) {
    case 'opening':
    case 'gone':
      return `${alert.kind} ${alert.observation.courseId}${alert.targetId === 'sister-art' ? '' : ` @${alert.targetId}`}`;
    case 'problem':
      return `${alert.reminder ? 'reminder' : 'problem'} ${alert.problem}`;
    case 'recovered':
      return `recovered ${alert.problem}`;
    default:
      return alert.kind;
  }
}

export interface Run {
  /** Effects of each step, summarized. */
  steps: string[][];
  effects: Effect[][];
  state: WatchState;
}

/** Runs the steps through decide(), feeding each state into the next cycle. */
export function run(p: Policy, steps: Step[], start: WatchState = emptyWatchState(T0)): Run {
  let state = start;
  const out: Run = { steps: [], effects: [], state };
  for (const step of steps) {
    const accounts = step.accounts ?? [ok('mom', step.seen ?? {})];
    const decision = decide(
      state,
      {
        accounts,
        holds: step.holds ?? [],
        commitments: step.commitments,
        cancelledOrders: step.cancelledOrders,
      },
      p,
      at(step.min),
    );
    state = decision.state;
    out.effects.push(decision.effects);
    out.steps.push(decision.effects.map(summarize));
  }
  out.state = state;
  return out;
}

export function alertsOf(effects: Effect[]): Alert[] {
  return effects.flatMap((e) => (e.type === 'alert' ? [e.alert] : []));
}
