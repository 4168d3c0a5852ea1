import type { z } from 'zod';
import { NS } from './namespaces.js';
import type { KvStore } from './types.js';

/** One JSON document (namespace `state`), re-validated with its schema when loaded. */
export interface StateRepo<T> {
  /** undefined when absent or when the stored document no longer fits the schema (then reported). */
  load(): Promise<T | undefined>;
  save(state: T): Promise<void>;
}

/** E.g. `createStateRepo(kv, 'watch', watchStateSchema)` for the engine's WatchState. */
export function createStateRepo<T>(kv: KvStore, key: string, schema: z.ZodType<T>): StateRepo<T> {
  return {
    load: () => kv.get(NS.state, key, schema),
    save: (state) => kv.set(NS.state, key, schema.parse(state)),
  };
}
