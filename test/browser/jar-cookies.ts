import type { Cookie } from '../../src/browser/cookie-jar.js';

/** What the cookie jar tests share (cookie-jar, cookie-jar-rules): a fixed now and a saved cookie. */
export const T0 = Date.UTC(2026, 0, 1);

/** A session cookie of portal.test on /, with these fields changed. */
export const saved = (over: Partial<Cookie>): Cookie => ({
  name: 'sid',
  value: 'v',
  domain: 'portal.test',
  path: '/',
  expires: -1,
  httpOnly: false,
  secure: false,
  sameSite: 'Lax',
  ...over,
});

/** A session cookie of the local test server (127.0.0.1), as a storage state holds it. */
export const localCookie = (name: string, value: string) => ({
  name,
  value,
  domain: '127.0.0.1',
  path: '/',
  expires: -1,
  httpOnly: false,
  secure: false,
  sameSite: 'Lax' as const,
});
