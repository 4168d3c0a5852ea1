import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BadInputError, JianlouError } from '../core/errors.js';
import { createLock } from './lock.js';
import { NS } from './namespaces.js';
import type { KvStore, Outbox, OutboxEntry, OutboxLane } from './types.js';

/** Identifies this process run; an entry 'running' under another owner was cut off by a crash. */
const THIS_PROCESS = randomUUID();

const recordSchema = z.object({
  id: z.string(),
  lane: z.enum(['message', 'effect']),
  payload: z.unknown(),
  createdAt: z.string(),
  status: z.enum(['pending', 'running', 'done', 'failed']),
  attempts: z.number().int().min(0),
  notBefore: z.string().optional(),
  lastError: z.string().optional(),
  doneAt: z.string().optional(),
  /** Tie-breaker for entries with the same createdAt: enqueue order. */
  seq: z.number().int(),
  /** The process that started the current run. */
  owner: z.string().optional(),
  /** How many runs were cut off by a crash. */
  interruptions: z.number().int().min(0).default(0),
  startedAt: z.string().optional(),
  /** A run was cut off by a crash: its work may have happened (see OutboxEntry.uncertain). */
  uncertain: z.boolean().optional(),
});
type OutboxRecord = z.infer<typeof recordSchema>;

const seqSchema = z.number().int().min(0);
const SEQ_KEY = 'outbox-seq';

export interface OutboxOptions {
  /** Who "this process" is (tests simulate a restart with a new id). Defaults to a per-process UUID. */
  processId?: string;
}

/** The outbox plus housekeeping the port does not need. */
export interface MaintainedOutbox extends Outbox {
  /**
   * This process gave up on a running entry (its check's deadline, a stop): the crash rule applies
   * as if it had died there — due again marked uncertain, an effect once only (a second interruption
   * fails it). Returns the entry's status afterwards.
   */
  interrupted(id: string, why: string): Promise<'pending' | 'failed'>;
  /** Deletes done and failed entries finished before `before` (failed ones by createdAt); returns how many. */
  prune(before: Date): Promise<number>;
}

function toEntry(record: OutboxRecord): OutboxEntry {
  const { seq: _seq, owner: _owner, interruptions: _interruptions, startedAt: _startedAt, ...entry } = record;
  return entry;
}

function order(a: OutboxRecord, b: OutboxRecord): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,UnaryOperator: every store lists by key, so a tie on time and seq arrives in id order already
  return Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.seq - b.seq || (a.id < b.id ? -1 : 1);
}

const CRASHED = 'interrupted: the process stopped while this was running';

/**
 * What a record found 'running' under another process (cut off by a crash) becomes. It is marked
 * uncertain either way: its work may have happened. An effect acts on the portal, so it is redone
 * once, never twice (a second interruption fails it); a message is re-sent (labelled) however often
 * it was cut off, since a crash must never lose an alert.
 */
function afterCrash(record: OutboxRecord, why = CRASHED): OutboxRecord {
  const interruptions = record.interruptions + 1;
  const base = { ...record, owner: undefined, interruptions, uncertain: true };
  if (record.lane === 'message') {
    const times = interruptions === 1 ? '' : ` (${interruptions} times)`;
    return { ...base, status: 'pending', lastError: `${why}${times}` };
  }
  return interruptions < 2
    ? { ...base, status: 'pending', lastError: why }
    : { ...base, status: 'failed', lastError: `${why} (twice)` };
}

/**
 * The outbox over any KvStore (namespace `outbox`). Create one per store and share it: read-modify-
 * write steps are serialized inside this object. Crash rule (see `afterCrash`): an entry still
 * 'running' under another process id is due again, marked uncertain; an effect only once (a second
 * interruption fails it), a message every time. Entries retried with `retryLater` keep their crash
 * allowance.
 * One process per store file is assumed: another live process's running entries would look crashed.
 */
export function createOutbox(kv: KvStore, options: OutboxOptions = {}): MaintainedOutbox {
  const processId = options.processId ?? THIS_PROCESS;
  const lock = createLock();
  /**
   * The effect lane's unfinished ids (pending or running) as this object knows them, once one
   * `due('effect')` has read the lane; undefined until then and after a failed step. Only the process
   * holding the store's lock (the engine) queues and runs effects, so what it knows stays true, and
   * a check whose lane is empty does not read the outbox. Messages are queued by other processes
   * too (the approval server): that lane is always read.
   */
  let openEffects: Set<string> | undefined;
  const forgetOnError = <T>(step: Promise<T>): Promise<T> =>
    step.catch((error: unknown) => {
      openEffects = undefined;
      throw error;
    });

  async function load(id: string): Promise<OutboxRecord> {
    const record = await kv.get(NS.outbox, id, recordSchema);
    if (!record) throw new JianlouError(`outbox entry "${id}" not found`);
    return record;
  }

  async function all(lane: OutboxLane): Promise<OutboxRecord[]> {
    const rows = await kv.list(NS.outbox, recordSchema);
    return rows.map((r) => r.value).filter((r) => r.lane === lane);
  }

  async function update(id: string, change: (r: OutboxRecord) => OutboxRecord): Promise<OutboxRecord> {
    return lock.run(async () => {
      const next = change(await load(id));
      await kv.set(NS.outbox, id, next);
      return next;
    });
  }

  return {
    enqueue(entry) {
      if (Number.isNaN(Date.parse(entry.createdAt))) {
        return Promise.reject(
          new BadInputError(
            `outbox entry "${entry.id}" has createdAt "${entry.createdAt}", not an ISO-8601 instant`,
          ),
        );
      }
      return lock.run(async () => {
        const seq = ((await kv.get(NS.outboxMeta, SEQ_KEY, seqSchema)) ?? 0) + 1;
        const record: OutboxRecord = {
          id: entry.id,
          lane: entry.lane,
          payload: entry.payload,
          createdAt: entry.createdAt,
          status: 'pending',
          attempts: 0,
          seq,
          interruptions: 0,
        };
        // Known open before the write: a write that fails (or lands unanswered) is looked for next time.
        if (entry.lane === 'effect') openEffects?.add(entry.id);
        const added = await kv.add(NS.outbox, entry.id, record);
        // Stryker disable next-line ConditionalExpression: a skipped sequence number leaves the order as it was
        if (added) await kv.set(NS.outboxMeta, SEQ_KEY, seq);
        return added;
      });
    },

    due(lane, now) {
      if (lane === 'effect' && openEffects?.size === 0) return Promise.resolve([]);
      return lock.run(async () => {
        const ready: OutboxRecord[] = [];
        const open = new Set<string>();
        for (const record of await all(lane)) {
          if (record.status === 'pending' || record.status === 'running') open.add(record.id);
          if (record.status === 'running' && record.owner !== processId) {
            const next = afterCrash(record);
            await kv.set(NS.outbox, record.id, next);
            if (next.status === 'pending') ready.push(next);
            else open.delete(record.id);
            continue;
          }
          if (record.status !== 'pending') continue;
          if (record.notBefore && Date.parse(record.notBefore) > now.getTime()) continue;
          ready.push(record);
        }
        if (lane === 'effect') openEffects = open;
        return ready.sort(order).map(toEntry);
      });
    },

    async open(lane) {
      const rows = await all(lane);
      return rows
        .filter((r) => r.status === 'pending' || r.status === 'running')
        .sort(order)
        .map(toEntry);
    },

    async get(id) {
      const record = await kv.get(NS.outbox, id, recordSchema);
      return record && toEntry(record);
    },

    async start(id, now) {
      const next = await update(id, (r) => {
        if (r.status === 'done' || r.status === 'failed') {
          throw new JianlouError(`outbox entry "${id}" is already ${r.status}; it cannot start again`);
        }
        // Stryker disable next-line ConditionalExpression: only a running entry has an owner (`true && …` is the same test)
        if (r.status === 'running' && r.owner === processId) {
          throw new JianlouError(`outbox entry "${id}" is already running`);
        }
        return {
          ...r,
          status: 'running',
          attempts: r.attempts + 1,
          owner: processId,
          startedAt: now.toISOString(),
        };
      });
      return toEntry(next);
    },

    async done(id, now) {
      await forgetOnError(
        update(id, (r) => ({ ...r, status: 'done', owner: undefined, doneAt: now.toISOString() })),
      );
      openEffects?.delete(id);
    },

    async interrupted(id, why) {
      const next = await forgetOnError(update(id, (r) => afterCrash(r, `interrupted: ${why}`)));
      if (next.status === 'failed') openEffects?.delete(id);
      return next.status === 'failed' ? 'failed' : 'pending';
    },

    async retryLater(id, notBefore, error) {
      await update(id, (r) => ({
        ...r,
        status: 'pending',
        owner: undefined,
        notBefore: notBefore.toISOString(),
        lastError: error,
      }));
    },

    async fail(id, error) {
      await forgetOnError(
        update(id, (r) => ({ ...r, status: 'failed', owner: undefined, lastError: error })),
      );
      openEffects?.delete(id);
    },

    prune(before) {
      return lock.run(async () => {
        let removed = 0;
        for (const { key, value } of await kv.list(NS.outbox, recordSchema)) {
          if (value.status !== 'done' && value.status !== 'failed') continue;
          const finishedAt = Date.parse(value.doneAt ?? value.createdAt);
          if (finishedAt < before.getTime() && (await kv.delete(NS.outbox, key))) removed++;
        }
        return removed;
      });
    },
  };
}
