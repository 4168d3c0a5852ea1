import type { Actor, ApprovalAction, DecideResult, HoldDecider, HoldView } from '../../src/approve/types.js';

export const NOW = new Date('2025-07-05T06:00:00.000Z'); // 14:00 in Shanghai

export function sampleView(overrides: Partial<HoldView> = {}): HoldView {
  return {
    holdId: 'CART-1001',
    child: { id: 'sister', name: '姐姐' },
    observation: {
      courseId: 'ART-101',
      title: '少儿创意美术（初级班）',
      seats: 1,
      state: 'open',
      schedule: { weekday: 6, start: '09:00', end: '10:30' },
      url: 'http://127.0.0.1:4173/courses/ART-101',
      campus: '市少年宫本部',
      fee: 680,
    },
    hold: {
      id: 'CART-1001',
      courseId: 'ART-101',
      studentId: 'S001',
      heldAt: '2025-07-05T05:55:00.000Z',
      expiresAt: '2025-07-05T06:15:00.000Z',
    },
    status: 'held',
    ...overrides,
  };
}

export interface FakeDecider extends HoldDecider {
  calls: { holdId: string; action: ApprovalAction; who: Actor }[];
  views: Map<string, HoldView>;
  /** Makes the next decide() report a portal failure, leaving the hold held. */
  failNext(detail: string): void;
  /** decide() waits until release() is called (to make two requests overlap). */
  pause(): { release(): void };
  /** describe() waits until release(); `waiting()` counts the calls held back. */
  pauseDescribe(): { release(): void; waiting(): number };
}

/** An in-test decider: one order per hold, like the real engine promises. */
export function createFakeDecider(...initial: HoldView[]): FakeDecider {
  const views = new Map(initial.map((v) => [v.holdId, structuredClone(v)]));
  const calls: FakeDecider['calls'] = [];
  let failure: string | undefined;
  let gate: Promise<void> | undefined;
  let describeGate: Promise<void> | undefined;
  let describeWaiting = 0;
  return {
    calls,
    views,
    failNext(detail) {
      failure = detail;
    },
    pause() {
      let release = () => {};
      gate = new Promise<void>((r) => {
        release = r;
      });
      return { release: () => release() };
    },
    pauseDescribe() {
      let release = () => {};
      describeGate = new Promise<void>((r) => {
        release = r;
      });
      return {
        release: () => {
          describeGate = undefined;
          release();
        },
        waiting: () => describeWaiting,
      };
    },
    async describe(holdId) {
      if (describeGate) {
        describeWaiting += 1;
        await describeGate;
      }
      const v = views.get(holdId);
      return v ? structuredClone(v) : undefined;
    },
    async decide(holdId, action, who): Promise<DecideResult> {
      calls.push({ holdId, action, who });
      if (gate) await gate;
      const v = views.get(holdId);
      if (!v) throw new Error(`no hold ${holdId}`);
      if (v.status !== 'held') return { outcome: 'already', view: structuredClone(v) };
      if (failure) {
        const detail = failure;
        failure = undefined;
        return { outcome: 'failed', view: structuredClone(v), detail };
      }
      v.decidedBy = `链接 ${who.ip}`;
      v.decidedAt = NOW.toISOString();
      if (action === 'approve') {
        v.status = 'approved';
        v.order = {
          id: 'ORD-20250705-0042',
          courseId: v.hold.courseId,
          studentId: v.hold.studentId,
          status: 'pending_payment',
          createdAt: NOW.toISOString(),
        };
      } else {
        v.status = 'released';
      }
      return { outcome: action === 'approve' ? 'approved' : 'released', view: structuredClone(v) };
    },
  };
}
