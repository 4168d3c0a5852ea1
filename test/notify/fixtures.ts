import type { Alert, BookedCourse, Observation } from '../../src/core/types.js';

type AlertOf<K extends Alert['kind']> = Extract<Alert, { kind: K }>;

export const observation = (over: Partial<Observation> = {}): Observation => ({
  courseId: 'ART-101',
  title: '少儿国画（初级）',
  seats: 2,
  state: 'open',
  schedule: { weekday: 6, start: '09:00', end: '10:30' },
  url: 'http://127.0.0.1:4173/courses/ART-101',
  campus: '本部',
  ...over,
});

const sister = { id: 'sister', name: '姐姐' };
const hold = {
  id: 'cart-1',
  courseId: 'ART-101',
  studentId: 'S001',
  heldAt: '2026-11-07T01:03:00.000Z',
  expiresAt: '2026-11-07T01:18:00.000Z',
};

export const opening = (over: Partial<AlertOf<'opening'>> = {}): AlertOf<'opening'> => ({
  kind: 'opening',
  targetId: 'sister-art',
  child: sister,
  observation: observation(),
  seenAt: '2026-11-07T01:03:00.000Z',
  clashes: [],
  ...over,
});

export const gone = (): AlertOf<'gone'> => ({
  kind: 'gone',
  targetId: 'sister-art',
  child: sister,
  observation: observation({ seats: 0, state: 'full' }),
  seenAt: '2026-11-07T01:05:00.000Z',
});

export const holdMade = (over: Partial<AlertOf<'hold_made'>> = {}): AlertOf<'hold_made'> => ({
  kind: 'hold_made',
  targetId: 'sister-art',
  child: sister,
  observation: observation(),
  hold,
  approveUrl: 'http://192.168.1.5:8787/approve/tok-a',
  releaseUrl: 'http://192.168.1.5:8787/release/tok-r',
  ...over,
});

export const holdFailed = (reason = '购物车已满'): AlertOf<'hold_failed'> => ({
  kind: 'hold_failed',
  targetId: 'sister-art',
  child: sister,
  observation: observation(),
  reason,
});

export const holdReminder = (): AlertOf<'hold_reminder'> => ({
  kind: 'hold_reminder',
  child: sister,
  observation: observation(),
  hold,
  approveUrl: 'http://192.168.1.5:8787/approve/tok-a',
  releaseUrl: 'http://192.168.1.5:8787/release/tok-r',
});

export const holdResult = (
  outcome: AlertOf<'hold_result'>['outcome'] = 'approved',
): AlertOf<'hold_result'> => ({
  kind: 'hold_result',
  child: sister,
  observation: observation(),
  hold,
  outcome,
  order: {
    id: 'O-2026-001',
    courseId: 'ART-101',
    studentId: 'S001',
    status: 'pending_payment',
    createdAt: '2026-11-07T01:10:00.000Z',
  },
  by: '妈妈',
});

export const problem = (over: Partial<AlertOf<'problem'>> = {}): AlertOf<'problem'> => ({
  kind: 'problem',
  problem: 'session_expired',
  accountId: 'mom',
  detail: '账号 mom 的登录已过期',
  next: { code: 'login', accountId: 'mom' },
  since: '2026-11-07T00:58:00.000Z',
  reminder: false,
  ...over,
});

export const recovered = (): AlertOf<'recovered'> => ({
  kind: 'recovered',
  problem: 'session_expired',
  accountId: 'mom',
  since: '2026-11-07T00:58:00.000Z',
  at: '2026-11-07T02:00:00.000Z',
});

export const loginSoon = (): AlertOf<'login_soon'> => ({
  kind: 'login_soon',
  accountId: 'mom',
  expectedEnd: '2026-11-07T06:00:00.000Z',
  loginUrl: 'https://jianlou.example/login/abc.def',
});

export const dailySummary = (over: Partial<AlertOf<'daily_summary'>> = {}): AlertOf<'daily_summary'> => ({
  kind: 'daily_summary',
  checks: 412,
  openings: 1,
  sessions: [{ accountId: 'mom', ok: true }],
  nextCheckAt: '2026-11-07T23:00:00.000Z',
  at: '2026-11-07T13:00:00.000Z',
  ...over,
});

export const testAlert = (): AlertOf<'test'> => ({ kind: 'test', at: '2026-11-07T01:00:00.000Z' });

/** N distinct openings (different courses), as a burst would bring them. */
export const openings = (n: number): AlertOf<'opening'>[] =>
  Array.from({ length: n }, (_, i) =>
    opening({
      targetId: `t${i}`,
      observation: observation({
        courseId: `ART-${100 + i}`,
        title: `少儿国画 ${i + 1} 班`,
        url: `http://127.0.0.1:4173/courses/ART-${100 + i}`,
      }),
    }),
  );

/** A course the child already has, as a clash names it (Saturday 9-10). */
export const booked = (title: string): BookedCourse => ({
  courseId: 'SWIM-201',
  kind: 'order',
  title,
  schedule: { weekday: 6, start: '09:00', end: '10:00' },
});
