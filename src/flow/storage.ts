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
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new TypeError(
      `ctx.storage.local: "${url}" is not a URL (give an origin such as https://portal.example)`,
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

  return {
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
