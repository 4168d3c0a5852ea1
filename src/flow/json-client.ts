import type { z } from 'zod';
import { PortalChangedError, RateLimitedError, SessionExpiredError } from '../core/errors.js';
import { scrubSecrets } from '../core/scrub.js';
import { decodeBody } from './charset.js';
import { alertsIn } from './html-document.js';
import { fetchOnce, PortalHttpError, safeReason, sessionExpiredMessage, throwIfAborted } from './http.js';
import { errorCodeOf, errorMessageOf, excerptOf, jsonFromText, readEnvelope } from './json-answer.js';
import type {
  Headers,
  HttpMethod,
  JsonAnswer,
  JsonClient,
  JsonClientOptions,
  JsonRequestInit,
} from './json-client-types.js';
import { checkShapeOrNotice } from './json-notice.js';
import { judgeAnswer, LOGIN_REDIRECT, type PortalSignals } from './portal-signals.js';
import { parseRetryAfterMs } from './retry-after.js';
import type { FlowContext } from './types.js';

export type {
  HttpMethod,
  JsonAnswer,
  JsonClient,
  JsonClientOptions,
  JsonRequestInit,
} from './json-client-types.js';
export { errorCodeOf };

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

/** Where a text or HTML answer says something short: its alerts, its title, or all of a short plain text. */
function shortMessages(text: string): string[] {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1];
  const plain = !/^\s*</.test(text) && text.length <= 300 ? [text] : [];
  return [...alertsIn([text]), ...(title ? [title] : []), ...plain];
}

/** An HTML answer carrying a password field: the portal's login page instead of its API. */
const LOGIN_PAGE = /<input[^>]+type\s*=\s*["']?password/i;

/** Answers other than 2xx, in a PortalChangedError: the status and the portal's error code. */
export function unexpectedAnswer(
  answer: Pick<JsonAnswer, 'label' | 'status' | 'errorCode'>,
): PortalChangedError {
  const code = answer.errorCode ? ` (${answer.errorCode})` : '';
  // The portal's words are not shown: an error message may quote the request (a phone number).
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
    const response = await fetchOnce(
      ctx,
      {
        url,
        method,
        headers,
        data: init.data,
        timeoutMs: init.timeoutMs ?? limitMs,
        shareOfTimeLeft: init.shareOfTimeLeft ?? options.shareOfTimeLeft,
      },
      label,
    );
    const status = response.status();
    const responseHeaders = response.headers();
    const location = status >= 300 && status < 400 ? responseHeaders.location : undefined;
    const signals: PortalSignals = {
      ...options,
      loggedOut: {
        ...options.loggedOut,
        redirect: options.loggedOut?.redirect ?? (options.loginPath ? [options.loginPath] : LOGIN_REDIRECT),
      },
    };
    const statusVerdict = judgeAnswer(
      { status, ...(location === undefined ? {} : { redirectTo: location }) },
      signals,
    );
    if (statusVerdict) throw verdictError(statusVerdict, label, url, status, responseHeaders['retry-after']);
    let text: string;
    try {
      text = decodeBody(await response.body(), responseHeaders['content-type'], url).text;
    } catch (error) {
      if (error instanceof PortalChangedError) throw error;
      throwIfAborted(ctx, label);
      throw new PortalHttpError(
        `${label}: could not read the answer: ${scrubSecrets(safeReason(error), secrets)}`,
        null,
      );
    }
    const success = status >= 200 && status < 300;
    let body: unknown = null;
    let isJson = false;
    if (text.trim() !== '') {
      try {
        body = jsonFromText(text, { label, status, secrets });
        isJson = true;
      } catch (error) {
        // A text error answer is the portal's words; a 2xx that is not JSON (or a login page) is not.
        if (success || LOGIN_PAGE.test(text)) {
          const facts = {
            status: 200,
            text,
            messages: shortMessages(text),
            loginForm: LOGIN_PAGE.test(text),
          };
          const verdict = judgeAnswer(facts, signals);
          if (verdict) throw verdictError(verdict, label, url, status);
          throw error;
        }
      }
    }
    const errorMessage = isJson ? errorMessageOf(body) : text.trim() ? excerptOf(text, secrets) : undefined;
    const messages = isJson ? (!success && errorMessage ? [errorMessage] : []) : shortMessages(text);
    const textVerdict = judgeAnswer({ status: 200, text, messages }, signals);
    if (textVerdict) throw verdictError(textVerdict, label, url, status);
    let ok = success;
    let errorCode = success ? undefined : errorCodeOf(body);
    if (success && options.envelope && isJson) {
      const inside = readEnvelope(body, options.envelope);
      if (inside.kind === 'missing') {
        throw new PortalChangedError(
          `${label}: the answer has no "${inside.field}" status field (the envelope) — has the portal changed?`,
        );
      }
      if (inside.kind === 'ok') body = inside.body;
      else {
        const said = inside.message ? ` ("${excerptOf(inside.message, secrets, 60)}")` : '';
        if (inside.kind === 'logged_out') {
          throw new SessionExpiredError(
            `${sessionExpiredMessage(ctx, withoutQuery(url))} (the portal answered code ${inside.code}${said})`,
          );
        }
        if (inside.kind === 'rate_limited') {
          throw new RateLimitedError(
            `${label} answered code ${inside.code} (rate limited); retry after 60 s`,
            60_000,
          );
        }
        if (inside.kind === 'unavailable') {
          throw new PortalHttpError(
            `${label} answered code ${inside.code}${said} (unavailable for now)`,
            status,
          );
        }
        ok = false;
        errorCode = inside.code;
      }
    }
    return {
      status,
      body,
      text,
      ok,
      headers: responseHeaders,
      label,
      errorCode,
      errorMessage,
      parse: (schema) => checkShapeOrNotice(schema, body, { label, status }, signals),
    };
  }

  function verdictError(
    verdict: NonNullable<ReturnType<typeof judgeAnswer>>,
    label: string,
    url: string,
    status: number,
    retryAfter?: string,
  ): Error {
    if (verdict.kind === 'logged_out') {
      return new SessionExpiredError(
        `${sessionExpiredMessage(ctx, withoutQuery(url))} (the portal ${verdict.why})`,
      );
    }
    if (verdict.kind === 'rate_limited') {
      const retryAfterMs = parseRetryAfterMs(retryAfter, Date.now());
      return new RateLimitedError(
        `${label} answered 429 (rate limited); retry after ${Math.round(retryAfterMs / 1000)} s`,
        retryAfterMs,
      );
    }
    const what = verdict.why.startsWith('answered')
      ? `${label} ${verdict.why}`
      : `${label}: the answer ${verdict.why} (the portal is unavailable for now)`;
    return new PortalHttpError(what, status);
  }

  function expectOk<S extends z.ZodType>(answer: JsonAnswer, schema: S): z.infer<S> {
    if (!answer.ok) throw unexpectedAnswer(answer);
    return answer.parse(schema);
  }

  return {
    request,
    get: async (path, schema, init) => expectOk(await request('GET', path, init), schema),
    post: async (path, data, schema, init) =>
      expectOk(await request('POST', path, { ...init, data }), schema),
  };
}
