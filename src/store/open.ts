import { createMemoryStore } from './memory.js';
import { createSqliteStore, type SqliteStoreOptions } from './sqlite.js';
import type { KvStore } from './types.js';

/** Where the store lives, as the config resolved it (src/config/store.ts reads the `store:` URI). */
export type StoreLocation = { kind: 'sqlite'; path: string } | { kind: 'memory' };

/** Opens a sqlite file (its folder is created; `:memory:` for a private in-memory one) or a memory store. */
export async function openStore(location: StoreLocation, options: SqliteStoreOptions = {}): Promise<KvStore> {
  return location.kind === 'sqlite' ? createSqliteStore(location.path, options) : createMemoryStore(options);
}
