import { Writable } from 'node:stream';
import type { Runtime } from '../../../src/app/runtime/runtime.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Hold, Observation } from '../../../src/core/types.js';
import type { OwnedFlowContext } from '../../../src/flow/context.js';
import type { Flow } from '../../../src/flow/types.js';
import { createLogger } from '../../../src/log/logger.js';
import type { HoldRecord } from '../../../src/store/holds.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';

/**
 * An in-process runtime for the hold sweep and the commitments read (issue 26, test strength): the
 * memory store, a clock the test moves, a plain-object flow, a logger whose lines the test reads,
 * and a `withAccount` that hands out a plain context and remembers how it was called.
 */

export const T0 = new Date('2026-07-01T02:00:00.000Z');
export const at = (minutes: number, seconds = 0) =>
  new Date(T0.getTime() + minutes * 60_000 + seconds * 1000);

export const config = parseConfig(
  `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173" }
accounts: [{ id: mom }, { id: dad }]
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
  - { id: brother, name: 弟弟, account: mom, studentId: S002 }
  - { id: cousin, name: 表哥, account: dad }
targets:
  - { child: sister, courses: [ART-101] }
policy: { holdReminderMinutes: 5 }
`,
  '/srv/jl/jianlou.yaml',
  {},
);

export const portalHold = (over: Partial<Hold> = {}): Hold => ({
  id: 'cart-1',
  courseId: 'ART-101',
  studentId: 'S001',
  heldAt: T0.toISOString(),
  expiresAt: at(20).toISOString(),
  ...over,
});

export const observation = (courseId = 'ART-101', over: Partial<Observation> = {}): Observation => ({
  courseId,
  title: `课程 ${courseId}`,
  seats: 2,
  state: 'open',
  url: `http://127.0.0.1:4173/courses/${courseId}`,
  schedule: { weekday: 6, start: '09:00', end: '10:30' },
  ...over,
});

export const holdRecord = (over: Partial<HoldRecord> = {}): HoldRecord => ({
  id: 'h1',
  accountId: 'mom',
  targetId: 'sister-ART-101',
  childId: 'sister',
  courseId: 'ART-101',
  title: '少儿美术',
  portal: portalHold(),
  status: 'held',
  decisions: [],
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
  ...over,
});

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export function holdsWorld(flow: Partial<Flow> = {}) {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)) as LogLine);
      done();
    },
  });
  const kv = createMemoryStore();
  const repos = createRepositories(kv);
  let now = T0;
  const accountCalls: { accountId: string; signal: unknown; options: unknown; ctx: OwnedFlowContext }[] = [];
  const ctxOf = (accountId: string) => ({ accountId }) as unknown as OwnedFlowContext;
  let linksOn = true;
  const rt = {
    config,
    kv,
    repos,
    flow: { name: 'fake', ...flow } as Flow,
    logger: createLogger({ destination, level: 'debug' }),
    now: () => now,
    links: (holdId: string, expiresAt: Date) =>
      linksOn
        ? {
            approveUrl: `https://family.example/a/${holdId}?until=${expiresAt.toISOString()}`,
            releaseUrl: `https://family.example/r/${holdId}?until=${expiresAt.toISOString()}`,
          }
        : undefined,
    async withAccount<T>(
      accountId: string,
      fn: (ctx: OwnedFlowContext) => Promise<T>,
      signal?: AbortSignal,
      options?: { save?: boolean },
    ): Promise<T> {
      const ctx = ctxOf(accountId);
      accountCalls.push({ accountId, signal, options, ctx });
      return fn(ctx);
    },
  } satisfies Partial<Runtime>;
  return {
    rt,
    repos,
    kv,
    lines,
    accountCalls,
    ctxOf,
    setNow(date: Date) {
      now = date;
    },
    noLinks() {
      linksOn = false;
    },
    async store(...records: HoldRecord[]) {
      for (const r of records) await repos.holds.create(r);
    },
    /** The messages queued so far, oldest first: id and payload. */
    async queued() {
      return (await repos.outbox.open('message')).map((e) => ({ id: e.id, payload: e.payload }));
    },
    warnings: () => lines.filter((l) => l.level === 40),
  };
}
