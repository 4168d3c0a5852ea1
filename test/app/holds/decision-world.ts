import { expect } from 'vitest';
import { createHoldDecider } from '../../../src/app/holds/hold-decisions.js';
import type { Runtime } from '../../../src/app/runtime/runtime.js';
import { untilDeadline } from '../../../src/app/runtime/time-box.js';
import type { Alert, Hold, Observation, Order } from '../../../src/core/types.js';
import type { Flow } from '../../../src/flow/types.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';

/** The world of the hold decision tests: an in-memory store, a plain-object flow, calls recorded. */
export const HOLD_ID = 'hold/sister/ART-101/1';
export const NOW = new Date('2027-01-10T01:05:00.000Z');
export const observation: Observation = {
  courseId: 'ART-101',
  title: '少儿国画',
  seats: 1,
  state: 'open',
  url: 'http://portal.test/c/ART-101',
};
export const portalHold: Hold = {
  id: 'C-1',
  courseId: 'ART-101',
  heldAt: '2027-01-10T01:00:00.000Z',
  expiresAt: '2027-01-10T01:15:00.000Z',
};
export const order: Order = {
  id: 'O-1',
  courseId: 'ART-101',
  status: 'pending_payment',
  createdAt: NOW.toISOString(),
};
export const CART = { kind: 'hold_result', outcome: 'approved' } as const;

export interface WorldOptions {
  now?: Date;
  /** watch's second stop signal, given to the decider. */
  stopping?: AbortSignal;
}

export function world(flow: Partial<Flow>, options: WorldOptions = {}) {
  const kv = createMemoryStore();
  const repos = createRepositories(kv);
  const logs: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const log = (level: string) => (obj: Record<string, unknown>, msg: string) =>
    logs.push({ level, obj, msg });
  const calls: string[] = [];
  const sessions: { account: string; options: unknown; signal: unknown }[] = [];
  const ctx = { marker: 'check context' };
  const rt = {
    config: {
      locale: 'zh',
      children: [{ id: 'sister', name: '姐姐', studentId: 'S001' }],
      portal: { baseUrl: 'http://portal.test' },
    },
    repos,
    kv,
    flow: { name: 'fake', ...flow },
    logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
    now: () => options.now ?? NOW,
    async withAccount(
      account: string,
      fn: (c: unknown) => Promise<unknown>,
      signal: AbortSignal | undefined,
      opts: unknown,
    ) {
      sessions.push({ account, options: opts, signal });
      // As the runtime's: given up (here at once) after the signal aborts, whatever `fn` awaits.
      const work = fn(ctx);
      return signal ? untilDeadline(signal, work, `the work for account "${account}"`, 0) : work;
    },
  } as unknown as Runtime;
  const alerts = async (): Promise<{ id: string; alert: Alert }[]> =>
    (await repos.outbox.open('message')).map((e) => ({ id: e.id, alert: e.payload as Alert }));
  const hold = async (extra: Record<string, unknown> = {}) => {
    await repos.holds.create({
      id: HOLD_ID,
      accountId: 'mom',
      targetId: 'art',
      childId: 'sister',
      courseId: 'ART-101',
      title: '少儿国画',
      portal: portalHold,
      status: 'held',
      createdAt: '2027-01-10T01:00:00.000Z',
      ...extra,
    } as never);
    await repos.observations.save('mom', [observation], new Date('2027-01-10T01:00:00.000Z'));
  };
  const decider = createHoldDecider(rt, options.stopping);
  const recorded = (flowCall: string) => calls.push(flowCall);
  return { rt, repos, kv, logs, calls, sessions, ctx, alerts, hold, decider, recorded };
}

export const errOf = (line: { obj: Record<string, unknown> } | undefined): unknown => line?.obj.err;

/** A cart flow whose confirm submits `order` and whose release gives the seat back. */
export function cartWorld(extra: Partial<Flow> = {}, options: WorldOptions = {}) {
  let w: ReturnType<typeof world>;
  const flow: Partial<Flow> = {
    async confirm(c, h) {
      expect(c).toBe(w.ctx);
      w.recorded(`confirm ${h.id}`);
      return order;
    },
    async release(c, h) {
      expect(c).toBe(w.ctx);
      w.recorded(`release ${h.id}`);
    },
    ...extra,
  };
  w = world(flow, options);
  return w;
}
