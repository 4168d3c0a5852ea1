import { BadInputError } from '../core/errors.js';
import { createMemoryStore } from './memory.js';
import { createSqliteStore, type SqliteStoreOptions } from './sqlite.js';
import type { KvStore } from './types.js';

/**
 * Opens the store named by the config's `store:` URI: `sqlite://PATH` (PATH relative to the working
 * directory; its folder is created) or `memory://` (nothing survives the process).
 */
export async function openStore(uri: string, options: SqliteStoreOptions = {}): Promise<KvStore> {
  if (uri.startsWith('sqlite://')) return createSqliteStore(uri, options);
  if (uri === 'memory://') return createMemoryStore(options);
  throw new BadInputError(
    `store URI "${uri}" has an unknown scheme: use sqlite://./data/jianlou.sqlite or memory://`,
  );
}
