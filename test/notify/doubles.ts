import type { z } from 'zod';
import type { KvStore, Outbox, OutboxEntry, OutboxLane } from '../../src/store/types.js';

/**
 * In-memory KvStore and Outbox following the documented semantics of src/store/types.ts, for the
 * notify tests (the real store is built and tested in src/store). Values are stored as JSON and
 * parsed on the way out, like the real thing.
 */
export function memoryKv(): KvStore & { dump(ns: string): Record<string, unknown> } {
  const data = new Map<string, Map<string, string>>();
  const space = (ns: string) => {
    let m = data.get(ns);
    if (!m) {
      m = new Map();
      data.set(ns, m);
    }
    return m;
  };
  return {
    async get<T>(ns: string, key: string, schema: z.ZodType<T>) {
      const raw = space(ns).get(key);
      if (raw === undefined) return undefined;
      const parsed = schema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : undefined;
    },
    async set(ns, key, value) {
      space(ns).set(key, JSON.stringify(value));
    },
    async add(ns, key, value) {
      if (space(ns).has(key)) return false;
      space(ns).set(key, JSON.stringify(value));
      return true;
    },
    async delete(ns, key) {
      return space(ns).delete(key);
    },
    async list<T>(ns: string, schema: z.ZodType<T>) {
      return [...space(ns).entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .flatMap(([key, raw]) => {
          const parsed = schema.safeParse(JSON.parse(raw));
          return parsed.success ? [{ key, value: parsed.data }] : [];
        });
    },
    async close() {},
    dump(ns) {
      return Object.fromEntries([...space(ns).entries()].map(([k, v]) => [k, JSON.parse(v)]));
    },
  };
}

export function memoryOutbox(): Outbox & { all(): OutboxEntry[] } {
  const entries = new Map<string, OutboxEntry>();
  const copy = (e: OutboxEntry): OutboxEntry => structuredClone(e);
  const ordered = (lane: OutboxLane) => [...entries.values()].filter((e) => e.lane === lane);
  const must = (id: string) => {
    const e = entries.get(id);
    if (!e) throw new Error(`outbox entry "${id}" not found`);
    return e;
  };
  return {
    async enqueue(entry) {
      if (entries.has(entry.id)) return false;
      entries.set(entry.id, { ...structuredClone(entry), status: 'pending', attempts: 0 });
      return true;
    },
    async due(lane, now) {
      const out: OutboxEntry[] = [];
      for (const e of ordered(lane)) {
        if (e.status === 'pending' && (!e.notBefore || Date.parse(e.notBefore) <= now.getTime()))
          out.push(copy(e));
        if (e.status === 'running') {
          // Found running: a crash interrupted it, and what it did may have happened. A message is
          // due again every time (re-sent, labelled); an effect once, then failed.
          if (e.lane === 'message' || e.attempts < 2) {
            Object.assign(e, { status: 'pending', uncertain: true, lastError: 'interrupted' });
            out.push(copy(e));
          } else Object.assign(e, { status: 'failed', uncertain: true, lastError: 'interrupted twice' });
        }
      }
      return out;
    },
    async open(lane) {
      return ordered(lane)
        .filter((e) => e.status === 'pending' || e.status === 'running')
        .map(copy);
    },
    async get(id) {
      const e = entries.get(id);
      return e ? copy(e) : undefined;
    },
    async start(id) {
      const e = must(id);
      e.status = 'running';
      e.attempts++;
      return copy(e);
    },
    async done(id, now) {
      Object.assign(must(id), { status: 'done', doneAt: now.toISOString() });
    },
    async retryLater(id, notBefore, error) {
      Object.assign(must(id), { status: 'pending', notBefore: notBefore.toISOString(), lastError: error });
    },
    async fail(id, error) {
      Object.assign(must(id), { status: 'failed', lastError: error });
    },
    all: () => [...entries.values()].map(copy),
  };
}

/** A clock tests move by hand; `sleep` moves it instead of waiting. */
export function fakeClock(start = '2026-11-07T01:00:00.000Z') {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance(ms: number) {
      t += ms;
    },
    sleep: async (ms: number) => {
      t += ms;
    },
  };
}
