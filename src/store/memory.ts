import type { z } from 'zod';
import { JianlouError } from '../core/errors.js';
import {
  assertKey,
  assertNamespace,
  byKey,
  decodeValue,
  encodeValue,
  parseJson,
  type StoreOptions,
} from './codec.js';
import type { KvStore } from './types.js';

/**
 * The in-memory twin of the sqlite store (tests, `store: memory://`). Values are kept as JSON text so
 * that what comes back is a copy shaped exactly like a sqlite round trip.
 */
export function createMemoryStore(options: StoreOptions = {}): KvStore {
  const spaces = new Map<string, Map<string, string>>();
  let closed = false;

  function space(ns: string, key?: string): Map<string, string> {
    if (closed) throw new JianlouError(`memory store is closed (namespace "${ns}")`);
    assertNamespace(ns);
    if (key !== undefined) assertKey(ns, key);
    let map = spaces.get(ns);
    if (!map) {
      map = new Map();
      spaces.set(ns, map);
    }
    return map;
  }

  return {
    async get<T>(ns: string, key: string, schema: z.ZodType<T>) {
      const text = space(ns, key).get(key);
      if (text === undefined) return undefined;
      return decodeValue(ns, key, parseJson(text), schema, options.onInvalid);
    },
    async set(ns, key, value) {
      const map = space(ns, key);
      map.set(key, encodeValue(ns, key, value));
    },
    async add(ns, key, value) {
      const map = space(ns, key);
      const text = encodeValue(ns, key, value);
      if (map.has(key)) return false;
      map.set(key, text);
      return true;
    },
    async delete(ns, key) {
      return space(ns, key).delete(key);
    },
    async list<T>(ns: string, schema: z.ZodType<T>) {
      const out: { key: string; value: T }[] = [];
      for (const [key, text] of space(ns)) {
        const value = decodeValue(ns, key, parseJson(text), schema, options.onInvalid);
        if (value !== undefined) out.push({ key, value });
      }
      return out.sort(byKey);
    },
    async close() {
      closed = true;
      spaces.clear();
    },
  };
}
