import type { StorageState } from './launch.js';

type Cookie = StorageState['cookies'][number];

function keyOf(c: Pick<Cookie, 'name' | 'domain' | 'path'>): string {
  return `${c.name}\u0000${c.domain.replace(/^\./, '')}\u0000${c.path}`;
}

function sameCookie(a: Cookie | undefined, b: Cookie | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.value === b.value &&
    a.expires === b.expires &&
    a.httpOnly === b.httpOnly &&
    a.secure === b.secure &&
    a.sameSite === b.sameSite
  );
}

function byKey(cookies: readonly Cookie[]): Map<string, Cookie> {
  return new Map(cookies.map((c) => [keyOf(c), c]));
}

/**
 * The session to save after a check whose flow used both sides: the API request context (made from
 * the saved session) and a browser context launched mid-check from the API side's state at that
 * moment (`base`). Three-way, per cookie (name, domain, path): what the browser changed since
 * `base` — set, changed or deleted — wins; everything else is the API side's (which may have
 * changed it too, with a request still in flight while the browser started). localStorage only a
 * page can change: the browser's.
 */
export function mergeStorageStates(
  base: StorageState,
  api: StorageState,
  browser: StorageState,
): StorageState {
  const baseCookies = byKey(base.cookies);
  const apiCookies = byKey(api.cookies);
  const browserCookies = byKey(browser.cookies);
  const keys = new Set([...apiCookies.keys(), ...browserCookies.keys(), ...baseCookies.keys()]);
  const cookies: Cookie[] = [];
  for (const key of keys) {
    const fromBrowser = browserCookies.get(key);
    const browserChanged = !sameCookie(baseCookies.get(key), fromBrowser);
    const chosen = browserChanged ? fromBrowser : apiCookies.get(key);
    if (chosen) cookies.push(chosen);
  }
  return { cookies, origins: browser.origins };
}
