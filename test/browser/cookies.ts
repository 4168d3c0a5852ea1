import type { StorageState } from '../../src/browser/launch.js';

export type Cookie = StorageState['cookies'][number];

/** A session cookie of the local test servers (127.0.0.1, path /), in Playwright's storage-state shape. */
export function cookie(name: string, value: string, extra: Partial<Cookie> = {}): Cookie {
  return {
    name,
    value,
    domain: '127.0.0.1',
    path: '/',
    expires: -1,
    httpOnly: false,
    secure: false,
    sameSite: 'Lax',
    ...extra,
  };
}
