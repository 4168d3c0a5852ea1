import type { z } from 'zod';
import type { JsonEnvelope } from './json-answer.js';
import type { PortalSignals } from './portal-signals.js';

/** What a flow passes to and gets from the kit's JSON client (src/flow/json-client.ts). */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Headers = Record<string, string>;

export interface JsonClientOptions extends PortalSignals {
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
  /**
   * A redirect to a URL containing this means "logged out". Default `/login`. (`loggedOut.redirect`
   * says the same with patterns.)
   */
  loginPath?: string;
  /**
   * For an API that answers HTTP 200 with the status inside (`{"code":401,"msg":"请先登录"}`):
   * where the status is and what its values mean (see JsonEnvelope). `{ }` takes the defaults
   * (`code`; 0/200 ok, 401 logged out, 429, 5xx). Default: no envelope.
   */
  envelope?: JsonEnvelope;
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
  /**
   * The parsed body; null for an empty one (204) and for a text error answer (see `text`). With an
   * envelope, its `data` field on success.
   */
  body: unknown;
  /** The body as text, decoded by its charset. */
  text: string;
  /** 2xx, and (with an envelope) a success status inside. */
  ok: boolean;
  headers: Headers;
  /** `GET https://api.example/events` (no query string), for messages. */
  label: string;
  /** The body checked against a schema; PortalChangedError naming the fields when it does not fit. */
  parse<S extends z.ZodType>(schema: S): z.infer<S>;
  /**
   * The portal's error code: an envelope's status when not a success, else `error` (a string) or
   * `code` of a JSON error body (`{ "error": "full" }`, `{ "code": 1001, "msg": "名额已满" }`).
   */
  errorCode: string | undefined;
  /** The portal's own words: `message`, `msg`, `errmsg`… of a JSON body, or a text error answer's start. */
  errorMessage: string | undefined;
}

export interface JsonClient {
  /**
   * One request, no redirects followed. Throws SessionExpiredError (401, a redirect to the login
   * page, a status, text or envelope code the portal uses for it — `"User is not logged in!"` as
   * text or `{"msg":"请先登录"}` —, an HTML login page), RateLimitedError (429, with the portal's
   * Retry-After), PortalUnavailableError (5xx, timeout, network, the check cancelled, a
   * maintenance answer) and PortalChangedError (a 2xx answer that is not JSON); any other status is
   * returned for the flow to judge (409 "full" → ActionRefusedError, …), a text one as `text`.
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
