import type { StorageState } from './storage-state.js';

/**
 * The cookie jar of the browser-free request client (src/browser/fetch-request.ts), keeping the
 * rules exactly as Playwright 1.65's own request context applies them (its server's cookieStore.ts
 * and network.ts), so a session saved by one reads the same in the other:
 * - one list per cookie name, in the order names were first seen; a cookie with the same name,
 *   domain and path replaces the old one (moving to the end of its name's list); expired ones are
 *   dropped whenever the jar is read. The Cookie header is sent in that order (Playwright does not
 *   sort by path length).
 * - `domain` without a leading dot is host-only; with one it matches the domain and its subdomains.
 * - a secure cookie is sent over https, and over http to localhost / *.localhost / 127.x.x.x / [::1].
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

function expired(cookie: Cookie, nowMs: number): boolean {
  return cookie.expires !== -1 && cookie.expires * 1000 < nowMs;
}

export function domainMatches(hostname: string, cookieDomain: string): boolean {
  if (hostname === cookieDomain) return true;
  if (!cookieDomain.startsWith('.')) return false;
  return `.${hostname}`.endsWith(cookieDomain);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

function isLocalHostname(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

export function cookieMatchesUrl(cookie: Cookie, url: URL): boolean {
  if (!domainMatches(url.hostname, cookie.domain)) return false;
  if (!pathMatches(url.pathname, cookie.path)) return false;
  return !cookie.secure || url.protocol === 'https:' || isLocalHostname(url.hostname);
}

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

/** The checks and defaults of Playwright's `addCookies`; a bad cookie throws, naming which. */
export function normalizeCookie(input: CookieInput): Cookie {
  // Playwright's own words, so a caller sees the same message from either client.
  if (!input.url && !(input.domain && input.path))
    throw new Error('Cookie should have a url or a domain/path pair');
  if (input.url && input.domain) throw new Error('Cookie should have either url or domain');
  if (input.url && input.path) throw new Error('Cookie should have either url or path');
  const expires = input.expires ?? -1;
  if ((expires < 0 && expires !== -1) || expires > MAX_EXPIRES_SECONDS) {
    throw new Error(
      'Cookie should have a valid expires, only -1 or a positive number for the unix timestamp in seconds is allowed',
    );
  }
  let { domain = '', path = '', secure = false } = input;
  if (input.url) {
    const url = new URL(input.url);
    domain = url.hostname;
    path = url.pathname.substring(0, url.pathname.lastIndexOf('/') + 1);
    secure = url.protocol === 'https:';
  }
  return {
    name: input.name,
    value: input.value,
    domain,
    path,
    expires,
    httpOnly: input.httpOnly ?? false,
    secure,
    sameSite: input.sameSite ?? 'Lax',
  };
}

function parseNameValue(pair: string): { name: string; value: string } {
  const at = pair.indexOf('=');
  if (at === -1) return { name: '', value: pair.trim() };
  return { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
}

/**
 * One Set-Cookie header as Playwright reads it: Expires, Max-Age (winning over Expires), Domain
 * (lower-cased, a dot added unless it is a single label such as `localhost`), Path, Secure,
 * HttpOnly, SameSite (default Lax). A Domain the host does not domain-match is rejected (null), a
 * missing one makes the cookie host-only, a missing or relative Path takes the default-path.
 */
export function parseSetCookie(header: string, responseUrl: URL, nowMs: number): Cookie | null {
  const [nameValue = '', ...attributes] = header.split(';');
  const { name, value } = parseNameValue(nameValue);
  if (!name && !value) return null;
  const cookie: Cookie = {
    name,
    value,
    domain: '',
    path: '',
    expires: -1,
    httpOnly: false,
    secure: false,
    sameSite: 'Lax',
  };
  let maxAgeExpires: number | undefined;
  for (const attribute of attributes) {
    if (!attribute.trim()) continue;
    const { name: rawKey, value: attrValue } = attribute.includes('=')
      ? parseNameValue(attribute)
      : { name: attribute.trim(), value: '' };
    switch (rawKey.toLowerCase()) {
      case 'expires': {
        const ms = +new Date(attrValue);
        if (Number.isFinite(ms)) cookie.expires = ms <= 0 ? 0 : Math.min(ms / 1000, MAX_EXPIRES_SECONDS);
        break;
      }
      case 'max-age':
        if (/^-?\d+$/.test(attrValue)) {
          const seconds = Number.parseInt(attrValue, 10);
          maxAgeExpires = seconds <= 0 ? 0 : Math.min(nowMs / 1000 + seconds, MAX_EXPIRES_SECONDS);
        }
        break;
      case 'domain': {
        const domain = attrValue.toLocaleLowerCase();
        cookie.domain = domain && !domain.startsWith('.') && domain.includes('.') ? `.${domain}` : domain;
        break;
      }
      case 'path':
        cookie.path = attrValue;
        break;
      case 'secure':
        cookie.secure = true;
        break;
      case 'httponly':
        cookie.httpOnly = true;
        break;
      case 'samesite': {
        const sameSite = ({ none: 'None', lax: 'Lax', strict: 'Strict' } as const)[
          attrValue.toLowerCase() as 'none' | 'lax' | 'strict'
        ];
        if (sameSite) cookie.sameSite = sameSite;
        break;
      }
    }
  }
  if (maxAgeExpires !== undefined) cookie.expires = maxAgeExpires;
  if (!cookie.domain) cookie.domain = responseUrl.hostname;
  if (!domainMatches(responseUrl.hostname, cookie.domain)) return null;
  if (!cookie.path.startsWith('/')) {
    cookie.path = `/${responseUrl.pathname.slice(1).split('/').slice(0, -1).join('/')}`;
  }
  return cookie;
}

export interface CookieJar {
  /** Stores cookies as given (a saved session's, or already normalised ones). */
  add(cookies: readonly Cookie[]): void;
  /** The live cookies, in the jar's order. */
  all(): Cookie[];
  /** The live cookies that go to any of these URLs (all of them when none is given). */
  forUrls(urls: readonly string[]): Cookie[];
  /** The Cookie header for a request to `url`, or undefined when no cookie matches. */
  header(url: URL): string | undefined;
  /** Takes the response's Set-Cookie headers into the jar. */
  receive(setCookies: readonly string[], responseUrl: URL): void;
  clear(filter?: ClearCookieFilter): void;
}

export function createCookieJar(now: () => number = Date.now): CookieJar {
  const byName = new Map<string, Cookie[]>();

  function live(): Cookie[] {
    const nowMs = now();
    const result: Cookie[] = [];
    for (const [name, list] of byName) {
      const kept = list.filter((c) => !expired(c, nowMs));
      if (kept.length) byName.set(name, kept);
      else byName.delete(name);
      result.push(...kept);
    }
    return result;
  }

  function addOne(cookie: Cookie): void {
    const list = (byName.get(cookie.name) ?? []).filter(
      (other) => !(other.domain === cookie.domain && other.path === cookie.path),
    );
    list.push({ ...cookie });
    const nowMs = now();
    byName.set(
      cookie.name,
      list.filter((c) => !expired(c, nowMs)),
    );
  }

  const jar: CookieJar = {
    add(cookies) {
      for (const cookie of cookies) addOne(cookie);
    },
    all: () => live().map((c) => ({ ...c })),
    forUrls(urls) {
      const parsed = urls.map((u) => new URL(u));
      return jar.all().filter((c) => !parsed.length || parsed.some((u) => cookieMatchesUrl(c, u)));
    },
    header(url) {
      const pairs = live()
        .filter((c) => cookieMatchesUrl(c, url))
        .map((c) => (c.name ? `${c.name}=${c.value}` : c.value));
      return pairs.length ? pairs.join('; ') : undefined;
    },
    receive(setCookies, responseUrl) {
      const nowMs = now();
      for (const header of setCookies) {
        const cookie = parseSetCookie(header, responseUrl, nowMs);
        if (cookie) addOne(cookie);
      }
    },
    clear(filter = {}) {
      for (const [name, list] of byName) {
        const kept = list.filter((c) => !matchesFilter(c, filter));
        if (kept.length) byName.set(name, kept);
        else byName.delete(name);
      }
    },
  };
  return jar;
}
