import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { KeyvSqlite } from '@keyv/sqlite';
import Keyv, { type DeserializedData } from 'keyv';
import type { z } from 'zod';
import { JianlouError } from '../core/errors.js';
import {
  assertKey,
  assertNamespace,
  byKey,
  CorruptRecord,
  decodeValue,
  encodeValue,
  parseJson,
  type StoreOptions,
} from './codec.js';
import type { KvStore } from './types.js';

export interface SqliteStoreOptions extends StoreOptions {
  /** How long a statement waits for another connection's write lock before failing (default 5000). */
  busyTimeoutMs?: number;
}

const TABLE = 'keyv';
/** Rows fetched per page by the adapter's iterator (its default of 10 makes `list` chatty). */
const ITERATION_LIMIT = 500;

/** keyv wraps each value as `{ value, expires }`; we store that envelope as plain JSON. */
function serialize<V>(data: DeserializedData<V>): string {
  return JSON.stringify(data);
}

function deserialize<V>(text: string): DeserializedData<V> | undefined {
  const parsed = parseJson(text);
  if (parsed instanceof CorruptRecord) return { value: parsed as V };
  if (typeof parsed !== 'object' || parsed === null || !('value' in parsed)) {
    return { value: new CorruptRecord(new Error('record has no keyv value envelope')) as V };
  }
  return parsed as DeserializedData<V>;
}

/** The database holds approval links: owner only, whatever the umask. */
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** Creates the database file owner-only before SQLite does (it would use the umask). */
async function createPrivateFile(path: string): Promise<void> {
  await mkdir(dirname(resolve(path)), { recursive: true, mode: DIR_MODE });
  try {
    await writeFile(path, '', { flag: 'wx', mode: FILE_MODE });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/**
 * Narrows the database and its journal files to owner-only, also for files made by older versions.
 * SQLite gives new -wal/-shm files the database file's mode, so later ones follow.
 */
async function restrictFiles(path: string): Promise<void> {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    let mode: number;
    try {
      mode = (await stat(file)).mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if ((mode & 0o077) !== 0) await chmod(file, FILE_MODE);
  }
}

/**
 * The durable store: keyv 5 over @keyv/sqlite (one connection, WAL journal). Keys are written as
 * `ns:key` by us rather than by keyv namespaces, because a keyv namespace lives on the shared
 * adapter object and the last Keyv created would silently win; listing goes through the adapter's
 * iterator with an explicit namespace and an exact prefix check.
 */
/** `path` is the database file (relative to the working directory), or `:memory:`. */
export async function createSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<KvStore> {
  const inMemory = path === ':memory:';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) {
    // A URL here would become a folder named "sqlite:" in the working directory.
    throw new JianlouError(
      `createSqliteStore takes a file path, not a URL (got "${path.slice(0, 12)}…"): pass the path after sqlite://`,
    );
  }
  if (!inMemory) {
    try {
      await createPrivateFile(path);
    } catch (error) {
      throw new JianlouError(`cannot create store sqlite://${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  const adapter = new KeyvSqlite({
    uri: `sqlite://${path}`,
    table: TABLE,
    busyTimeout: options.busyTimeoutMs ?? 5000,
    iterationLimit: ITERATION_LIMIT,
  });
  const keyv = new Keyv<unknown>(adapter, {
    namespace: undefined,
    serialize,
    deserialize,
    throwOnErrors: true,
  });
  // Failures reach the caller as rejections (throwOnErrors); without a listener EventEmitter would
  // additionally throw from inside keyv's own error path.
  keyv.on('error', () => {});

  try {
    if (!inMemory) {
      await adapter.query('PRAGMA journal_mode=WAL');
      // WAL with synchronous=NORMAL: a commit no longer waits for the disk (fsync happens at
      // checkpoints), which made a warm cycle's three writes cost more than its request. The file
      // stays consistent through a killed process and a power cut; only a power cut (or an OS crash)
      // may take back the last commits before it — a process crash loses nothing.
      await adapter.query('PRAGMA synchronous=NORMAL');
      await restrictFiles(path);
    }
  } catch (error) {
    await adapter.disconnect().catch(() => {});
    throw new JianlouError(`cannot open store sqlite://${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }

  let closed = false;
  const full = (ns: string, key: string) => `${ns}:${key}`;
  function check(ns: string, key?: string): void {
    if (closed) throw new JianlouError(`store sqlite://${path} is closed (namespace "${ns}")`);
    assertNamespace(ns);
    if (key !== undefined) assertKey(ns, key);
  }

  return {
    async get<T>(ns: string, key: string, schema: z.ZodType<T>) {
      check(ns, key);
      const raw = await keyv.get(full(ns, key));
      if (raw === undefined) return undefined;
      return decodeValue(ns, key, raw, schema, options.onInvalid);
    },
    async set(ns, key, value) {
      check(ns, key);
      await keyv.set(full(ns, key), JSON.parse(encodeValue(ns, key, value)));
    },
    async add(ns, key, value) {
      check(ns, key);
      // keyv has no "set if absent"; one INSERT … DO NOTHING keeps it atomic even across processes.
      const text = serialize({ value: JSON.parse(encodeValue(ns, key, value)) });
      const rows: unknown[] = await adapter.query(
        `INSERT INTO ${TABLE} (key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING RETURNING key`,
        full(ns, key),
        text,
      );
      return rows.length === 1;
    },
    async delete(ns, key) {
      check(ns, key);
      return keyv.delete(full(ns, key));
    },
    async list<T>(ns: string, schema: z.ZodType<T>) {
      check(ns);
      const prefix = `${ns}:`;
      const out: { key: string; value: T }[] = [];
      const seen = new Set<string>();
      for await (const [fullKey, text] of adapter.iterator(ns) as AsyncGenerator<[string, string]>) {
        // LIKE is case-insensitive in SQLite: keep the exact prefix only.
        if (!fullKey.startsWith(prefix) || seen.has(fullKey)) continue;
        seen.add(fullKey);
        const key = fullKey.slice(prefix.length);
        const envelope = deserialize<unknown>(text);
        const value = decodeValue(ns, key, envelope?.value, schema, options.onInvalid);
        if (value !== undefined) out.push({ key, value });
      }
      return out.sort(byKey);
    },
    async close() {
      if (closed) return;
      closed = true;
      await keyv.disconnect();
    },
  };
}
