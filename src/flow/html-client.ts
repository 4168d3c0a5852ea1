import type { APIResponse } from 'playwright';
import { PortalChangedError, RateLimitedError, SessionExpiredError } from '../core/errors.js';
import { decodeBody, mayBeHtml } from './charset.js';
import { documentOf, type HtmlDocument, loadCheerio } from './html-document.js';
import { encodeForm, fillEntries, type HtmlForm } from './html-form.js';
import { fetchOnce, PortalHttpError, safeReason, sessionExpiredMessage, throwIfAborted } from './http.js';
import { judgeAnswer, type PortalSignals } from './portal-signals.js';
import { NotHtmlError, urlForMessage } from './read-errors.js';
import { parseRetryAfterMs } from './retry-after.js';
import type { FlowContext } from './types.js';

type Headers = Record<string, string>;
type FieldValues = Readonly<Record<string, string | number | undefined>>;

export interface HtmlClientOptions extends PortalSignals {
  /** Where relative paths start. Default: `ctx.baseUrl`. */
  baseUrl?: string;
  /** Headers for every request; a function is called before each. Values never appear in messages. */
  headers?: Headers | (() => Headers | Promise<Headers>);
  /** Limit of one request (each redirect hop included); the check's time left caps it. Default 15 s. */
  timeoutMs?: number;
  /** At most this share of the check's time left per request. Default 1. */
  shareOfTimeLeft?: number;
  /** Redirects followed (each checked for the login page) before giving up. Default 10. */
  maxRedirects?: number;
}

export interface HtmlRequestInit {
  /** Query parameters, encoded in UTF-8 (a GET form's own fields go in the page's charset: `submit`). */
  query?: Record<string, string | number | undefined>;
  headers?: Headers;
  timeoutMs?: number;
  shareOfTimeLeft?: number;
  /**
   * This request asks for the login page itself (a scripted login reads its form): a login form
   * or a redirect to the login is the answer, not "logged out".
   */
  loginPage?: boolean;
  /** Statuses (besides 2xx) returned as a page instead of thrown as PortalChangedError, e.g. [404]. */
  acceptStatus?: readonly number[];
}

export interface HtmlPostInit extends HtmlRequestInit {
  /** The charset the fields are sent in. Default utf-8 (a form read from a page: use `submit`). */
  charset?: string;
  /** The page the post is made from (sent as Referer, as a browser does). */
  referer?: string;
}

export interface HtmlClient {
  /** GET a page. Follows redirects; throws the typed errors (see `htmlClient`). */
  get(path: string, init?: HtmlRequestInit): Promise<HtmlDocument>;
  /** POST fields urlencoded in `init.charset` and read the answer as a page. */
  post(
    path: string,
    fields: FieldValues | readonly (readonly [string, string])[],
    init?: HtmlPostInit,
  ): Promise<HtmlDocument>;
  /**
   * Submit a form read from a page, as a browser does: its fields (hidden ones included) with
   * `values` applied (see HtmlForm.fill), in the form's charset, to its action with its method.
   */
  submit(form: HtmlForm, values?: FieldValues, init?: HtmlRequestInit): Promise<HtmlDocument>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function joinUrl(base: string, path: string, query?: HtmlRequestInit['query']): string {
  const url = new URL(path, `${base.replace(/\/+$/, '')}/`);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, String(value));
  }
  return url.toString();
}

interface Send {
  method: 'GET' | 'POST';
  url: string;
  body?: Buffer;
  headers: Headers;
}

/**
 * Reads server-rendered pages through `ctx.request` (the session's cookies; no page, no browser):
 * bodies decoded by charset as Chromium decodes them, parsed as the HTML standard parses them.
 * Throws SessionExpiredError (401; a status, text, redirect or login form the portal uses for
 * "logged out" — see PortalSignals; an alert-script "请先登录"), RateLimitedError (429),
 * PortalUnavailableError (5xx, timeout, network, a maintenance page the flow describes),
 * PortalChangedError (another non-2xx; NotHtmlError for an answer that is not a page;
 * ElementNotFoundError from the document for a missing element). Messages carry no query strings
 * and no header values.
 */
export function htmlClient(ctx: FlowContext, options: HtmlClientOptions = {}): HtmlClient {
  const base = options.baseUrl ?? ctx.baseUrl;
  const limitMs = options.timeoutMs ?? 15_000;
  const maxRedirects = options.maxRedirects ?? 10;

  async function headersNow(extra?: Headers): Promise<Headers> {
    const fixed = typeof options.headers === 'function' ? await options.headers() : (options.headers ?? {});
    return { ...fixed, ...extra };
  }

  const sendOnce = (request: Send, label: string, init: HtmlRequestInit): Promise<APIResponse> =>
    fetchOnce(
      ctx,
      {
        url: request.url,
        method: request.method,
        headers: request.headers,
        data: request.body,
        timeoutMs: init.timeoutMs ?? limitMs,
        shareOfTimeLeft: init.shareOfTimeLeft ?? options.shareOfTimeLeft,
      },
      label,
    );

  function expired(url: string, why: string): SessionExpiredError {
    return new SessionExpiredError(`${sessionExpiredMessage(ctx, urlForMessage(url))} (the portal ${why})`);
  }

  async function read(first: Send, init: HtmlRequestInit): Promise<HtmlDocument> {
    let send = first;
    const signals: PortalSignals = init.loginPage
      ? { ...options, loggedOut: { ...options.loggedOut, redirect: [], loginForm: false } }
      : options;
    for (let hops = 0; ; hops++) {
      const label = `${send.method} ${urlForMessage(send.url)}`;
      const response = await sendOnce(send, label, init);
      const status = response.status();
      const headers = response.headers();
      const location = headers.location;
      const redirectTo =
        REDIRECTS.has(status) && location ? new URL(location, send.url).toString() : undefined;
      const verdict = judgeAnswer({ status, redirectTo }, signals);
      if (verdict?.kind === 'logged_out') throw expired(send.url, verdict.why);
      if (verdict?.kind === 'rate_limited') {
        const retryAfterMs = parseRetryAfterMs(headers['retry-after'], Date.now());
        throw new RateLimitedError(
          `${label} answered 429 (rate limited); retry after ${Math.round(retryAfterMs / 1000)} s`,
          retryAfterMs,
        );
      }
      if (verdict?.kind === 'unavailable') throw new PortalHttpError(`${label} ${verdict.why}`, status);
      if (redirectTo) {
        if (hops >= maxRedirects) {
          throw new PortalChangedError(
            `${label}: more than ${maxRedirects} redirects — has the portal changed?`,
          );
        }
        const keep = status === 307 || status === 308;
        send = {
          method: keep ? send.method : 'GET',
          url: redirectTo,
          headers: keep ? send.headers : withoutBodyHeaders(send.headers),
          ...(keep && send.body ? { body: send.body } : {}),
        };
        continue;
      }
      return page(response, send, label, init, signals);
    }
  }

  async function page(
    response: APIResponse,
    send: Send,
    label: string,
    init: HtmlRequestInit,
    signals: PortalSignals,
  ): Promise<HtmlDocument> {
    const status = response.status();
    let bytes: Buffer;
    try {
      bytes = await response.body();
    } catch (error) {
      throwIfAborted(ctx, label);
      throw new PortalHttpError(`${label}: could not read the answer: ${safeReason(error)}`, null);
    }
    const contentType = response.headers()['content-type'];
    const decoded = decodeBody(bytes, contentType, send.url);
    const looksHtml = /^\s*</.test(decoded.text);
    if (
      !looksHtml ||
      !(mayBeHtml(contentType) || /^\s*<(?:!doctype html|html|head|body)/i.test(decoded.text))
    ) {
      const what =
        decoded.text.trim() === '' ? 'an empty answer' : (contentType ?? 'an answer without a type');
      throw new NotHtmlError(
        `${label} answered HTTP ${status} with ${what}, expected an HTML page — has the portal changed?`,
      );
    }
    const { load } = await loadCheerio();
    const $ = load(decoded.text);
    const doc = documentOf($, { url: response.url(), status, charset: decoded.charset });
    const loginForm = signals.loggedOut?.loginForm ?? 'input[type=password]';
    const verdict = judgeAnswer(
      {
        status: 200,
        ...(doc.scriptRedirect === undefined ? {} : { redirectTo: doc.scriptRedirect }),
        text: doc.text(),
        messages: [...doc.alerts, doc.title],
        loginForm: loginForm !== false && doc.has(loginForm),
      },
      signals,
    );
    if (verdict?.kind === 'logged_out') throw expired(send.url, verdict.why);
    if (verdict?.kind === 'unavailable')
      throw new PortalHttpError(
        `${label}: the page ${verdict.why} (the portal is unavailable for now)`,
        status,
      );
    if ((status < 200 || status >= 300) && !init.acceptStatus?.includes(status)) {
      const said = doc.alerts[0] ?? doc.title;
      throw new PortalChangedError(
        `${label} answered HTTP ${status}${said ? ` ("${said.slice(0, 80)}")` : ''} — has the portal changed?`,
      );
    }
    return doc;
  }

  async function post(
    path: string,
    fields: FieldValues | readonly (readonly [string, string])[],
    init: HtmlPostInit = {},
  ): Promise<HtmlDocument> {
    const url = joinUrl(base, path, init.query);
    const entries = Array.isArray(fields)
      ? (fields as readonly (readonly [string, string])[])
      : fillEntries([], fields as FieldValues);
    const charset = init.charset ?? 'utf-8';
    const body = Buffer.from(encodeForm(entries, charset, url), 'latin1');
    const headers = await headersNow({
      'content-type': 'application/x-www-form-urlencoded',
      origin: new URL(url).origin,
      ...(init.referer ? { referer: init.referer } : {}),
      ...init.headers,
    });
    return read({ method: 'POST', url, body, headers }, init);
  }

  return {
    async get(path, init = {}) {
      const url = joinUrl(base, path, init.query);
      return read({ method: 'GET', url, headers: await headersNow(init.headers) }, init);
    },
    post,
    async submit(form, values = {}, init = {}) {
      const entries = form.fill(values);
      if (form.method === 'POST')
        return post(form.action, entries, { ...init, charset: form.charset, referer: form.pageUrl });
      const url = new URL(form.action);
      url.search = encodeForm(entries, form.charset, form.action);
      const headers = await headersNow({ referer: form.pageUrl, ...init.headers });
      return read({ method: 'GET', url: url.toString(), headers }, init);
    },
  };
}

function withoutBodyHeaders(headers: Headers): Headers {
  return Object.fromEntries(
    Object.entries(headers).filter(
      ([name]) => !['content-type', 'content-length', 'origin'].includes(name.toLowerCase()),
    ),
  );
}
