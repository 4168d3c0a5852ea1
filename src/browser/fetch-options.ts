import type { APIRequestContext } from 'playwright';
import type { Headers } from './fetch-body.js';
import type { StorageState } from './storage-state.js';

/** Options and errors of the browser-free request client (src/browser/fetch-request.ts). */

export interface FetchRequestOptions {
  storageState: StorageState;
  baseURL?: string;
  userAgent: string;
  extraHTTPHeaders?: Record<string, string>;
  /** Default per-request timeout in ms; 0: none. */
  timeout: number;
  /** Makes a Playwright request context from the given state, for what this client does not do. */
  upgrade?: (state: StorageState) => Promise<APIRequestContext>;
}

export interface FetchOptions {
  method?: string;
  params?: unknown;
  headers?: Headers;
  data?: unknown;
  form?: unknown;
  multipart?: unknown;
  timeout?: number;
  signal?: AbortSignal;
  failOnStatusCode?: boolean;
  maxRedirects?: number;
  maxRetries?: number;
  ignoreHTTPSErrors?: boolean;
}

export const CLOSED = 'Target page, context or browser has been closed';

export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** Thrown by a call that needs what only Playwright does and no `upgrade` was given. */
export class UnsupportedRequestOptionError extends Error {
  override name = 'UnsupportedRequestOptionError';
}

export function unsupportedIn(urlOrRequest: unknown, options: FetchOptions): string | undefined {
  if (typeof urlOrRequest !== 'string') return 'fetch(Request)';
  if (options.ignoreHTTPSErrors) return 'ignoreHTTPSErrors';
  return undefined;
}
