import type { z } from 'zod';
import { NS } from './namespaces.js';
import type { KvStore } from './types.js';

/** One JSON document (namespace `state`), re-validated with its schema when loaded. */
export interface StateRepo<T> {
  /** undefined when absent or when the stored document no longer fits the schema (then reported). */
  load(): Promise<T | undefined>;
  save(state: T): Promise<void>;
}

/**
 * E.g. `createStateRepo(kv, 'watch', watchStateSchema)` for the engine's WatchState. With `owned`
 * (the engine's own state: only the process holding the store's lock writes it) the document this
 * repo loaded or saved last is kept, and later loads return a copy of it instead of reading the store.
 */
export function createStateRepo<T>(
  kv: KvStore,
  key: string,
  schema: z.ZodType<T>,
  options: { owned?: boolean } = {},
): StateRepo<T> {
  let kept: T | undefined;
  return {
    async load() {
      if (kept !== undefined) return structuredClone(kept);
      const loaded = await kv.get(NS.state, key, schema);
      if (options.owned && loaded !== undefined) kept = structuredClone(loaded);
      return loaded;
    },
    async save(state) {
      const parsed = schema.parse(state);
      // Forgotten first: after a failed write the next load reads what the store really has.
      kept = undefined;
      await kv.set(NS.state, key, parsed);
      if (options.owned) kept = structuredClone(parsed);
    },
  };
}
