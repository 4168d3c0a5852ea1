import type { APIResponse } from 'playwright';
import type { z } from 'zod';
import { PortalChangedError, RateLimitedError, SessionExpiredError } from '../core/errors.js';
import { scrubSecrets } from '../core/scrub.js';
import { stepTimeoutMs } from './deadline.js';
import { PortalHttpError, safeReason, sessionExpiredMessage, throwIfAborted } from './http.js';
import { parseRetryAfterMs } from './retry-after.js';
import { checkShape } from './shape.js';
import type { FlowContext } from './types.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Headers = Record<string, string>;

export interface JsonClientOptions {
  /** Where the API lives (absolute URL, may carry a path such as `/api/v1`). Default: `ctx.baseUrl`. */
  baseUrl?: string;
  /**
   * Headers for every request, e.g. `{ Authorization: \`Bearer ${token}\` }`. A function is called
   * before each request (read a token lazily). Their values never appear in an error message.
   */
  headers?: Headers | (() => Headers | Promise<Headers>);
  /** Limit of one request; the time left in the check caps it (src/flow/deadline.ts). Default 10 s. */
  timeoutMs?: number;
  /** At most this share of the check's time left per request (0.5 leaves half for a fallback). Default 1. */
  shareOfTimeLeft?: number;
  /** A redirect to a URL containing this means "logged out". Default `/login`. */
  loginPath?: string;
}

export interface JsonRequestInit {
  /** JSON body. */
  data?: unknown;
  headers?: Headers;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | undefined>;
  timeoutMs?: number;
  shareOfTimeLeft?: number;
}

/** An answer that was neither 401, 429, 5xx nor a failure: the status and the parsed JSON body. */
export interface JsonAnswer {
  status: number;
  /** The parsed body; null for an empty one (204). */
  body: unknown;
  headers: Headers;
  /** `GET https://api.example/events` (no query string), for messages. */
  label: string;
  /** The body checked against a schema; PortalChangedError naming the fields when it does not fit. */
  parse<S extends z.ZodType>(schema: S): z.infer<S>;
  /** The `error` string of a JSON error body such as `{ "error": "full" }`, if any. */
  errorCode: string | undefined;
}

export interface JsonClient {
  /**
   * One request, no redirects followed. Throws SessionExpiredError (401, a redirect to the login page),
   * RateLimitedError (429, with the portal's Retry-After), PortalUnavailableError (5xx, timeout,
   * network, the check cancelled) and PortalChangedError (an answer that is not JSON); any other
   * status is returned for the flow to judge (409 "full" → ActionRefusedError, …).
   */
  request(method: HttpMethod, path: string, init?: JsonRequestInit): Promise<JsonAnswer>;
  /** GET that must answer 2xx with a body of this shape (else PortalChangedError). */
  get<S extends z.ZodType>(path: string, schema: S, init?: JsonRequestInit): Promise<z.infer<S>>;
  /** POST that must answer 2xx with a body of this shape (else PortalChangedError). */
  post<S extends z.ZodType>(
    path: string,
    data: unknown,
    schema: S,
    init?: JsonRequestInit,
  ): Promise<z.infer<S>>;
}

/** The `error` string of a JSON error answer such as `{ "error": "no_seats" }`, if any. */
export function errorCodeOf(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'error' in body && typeof body.error === 'string') {
    return body.error;
  }
  return undefined;
}

function joinUrl(base: string, path: string, query?: JsonRequestInit['query']): string {
  const absolute = /^https?:\/\//i.test(path);
  const url = new URL(absolute ? path : `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** The URL without query string or fragment, for messages (a query may carry a token). */
function withoutQuery(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** Answers other than 2xx, in a PortalChangedError: the status and the portal's error code. */
export function unexpectedAnswer(
  answer: Pick<JsonAnswer, 'label' | 'status' | 'errorCode'>,
): PortalChangedError {
  const code = answer.errorCode ? ` (${answer.errorCode})` : '';
  return new PortalChangedError(
    `${answer.label} answered HTTP ${answer.status}${code} — has the portal changed?`,
  );
}

/**
 * A JSON client for a portal's API, bound to a base URL and headers, through `ctx.request` (the
 * context's cookie jar; no page). Each request's timeout is sized from the check's deadline and the
 * check's signal cancels it. Messages are one line: Playwright's call log (which lists the request's
 * headers, Authorization and Cookie included) is cut, header values are scrubbed, and the original
 * error is never attached as `cause`.
 */
export function jsonClient(ctx: FlowContext, options: JsonClientOptions = {}): JsonClient {
  const base = options.baseUrl ?? ctx.baseUrl;
  const limitMs = options.timeoutMs ?? 10_000;

  async function headersNow(extra?: Headers): Promise<Headers> {
    const fixed = typeof options.headers === 'function' ? await options.headers() : (options.headers ?? {});
    return { ...fixed, ...extra };
  }

  async function request(method: HttpMethod, path: string, init: JsonRequestInit = {}): Promise<JsonAnswer> {
    const url = joinUrl(base, path, init.query);
    const label = `${method} ${withoutQuery(url)}`;
    throwIfAborted(ctx, label);
    const headers = await headersNow(init.headers);
    const secrets = Object.values(headers);
    let response: APIResponse;
    try {
      response = await ctx.request.fetch(url, {
        method,
        headers,
        maxRedirects: 0,
        failOnStatusCode: false,
        timeout: stepTimeoutMs(
          ctx.signal,
          init.timeoutMs ?? limitMs,
          init.shareOfTimeLeft ?? options.shareOfTimeLeft,
        ),
        signal: ctx.signal,
        ...(init.data === undefined ? {} : { data: init.data }),
      });
    } catch (error) {
      throwIfAborted(ctx, label);
      throw new PortalHttpError(`${label} failed: ${scrubSecrets(safeReason(error), secrets)}`, null);
    }
    const status = response.status();
    const responseHeaders = response.headers();
    const loggedOut =
      status === 401 ||
      (status >= 300 &&
        status < 400 &&
        (responseHeaders.location ?? '').includes(options.loginPath ?? '/login'));
    if (loggedOut) throw new SessionExpiredError(sessionExpiredMessage(ctx, withoutQuery(url)));
    if (status === 429) {
      const retryAfterMs = parseRetryAfterMs(responseHeaders['retry-after'], Date.now());
      throw new RateLimitedError(
        `${label} answered 429 (rate limited); retry after ${Math.round(retryAfterMs / 1000)} s`,
        retryAfterMs,
      );
    }
    if (status >= 500) throw new PortalHttpError(`${label} answered HTTP ${status}`, status);
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throwIfAborted(ctx, label);
      throw new PortalHttpError(
        `${label}: could not read the answer: ${scrubSecrets(safeReason(error), secrets)}`,
        null,
      );
    }
    let body: unknown = null;
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        throw new PortalChangedError(
          `${label} answered HTTP ${status} with something that is not JSON — has the portal changed?`,
        );
      }
    }
    return {
      status,
      body,
      headers: responseHeaders,
      label,
      errorCode: errorCodeOf(body),
      parse: (schema) => checkShape(schema, body, label),
    };
  }

  function expectOk<S extends z.ZodType>(answer: JsonAnswer, schema: S): z.infer<S> {
    if (answer.status < 200 || answer.status >= 300) throw unexpectedAnswer(answer);
    return answer.parse(schema);
  }

  return {
    request,
    get: async (path, schema, init) => expectOk(await request('GET', path, init), schema),
    post: async (path, data, schema, init) =>
      expectOk(await request('POST', path, { ...init, data }), schema),
  };
}
