import { expect } from 'vitest';
import { runHoldEffect } from '../../../src/app/holds/hold-effect.js';
import type { HoldEffect } from '../../../src/app/holds/hold-records.js';
import type { Runtime } from '../../../src/app/runtime/runtime.js';
import type { Alert, Hold, Observation } from '../../../src/core/types.js';
import type { Flow } from '../../../src/flow/types.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';

/** The world of the hold effect tests: an in-memory store, a plain-object flow, calls recorded. */
export const observation: Observation = {
  courseId: 'ART-101',
  title: '少儿国画',
  seats: 1,
  state: 'open',
  url: 'http://portal.test/c/ART-101',
  schedule: { weekday: 6, start: '09:00', end: '10:30', date: '2027-01-16' },
};
export const NOW = new Date('2027-01-10T01:00:00.000Z');
export const made: Hold = {
  id: 'C-1',
  courseId: 'ART-101',
  studentId: 'S001',
  heldAt: '2027-01-10T01:00:00.000Z',
  expiresAt: '2027-01-10T01:15:00.000Z',
};
export const effect: HoldEffect = {
  type: 'hold',
  id: 'hold/sister/ART-101/1',
  targetId: 'art',
  accountId: 'mom',
  childId: 'sister',
  courseId: 'ART-101',
  observation,
};
export const ctx = { marker: 'the check context' };

export function world(flow: Partial<Flow>, options: { links?: boolean } = {}) {
  const kv = createMemoryStore();
  const repos = createRepositories(kv);
  const logs: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const log = (level: string) => (obj: Record<string, unknown>, msg: string) =>
    logs.push({ level, obj, msg });
  const linkAsks: { id: string; expiresAt: Date }[] = [];
  const rt = {
    config: {
      locale: 'zh',
      children: [
        { id: 'brother', name: '弟弟', studentId: 'S002' },
        { id: 'sister', name: '姐姐', studentId: 'S001' },
      ],
      portal: { baseUrl: 'http://portal.test' },
    },
    repos,
    flow: { name: 'fake', ...flow },
    logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
    now: () => NOW,
    links: (id: string, expiresAt: Date) => {
      linkAsks.push({ id, expiresAt });
      return options.links === false
        ? undefined
        : { approveUrl: `http://x/a/${id}`, releaseUrl: `http://x/r/${id}` };
    },
  } as unknown as Runtime;
  const alerts = async (): Promise<Alert[]> =>
    (await repos.outbox.open('message')).map((e) => e.payload as Alert);
  const alertIds = async (): Promise<string[]> => (await repos.outbox.open('message')).map((e) => e.id);
  return { rt, repos, logs, alerts, alertIds, linkAsks };
}

/** A flow whose hold puts `made` in the cart and whose cart lists `inCart`; calls are recorded. */
export function cartFlow(inCart: Hold[], extra: Partial<Flow> = {}) {
  const calls: string[] = [];
  const flow: Partial<Flow> = {
    async hold(context, course, child) {
      expect(context).toBe(ctx);
      calls.push(`hold ${course.id} for ${child.id}`);
      return made;
    },
    async listHolds(context) {
      expect(context).toBe(ctx);
      calls.push('listHolds');
      return inCart;
    },
    async release(context, hold) {
      expect(context).toBe(ctx);
      calls.push(`release ${hold.id}`);
    },
    ...extra,
  };
  return { flow, calls };
}

export const errOf = (w: ReturnType<typeof world>, i: number): unknown => w.logs[i]?.obj.err;

export const run = (w: ReturnType<typeof world>) => runHoldEffect(w.rt, effect, ctx as never);
