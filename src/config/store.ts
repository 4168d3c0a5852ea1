import { dirname, isAbsolute, join, resolve } from 'node:path';

/**
 * The store the config names, resolved once: the only place the `sqlite://` prefix is read.
 * `lockPath` is the one-engine-per-store lock file; `tracesDir` keeps traces of failed checks
 * (they hold cookies: a private folder beside the store).
 */
export type StoreSettings =
  | { kind: 'sqlite'; path: string; lockPath: string | undefined; tracesDir: string }
  | { kind: 'memory'; path?: undefined; lockPath?: undefined; tracesDir: string };

export const STORE_URI = /^(sqlite:\/\/.+|memory:\/\/)$/;

/** `uri` was validated by the schema (STORE_URI); a relative PATH is resolved against `dir`. */
export function resolveStore(uri: string, dir: string): StoreSettings {
  if (!uri.startsWith('sqlite://')) return { kind: 'memory', tracesDir: join(dir, 'data', 'traces') };
  const raw = uri.slice('sqlite://'.length);
  if (raw === ':memory:') {
    return { kind: 'sqlite', path: raw, lockPath: undefined, tracesDir: join(dir, 'data', 'traces') };
  }
  const path = isAbsolute(raw) ? raw : resolve(dir, raw);
  return { kind: 'sqlite', path, lockPath: `${path}.lock`, tracesDir: join(dirname(path), 'traces') };
}

/** How the store is shown to a person (doctor, errors): `sqlite:///abs/path` or `memory://`. */
export function describeStore(store: StoreSettings): string {
  return store.kind === 'sqlite' ? `sqlite://${store.path}` : 'memory://';
}
