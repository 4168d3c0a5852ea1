import type { StorageState } from './launch.js';

type Cookie = StorageState['cookies'][number];
type Origin = StorageState['origins'][number];
type Item = Origin['localStorage'][number];

const cookieKey = (c: Cookie) => `${c.name}\t${c.domain}\t${c.path}`;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies what one side changed (from `base` to `ours`) onto `theirs`: set or changed entries win,
 * entries this side removed go unless `theirs` changed them meanwhile. Keyed by `key`.
 */
function mergeEntries<T>(base: T[], ours: T[], theirs: T[], key: (t: T) => string): T[] {
  const before = new Map(base.map((t) => [key(t), t]));
  const now = new Map(ours.map((t) => [key(t), t]));
  const result = new Map(theirs.map((t) => [key(t), t]));
  for (const [k, t] of now) if (!before.has(k) || !same(before.get(k), t)) result.set(k, t);
  for (const [k, t] of before) if (!now.has(k) && same(result.get(k), t)) result.delete(k);
  return [...result.values()];
}

/**
 * The session file to write after a context worked with the portal: the file as it is now
 * (`theirs`, which a login or another context may have rewritten meanwhile) with this context's
 * own changes since it was opened (`base` → `ours`): a cookie the hold set, a cart in
 * localStorage, a refreshed token. A fresh login saved meanwhile is never undone by a context that
 * still carries the old cookies it did not touch.
 */
export function mergeStorageState(
  base: StorageState,
  ours: StorageState,
  theirs: StorageState,
): StorageState {
  const cookies = mergeEntries(base.cookies, ours.cookies, theirs.cookies, cookieKey);
  const itemsOf = (s: StorageState, origin: string): Item[] =>
    s.origins.find((o) => o.origin === origin)?.localStorage ?? [];
  const names = [...new Set([...theirs.origins, ...ours.origins, ...base.origins].map((o) => o.origin))];
  const origins: Origin[] = names
    .map((origin) => ({
      origin,
      localStorage: mergeEntries(
        itemsOf(base, origin),
        itemsOf(ours, origin),
        itemsOf(theirs, origin),
        (i) => i.name,
      ),
    }))
    .filter((o) => o.localStorage.length > 0);
  return { cookies, origins };
}
