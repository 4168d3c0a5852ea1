import type { BrowserContext } from 'playwright';

/** The localStorage part of a Playwright storage state. */
export interface SavedOrigins {
  origins: { origin: string; localStorage: { name: string; value: string }[] }[];
}

/** Cheap reads of what the saved session keeps besides cookies (a bearer token, a user id). */
export interface FlowStorage {
  /**
   * The localStorage value `key` of `origin` (default: the origin of `ctx.baseUrl`), or undefined
   * when the session has none. No page needed: the storage state is read once per context and
   * cached; while a page is open (a login in progress) it is read live, as the page may change it.
   */
  local(key: string, origin?: string): Promise<string | undefined>;
  /**
   * Writes localStorage `key` of `origin` (default: the portal's), as the portal's own script would
   * (a browser-side cart, a chosen child): no page needed. Kept in the session file, merged with
   * what a browser writes (src/browser/storage-merge.ts); read back by `local` at once.
   */
  setLocal(key: string, value: string, origin?: string): Promise<void>;
  /** Removes localStorage `key` of `origin` (default: the portal's); no page needed. */
  removeLocal(key: string, origin?: string): Promise<void>;
}

/** One localStorage write: a value, or null for a removal. */
export type LocalWrite = { origin: string; key: string; value: string | null };

/** The state with these writes applied (origins left empty are dropped, as a browser saves them). */
export function applyLocalWrites<S extends SavedOrigins>(state: S, writes: readonly LocalWrite[]): S {
  const origins = (state.origins ?? []).map((o) => ({ ...o, localStorage: [...o.localStorage] }));
  for (const { origin, key, value } of writes) {
    let entry = origins.find((o) => o.origin === origin);
    if (!entry) {
      entry = { origin, localStorage: [] };
      origins.push(entry);
    }
    entry.localStorage = entry.localStorage.filter((item) => item.name !== key);
    if (value !== null) entry.localStorage.push({ name: key, value });
  }
  return { ...state, origins: origins.filter((o) => o.localStorage.length > 0) };
}

export function originOf(url: string, method = 'local'): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new TypeError(
      `ctx.storage.${method}: "${url}" is not a URL (give an origin such as https://portal.example)`,
    );
  }
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

function lookup(state: SavedOrigins, origin: string, key: string): string | undefined {
  return state.origins.find((o) => o.origin === origin)?.localStorage.find((item) => item.name === key)
    ?.value;
}

/** A write into a browser context: its open pages of the origin, else its storage state (Playwright ≥ 1.59). */
export async function writeLocalToContext(context: BrowserContext, change: LocalWrite): Promise<void> {
  const pages = context.pages().filter((p) => !p.isClosed() && sameOrigin(p.url(), change.origin));
  if (pages.length > 0) {
    for (const page of pages) {
      await page.evaluate(
        ([k, v]) => (v === null ? window.localStorage.removeItem(k) : window.localStorage.setItem(k, v)),
        [change.key, change.value] as const,
      );
    }
    return;
  }
  await context.setStorageState(applyLocalWrites(await context.storageState(), [change]));
}

/**
 * `initial` is the storage state the context was made from (the runtime has it in hand): then a
 * read costs nothing. A new page drops the cache, since pages run the portal's own scripts.
 */
export function createFlowStorage(
  context: BrowserContext,
  baseUrl: string,
  initial?: SavedOrigins,
  /** How to hear of new pages; a lazy context passes its own, so that listening launches nothing. */
  onPage: (listener: () => void) => void = (listener) => void context.on('page', listener),
  /** How to write; default: into the open pages of the origin, else into the context's storage state. */
  write?: (change: LocalWrite) => Promise<void>,
): FlowStorage {
  let cached: SavedOrigins | undefined = initial ? { origins: initial.origins ?? [] } : undefined;
  onPage(() => {
    cached = undefined;
  });

  async function liveFromPage(
    origin: string,
    key: string,
  ): Promise<{ value: string | undefined } | undefined> {
    const page = context.pages().find((p) => !p.isClosed() && sameOrigin(p.url(), origin));
    if (!page) return undefined;
    try {
      const value = await page.evaluate((k) => window.localStorage.getItem(k), key);
      return { value: value ?? undefined };
    } catch {
      // Navigating away mid-read: the context's own snapshot below answers instead.
      return undefined;
    }
  }

  async function store(change: LocalWrite): Promise<void> {
    await (write ?? ((c: LocalWrite) => writeLocalToContext(context, c)))(change);
    if (cached) cached = applyLocalWrites(cached, [change]);
  }

  return {
    setLocal: async (key, value, origin) =>
      store({ origin: originOf(origin ?? baseUrl, 'setLocal'), key, value }),
    removeLocal: (key, origin) =>
      store({ origin: originOf(origin ?? baseUrl, 'removeLocal'), key, value: null }),
    async local(key, origin) {
      const target = originOf(origin ?? baseUrl);
      if (context.pages().length > 0) {
        const live = await liveFromPage(target, key);
        if (live) return live.value;
        return lookup(await context.storageState(), target, key);
      }
      cached ??= await context.storageState();
      return lookup(cached, target, key);
    },
  };
}
