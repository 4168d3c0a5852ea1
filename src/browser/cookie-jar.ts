import { Cookie as ToughCookie, CookieJar as ToughJar } from 'tough-cookie';
import { JarStore } from './cookie-store.js';
import type { StorageState } from './storage-state.js';

/**
 * The cookie jar of the browser-free request client (src/browser/fetch-request.ts): tough-cookie
 * (RFC 6265bis, with the public-suffix list through tldts) behind the small interface the client
 * uses, set up and completed so that it keeps and sends cookies as Chromium does — checked case by
 * case against Chromium in test/browser/cookie-chromium.test.ts:
 * - the Cookie header lists longest path first, then earliest creation; a saved session's cookies
 *   count as created in the order they are saved;
 * - a host-only cookie and a `Domain=` cookie of the same name, host and path are two cookies
 *   (Chromium keys them apart; tough-cookie's own store would let one replace the other);
 * - a `Domain` on a public suffix (`com.cn`) or one the host is not in is refused; an IP host
 *   takes only its own address as `Domain`;
 * - `Secure` is refused over http except on loopback names (localhost, 127.x, [::1]), which
 *   Chromium treats as secure contexts; a secure cookie goes only there and over https;
 * - `__Secure-` and `__Host-` are enforced, their case ignored (`__secure-x` too), as Chromium does;
 * - a value outside Latin-1 is kept as text (`张三`, as Chromium saves it) and sent as UTF-8 bytes.
 */

export type Cookie = StorageState['cookies'][number];

/** What `addCookies` accepts: a cookie for a URL, or for a domain and path. */
export interface CookieInput {
  name: string;
  value: string;
  url?: string;
  domain?: string;
  path?: string;
  expires?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
}

export interface ClearCookieFilter {
  name?: string | RegExp;
  domain?: string | RegExp;
  path?: string | RegExp;
}

/** 9999-12-31T23:59:59Z, the latest expiry a browser keeps. */
const MAX_EXPIRES_SECONDS = 253402300799;

const SAME_SITE_OUT = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;

function matchesFilter(cookie: Cookie, filter: ClearCookieFilter): boolean {
  const matches = (prop: 'name' | 'domain' | 'path'): boolean => {
    const wanted = filter[prop];
    if (wanted === undefined) return true;
    if (wanted instanceof RegExp) {
      wanted.lastIndex = 0;
      return wanted.test(cookie[prop]);
    }
    return cookie[prop] === wanted;
  };
  return matches('name') && matches('domain') && matches('path');
}

/** Where a cookie for `addCookies` goes: its URL's host, directory and scheme, or its domain and path. */
function placeOf(input: CookieInput): Pick<Cookie, 'domain' | 'path' | 'secure'> {
  // Playwright's own words, so a caller sees the same message from either client.
  const { url, domain, path } = input;
  if (url) {
    if (domain) throw new Error('Cookie should have either url or domain');
    if (path) throw new Error('Cookie should have either url or path');
    const parsed = new URL(url);
    return {
      domain: parsed.hostname,
      path: parsed.pathname.substring(0, parsed.pathname.lastIndexOf('/') + 1),
      secure: parsed.protocol === 'https:',
    };
  }
  if (!domain || !path) throw new Error('Cookie should have a url or a domain/path pair');
  return { domain, path, secure: input.secure ?? false };
}

/** The checks and defaults of Playwright's `addCookies`; a bad cookie throws, naming which. */
export function normalizeCookie(input: CookieInput): Cookie {
  const place = placeOf(input);
  const expires = input.expires ?? -1;
  if ((expires < 0 && expires !== -1) || expires > MAX_EXPIRES_SECONDS) {
    throw new Error(
      'Cookie should have a valid expires, only -1 or a positive number for the unix timestamp in seconds is allowed',
    );
  }
  return {
    name: input.name,
    value: input.value,
    ...place,
    expires,
    httpOnly: input.httpOnly ?? false,
    sameSite: input.sameSite ?? 'Lax',
  };
}

/** A stored cookie in the storage-state shape: a Domain cookie's domain with its leading dot. */
function toSaved(cookie: ToughCookie): Cookie {
  // A cookie without Expires or Max-Age is a session cookie (tough-cookie says Infinity or nothing).
  const expiry = cookie.expiryTime() ?? Number.POSITIVE_INFINITY;
  return {
    name: cookie.key,
    value: cookie.value,
    // Stryker disable next-line StringLiteral: a stored cookie always has a domain (the jar sets it)
    domain: cookie.hostOnly ? (cookie.domain ?? '') : `.${cookie.domain ?? ''}`,
    // Stryker disable next-line StringLiteral: a stored cookie always has a path (the jar sets it)
    path: cookie.path ?? '/',
    expires: expiry === Number.POSITIVE_INFINITY ? -1 : Math.max(0, expiry / 1000),
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
    sameSite: SAME_SITE_OUT[cookie.sameSite as keyof typeof SAME_SITE_OUT] ?? 'Lax',
  };
}

function fromSaved(saved: Cookie): ToughCookie {
  const hostOnly = !saved.domain.startsWith('.');
  return new ToughCookie({
    key: saved.name,
    value: saved.value,
    domain: (hostOnly ? saved.domain : saved.domain.slice(1)).toLowerCase(),
    hostOnly,
    path: saved.path,
    expires: saved.expires === -1 ? 'Infinity' : new Date(saved.expires * 1000),
    httpOnly: saved.httpOnly,
    secure: saved.secure,
    sameSite: saved.sameSite.toLowerCase(),
  });
}

/** Header text as Node read it (each byte a Latin-1 character) back to the UTF-8 text it was, when it is UTF-8. */
export function headerText(latin1: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(latin1, 'latin1'));
  } catch {
    return latin1;
  }
}

/** A header value Node can send: text outside Latin-1 goes as its UTF-8 bytes (as Chromium sends a cookie). */
export function headerBytes(text: string): string {
  // Buffer.from encodes a string as UTF-8; ASCII comes out as it went in.
  return Buffer.from(text).toString('latin1');
}

/** Chromium's prefix rules, case-insensitive (tough-cookie's are case-sensitive): true when the cookie may be kept. */
function prefixAllows(cookie: ToughCookie, hadDomain: boolean): boolean {
  const name = cookie.key.toLowerCase();
  if (name.startsWith('__secure-')) return cookie.secure;
  if (name.startsWith('__host-')) return cookie.secure && !hadDomain && cookie.path === '/';
  return true;
}

/** The host without an IPv6 address's brackets (URL has already lower-cased it). */
function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

function isIpHost(hostname: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(hostname) || hostname.startsWith('[');
}

export interface CookieJar {
  /** Stores cookies as given (a saved session's, or already normalised ones), as created in this order. */
  add(cookies: readonly Cookie[]): void;
  /** The live cookies, in the jar's order (earliest created first). */
  all(): Cookie[];
  /** The live cookies that go to any of these URLs (all of them when none is given). */
  forUrls(urls: readonly string[]): Cookie[];
  /** The Cookie header for a request to `url` (text; see headerBytes), or undefined when no cookie matches. */
  header(url: URL): string | undefined;
  /** Takes the response's Set-Cookie headers (as Node read them) into the jar. */
  receive(setCookies: readonly string[], responseUrl: URL): void;
  clear(filter?: ClearCookieFilter): void;
}

export function createCookieJar(now: () => number = Date.now): CookieJar {
  const store = new JarStore();
  // Stryker disable next-line ObjectLiteral: the options restate tough-cookie 6's defaults, kept explicit against a change of them
  const jar = new ToughJar(store, {
    rejectPublicSuffixes: true,
    allowSecureOnLocal: true,
    enforceSecureOriginOnStorage: true,
  });

  function live(): ToughCookie[] {
    const at = now();
    return store
      .everyCookie()
      .filter((c) => c.TTL(at) > 0)
      .sort((a, b) => a.creationIndex - b.creationIndex);
  }

  return {
    add(cookies) {
      // The store keys a cookie by its own kind (host-only or Domain).
      for (const saved of cookies) store.putCookie(fromSaved(saved));
    },
    all: () => live().map(toSaved),
    forUrls(urls) {
      if (!urls.length) return live().map(toSaved);
      const seen = new Set<ToughCookie>();
      for (const url of urls) {
        // In the jar's order below; expiry by the jar's clock (live), not tough-cookie's.
        for (const c of jar.getCookiesSync(url, { expire: false })) seen.add(c);
      }
      return live()
        .filter((c) => seen.has(c))
        .map(toSaved);
    },
    header(url) {
      const cookies = jar
        .getCookiesSync(url.toString(), { expire: false, sort: true })
        .filter((c) => c.TTL(now()) > 0);
      return cookies.length ? cookies.map((c) => c.cookieString()).join('; ') : undefined;
    },
    receive(setCookies, responseUrl) {
      for (const header of setCookies) {
        const cookie = ToughCookie.parse(headerText(header), { loose: true });
        // RFC 6265bis 5.6: a cookie with neither name nor value is ignored (Chromium does; tough-cookie keeps it).
        if (!cookie || (!cookie.key && !cookie.value)) continue;
        // Chromium keeps a cookie whose Domain is the IP host it came from as host-only.
        if (cookie.domain && isIpHost(responseUrl.hostname) && cookie.cdomain() === bareHost(responseUrl)) {
          cookie.domain = null;
        }
        const hadDomain = Boolean(cookie.domain);
        if (!prefixAllows(cookie, hadDomain)) continue;
        store.withKey({ hostOnly: !hadDomain }, () =>
          jar.setCookieSync(cookie, responseUrl.toString(), { ignoreError: true, now: new Date(now()) }),
        );
      }
    },
    clear(filter = {}) {
      for (const cookie of store.everyCookie()) {
        if (matchesFilter(toSaved(cookie), filter)) store.drop(cookie);
      }
    },
  };
}
