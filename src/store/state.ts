import type { z } from 'zod';
import { NS } from './namespaces.js';
import type { KvStore } from './types.js';

/** One JSON document (namespace `state`), re-validated with its schema when loaded. */
export interface StateRepo<T> {
  /** undefined when absent or when the stored document no longer fits the schema (then reported). */
  load(): Promise<T | undefined>;
  /** `always`: written even when it equals what the store holds apart from the `unsaved` fields. */
  save(state: T, options?: { always?: boolean }): Promise<void>;
}

export interface StateRepoOptions<T> {
  owned?: boolean;
  /**
   * With `owned`: top-level fields whose change alone is not written to the store (a save that
   * differs from the kept document only in these keeps it in memory and writes nothing).
   */
  unsaved?: (keyof T & string)[];
}

/** The document without the `unsaved` fields, as JSON: what must reach the store. */
function essence<T>(state: T, unsaved: string[]): string {
  if (unsaved.length === 0 || typeof state !== 'object' || state === null) return JSON.stringify(state);
  const copy: Record<string, unknown> = { ...(state as Record<string, unknown>) };
  for (const k of unsaved) delete copy[k];
  return JSON.stringify(copy);
}

/**
 * E.g. `createStateRepo(kv, 'watch', watchStateSchema)` for the engine's WatchState. With `owned`
 * (the engine's own state: only the process holding the store's lock writes it) the document this
 * repo loaded or saved last is kept, and later loads return a copy of it instead of reading the store;
 * a save equal to what the store holds (apart from the `unsaved` fields) writes nothing.
 */
export function createStateRepo<T>(
  kv: KvStore,
  key: string,
  schema: z.ZodType<T>,
  options: StateRepoOptions<T> = {},
): StateRepo<T> {
  let kept: T | undefined;
  /** The essence of what the store holds (owned repos only). */
  let stored: string | undefined;
  /** Owned: the store was read and holds no (valid) document; what this repo saves comes next. */
  let absent = false;
  const unsaved = options.unsaved ?? [];
  return {
    async load() {
      if (kept !== undefined) return structuredClone(kept);
      if (absent) return undefined;
      const loaded = await kv.get(NS.state, key, schema);
      if (options.owned && loaded === undefined) absent = true;
      if (options.owned && loaded !== undefined) {
        kept = structuredClone(loaded);
        stored = essence(loaded, unsaved);
      }
      return loaded;
    },
    async save(state, how = {}) {
      const parsed = schema.parse(state);
      // `parsed` is the schema's own copy (zod builds new objects): the caller's object is not kept.
      if (options.owned && !how.always && stored !== undefined && essence(parsed, unsaved) === stored) {
        // Nothing the store must have changed (a quiet check): kept in memory only.
        kept = parsed;
        return;
      }
      // Forgotten first: after a failed write the next load reads what the store really has.
      kept = undefined;
      stored = undefined;
      absent = false;
      await kv.set(NS.state, key, parsed);
      if (options.owned) {
        kept = parsed;
        stored = essence(parsed, unsaved);
      }
    },
  };
}
