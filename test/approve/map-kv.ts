import type { z } from 'zod';
import type { KvStore } from '../../src/store/types.js';

/**
 * A Map-based KvStore for the approval tests (the real store lives in src/store). Values are kept
 * as JSON text, as a real backend would, and parsed with the caller's schema on the way out.
 */
export function createMapKv(): KvStore & { size(): number } {
  const data = new Map<string, string>();
  const k = (ns: string, key: string) => `${ns}\u0000${key}`;
  const parse = <T>(raw: string | undefined, schema: z.ZodType<T>): T | undefined => {
    if (raw === undefined) return undefined;
    const r = schema.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  };
  return {
    async get(ns, key, schema) {
      return parse(data.get(k(ns, key)), schema);
    },
    async set(ns, key, value) {
      data.set(k(ns, key), JSON.stringify(value));
    },
    async add(ns, key, value) {
      // Check and write in one synchronous step: the first caller wins, like the real store's add.
      if (data.has(k(ns, key))) return false;
      data.set(k(ns, key), JSON.stringify(value));
      return true;
    },
    async delete(ns, key) {
      return data.delete(k(ns, key));
    },
    async list(ns, schema) {
      const prefix = `${ns}\u0000`;
      return [...data.keys()]
        .filter((key) => key.startsWith(prefix))
        .sort()
        .flatMap((key) => {
          const value = parse(data.get(key), schema);
          return value === undefined ? [] : [{ key: key.slice(prefix.length), value }];
        });
    },
    async close() {},
    size: () => data.size,
  };
}
