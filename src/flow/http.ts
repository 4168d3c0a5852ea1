import type { APIResponse } from 'playwright';
import {
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../core/errors.js';
import { scrubSecrets } from '../core/scrub.js';
import { stepTimeoutMs } from './deadline.js';
import { parseRetryAfterMs } from './retry-after.js';
import type { FlowContext } from './types.js';

/**
 * Helpers a flow may use for a portal's JSON API through `ctx.request`: every failure becomes one of
 * the typed errors of the flow contract, and no message carries cookies or tokens.
 */

/** A 5xx answer (status set) or a network failure / timeout (status null). */
export class PortalHttpError extends PortalUnavailableError {
  override name = 'PortalHttpError';
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export interface PortalFetchOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body. */
  data?: unknown;
  headers?: Record<string, string>;
  timeoutMs: number;
  /**
   * At most this share of the time left in the check (the signal's deadline); 0.5 keeps the other
   * half for a fallback. Default 1.
   */
  shareOfTimeLeft?: number;
  /** Where a logged-out request is sent; a redirect there means the session expired. */
  loginPath?: string;
}

export function sessionExpiredMessage(ctx: FlowContext, where: string): string {
  return `session for account "${ctx.accountId}" expired at ${where} — run: jianlou login ${ctx.accountId}`;
}

/**
 * Playwright's error messages end with a call log that lists the request headers, cookie included:
 * keep the first line only, and never attach the original error as `cause`.
 */
export function safeReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n', 1)[0] ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  return first.replace(/\u001b\[\d+m/g, '').replace(/^[\w.]+: /, '');
}

/** The URL without its query string, for messages. */
function where(url: string): string {
  return url.split('?', 1)[0] ?? url;
}

export function throwIfAborted(ctx: FlowContext, what: string): void {
  if (ctx.signal.aborted) {
    throw new PortalUnavailableError(`${what} stopped: the check was cancelled (timed out or shutting down)`);
  }
}

/** What one request sends: the URL whole, and the step's share of the check's time. */
export interface FetchOnce {
  url: string;
  method: string;
  headers?: Record<string, string>;
  data?: unknown;
  timeoutMs: number;
  shareOfTimeLeft?: number | undefined;
}

/**
 * One request through the context's cookie jar, no redirect followed, any status returned: the one
 * place the kit's clients send from. A network error or timeout is PortalHttpError (the header values
 * scrubbed from its reason: a token must not reach a log); a cancelled check says so.
 */
export async function fetchOnce(ctx: FlowContext, send: FetchOnce, label: string): Promise<APIResponse> {
  throwIfAborted(ctx, label);
  try {
    return await ctx.request.fetch(send.url, {
      method: send.method,
      maxRedirects: 0,
      failOnStatusCode: false,
      timeout: stepTimeoutMs(ctx.signal, send.timeoutMs, send.shareOfTimeLeft),
      signal: ctx.signal,
      ...(send.headers ? { headers: send.headers } : {}),
      ...(send.data === undefined ? {} : { data: send.data }),
    });
  } catch (error) {
    throwIfAborted(ctx, label);
    const secrets = Object.values(send.headers ?? {});
    throw new PortalHttpError(`${label} failed: ${scrubSecrets(safeReason(error), secrets)}`, null);
  }
}

/**
 * One request through the context's cookie jar, no redirects followed. Throws for 401, a redirect to
 * the login page, 429, 5xx, timeouts and network errors; any other answer is returned to the caller.
 */
export async function portalFetch(
  ctx: FlowContext,
  path: string,
  options: PortalFetchOptions,
): Promise<APIResponse> {
  const method = options.method ?? 'GET';
  const url = new URL(path, `${ctx.baseUrl}/`).toString();
  const label = `${method} ${where(url)}`;
  const response = await fetchOnce(
    ctx,
    {
      url,
      method,
      ...(options.headers ? { headers: options.headers } : {}),
      data: options.data,
      timeoutMs: options.timeoutMs,
      shareOfTimeLeft: options.shareOfTimeLeft,
    },
    label,
  );
  const status = response.status();
  if (status === 401) throw new SessionExpiredError(sessionExpiredMessage(ctx, where(url)));
  if (status >= 300 && status < 400) {
    const location = response.headers().location ?? '';
    if (location.includes(options.loginPath ?? '/login')) {
      throw new SessionExpiredError(sessionExpiredMessage(ctx, where(url)));
    }
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(response.headers()['retry-after'], Date.now());
    throw new RateLimitedError(
      `${label} answered 429 (rate limited); retry after ${Math.round(retryAfterMs / 1000)} s`,
      retryAfterMs,
    );
  }
  if (status >= 500) throw new PortalHttpError(`${label} answered HTTP ${status}`, status);
  return response;
}

/** The JSON body, or PortalChangedError when the portal no longer answers JSON. */
export async function readJson(response: APIResponse, label: string): Promise<unknown> {
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw new PortalHttpError(`${label}: could not read the answer: ${safeReason(error)}`, null);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new PortalChangedError(
      `${label} answered HTTP ${response.status()} with something that is not JSON — has the portal changed?`,
    );
  }
}

/** The `error` string of a JSON error answer such as `{ "error": "no_seats" }`, if any. */
export function errorCode(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string') {
    return body.error;
  }
  return undefined;
}
