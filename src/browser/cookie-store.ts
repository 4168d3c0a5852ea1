import { Cookie, pathMatch, permuteDomain, Store } from 'tough-cookie';

/**
 * tough-cookie's store for the jar of src/browser/cookie-jar.ts, synchronous and in memory, keyed
 * as Chromium keys cookies: (host-only or Domain, domain, path, name). tough-cookie's own memory
 * store keys by (domain, path, name) alone, so a `Domain=portal.com.cn` cookie would replace the
 * host-only cookie of the same name on portal.com.cn; Chromium keeps and sends both.
 *
 * The jar asks `findCookie(domain, path, name)` before it stores a cookie, without saying which
 * kind it holds: the caller states it around the call with `withKey`.
 *
 * A cookie that replaces one keeps the old one's place in the Cookie header (its creation) only
 * when its value is the same, as Chromium does; tough-cookie would keep it whatever the value.
 */

export interface CookieKey {
  hostOnly: boolean;
}

type Done<T> = ((error: Error | null, result?: T) => void) | undefined;

/** One key per (kind, domain, path, name); a null part (a lookup without it) matches no stored key. */
function keyOf(hostOnly: boolean, domain: string | null, path: string | null, name: string | null): string {
  return JSON.stringify([hostOnly, domain, path, name]);
}

function cookieKey(cookie: Cookie): string {
  return keyOf(cookie.hostOnly ?? true, cookie.domain ?? '', cookie.path ?? '', cookie.key);
}

/** A cookie put over one of the same key and value takes its creation (its place in the header). */
function inheritPlace(old: Cookie, cookie: Cookie): void {
  if (old.value !== cookie.value) return;
  cookie.creation = old.creation;
  cookie.creationIndex = old.creationIndex;
}

/** Answers through the callback when given (the jar's *Sync calls), else as a promise. */
function answer<T>(done: Done<T>, result: T): Promise<T> | undefined {
  if (done) {
    done(null, result);
    return undefined;
  }
  return Promise.resolve(result);
}

// The base class declares each method twice (callback and promise): one body serves both, hence `any`.
/* biome-ignore-start lint/suspicious/noExplicitAny: see above */
export class JarStore extends Store {
  private readonly cookies = new Map<string, Cookie>();
  private key: CookieKey | undefined;

  constructor() {
    super();
    this.synchronous = true;
  }

  /** Runs `fn` with the kind of cookie being stored known to `findCookie`. */
  withKey<T>(key: CookieKey, fn: () => T): T {
    const before = this.key;
    this.key = key;
    try {
      return fn();
    } finally {
      this.key = before;
    }
  }

  /** Every stored cookie (expired ones too), in no particular order. */
  everyCookie(): Cookie[] {
    return [...this.cookies.values()];
  }

  drop(cookie: Cookie): void {
    this.cookies.delete(cookieKey(cookie));
  }

  override findCookie(domain: any, path: any, name: any, done?: any): any {
    const hostOnly = this.key?.hostOnly ?? true;
    return answer(done, this.cookies.get(keyOf(hostOnly, domain, path, name)));
  }

  override findCookies(domain: any, path: any, allowSpecialUseDomain?: any, done?: any): any {
    const callback = typeof allowSpecialUseDomain === 'function' ? allowSpecialUseDomain : done;
    if (!domain) return answer(callback, []);
    const domains = new Set(permuteDomain(domain, allowSpecialUseDomain === true) ?? [domain]);
    const found = this.everyCookie().filter(
      (c) => domains.has(c.domain ?? '') && (!path || pathMatch(path, c.path ?? '')),
    );
    return answer(callback, found);
  }

  override putCookie(cookie: Cookie, done?: any): any {
    const old = this.cookies.get(cookieKey(cookie));
    if (old) inheritPlace(old, cookie);
    this.cookies.set(cookieKey(cookie), cookie);
    return answer(done, undefined);
  }

  override updateCookie(oldCookie: Cookie, newCookie: Cookie, done?: any): any {
    this.cookies.delete(cookieKey(oldCookie));
    if (oldCookie.value !== newCookie.value) {
      // The jar copied the old creation over; a changed value is a new cookie to Chromium.
      newCookie.creation = newCookie.lastAccessed instanceof Date ? newCookie.lastAccessed : new Date();
      newCookie.creationIndex = new Cookie().creationIndex;
    }
    this.cookies.set(cookieKey(newCookie), newCookie);
    return answer(done, undefined);
  }

  override removeCookie(domain: any, path: any, name: any, done?: any): any {
    for (const hostOnly of this.key ? [this.key.hostOnly] : [true, false]) {
      this.cookies.delete(keyOf(hostOnly, domain, path, name));
    }
    return answer(done, undefined);
  }

  override removeCookies(domain: any, path: any, done?: any): any {
    for (const [k, c] of this.cookies) {
      if (c.domain === domain && (!path || c.path === path)) this.cookies.delete(k);
    }
    return answer(done, undefined);
  }

  override removeAllCookies(done?: any): any {
    this.cookies.clear();
    return answer(done, undefined);
  }

  override getAllCookies(done?: any): any {
    return answer(done, this.everyCookie());
  }
}
/* biome-ignore-end lint/suspicious/noExplicitAny: see above */
