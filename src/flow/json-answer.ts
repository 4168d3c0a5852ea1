import { scrubSecrets } from '../core/scrub.js';
import { NotJsonError } from './read-errors.js';

/**
 * Reading what real APIs answer (pure, no I/O): error bodies as `{error}`, `{message}`, `{msg}`,
 * `{code, msg}` or plain text; a JSON body that is not JSON; and envelopes — answers that are HTTP
 * 200 whatever happened, with the status inside (`{"code":401,"msg":"请先登录"}`).
 */

/** How a portal wraps its answers in a 200: where the status is and what its values mean. */
export interface JsonEnvelope {
  /** The field holding the status. Default `code`. */
  code?: string;
  /** Status values meaning success. Default 0, 200 and '0', '200', 'ok', 'success'. */
  ok?: readonly (number | string)[];
  /** Values meaning "logged out" (SessionExpiredError). Default 401 and '401'. */
  loggedOut?: readonly (number | string)[];
  /** Values meaning "slow down" (RateLimitedError, 60 s). Default 429 and '429'. */
  rateLimited?: readonly (number | string)[];
  /** Values meaning "down for now" (PortalUnavailableError). Default 500, 502, 503, 504 (numbers or strings). */
  unavailable?: readonly (number | string)[];
  /** The field holding the payload on success: `parse`, `get` and `post` read it. Default: the whole body. */
  data?: string;
}

export type EnvelopeVerdict =
  | { kind: 'ok'; body: unknown }
  | {
      kind: 'logged_out' | 'rate_limited' | 'unavailable' | 'refused';
      code: string;
      message: string | undefined;
    }
  | { kind: 'missing'; field: string };

/** JSON or form fields whose values are credentials, wherever an excerpt shows them. */
const SECRET_FIELDS =
  /((?:["']?)(?:token|access_token|refresh_token|password|passwd|pwd|jsessionid|sessionid|sid|secret)["']?\s*[:=]\s*)("[^"]*"|'[^']*'|[^\s,&}]+)/gi;

const DEFAULT_OK = [0, 200, '0', '200', 'ok', 'OK', 'success', 'SUCCESS'];

function isIn(value: unknown, list: readonly (number | string)[]): boolean {
  // Numbers and strings alike: 401 is '401'.
  return list.some((v) => String(v) === String(value));
}

function field(body: unknown, name: string): unknown {
  return body && typeof body === 'object' && name in body
    ? (body as Record<string, unknown>)[name]
    : undefined;
}

/** What an envelope says about a 2xx body. */
export function readEnvelope(body: unknown, envelope: JsonEnvelope): EnvelopeVerdict {
  const codeField = envelope.code ?? 'code';
  const code = field(body, codeField);
  // `typeof null` is 'object': a null status is missing too.
  if (code === undefined || typeof code === 'object') return { kind: 'missing', field: codeField };
  if (isIn(code, envelope.ok ?? DEFAULT_OK)) {
    return { kind: 'ok', body: envelope.data ? field(body, envelope.data) : body };
  }
  const message = errorMessageOf(body);
  const said = { code: String(code), message };
  if (isIn(code, envelope.loggedOut ?? [401])) return { kind: 'logged_out', ...said };
  if (isIn(code, envelope.rateLimited ?? [429])) return { kind: 'rate_limited', ...said };
  if (isIn(code, envelope.unavailable ?? [500, 502, 503, 504])) return { kind: 'unavailable', ...said };
  return { kind: 'refused', ...said };
}

/**
 * The portal's error code in a JSON error answer: `error` when it is a string (`{"error":"full"}`),
 * else `code` (`{"code":1001,"msg":"名额已满"}`, as a string).
 */
export function errorCodeOf(body: unknown): string | undefined {
  const error = field(body, 'error');
  if (typeof error === 'string') return error;
  const code = field(body, 'code') ?? field(body, 'errcode') ?? field(body, 'errorCode');
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  return undefined;
}

/** The portal's own words in a JSON error answer: `message`, `msg`, `errmsg`, `error_description`, or an `error` object's message. */
export function errorMessageOf(body: unknown): string | undefined {
  for (const name of ['message', 'msg', 'errmsg', 'errorMessage', 'error_description']) {
    const value = field(body, name);
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  const nested = field(field(body, 'error'), 'message');
  return typeof nested === 'string' ? nested : undefined;
}

/** A short, one-line start of an answer for a message, with these secrets (and any token-like value) scrubbed. */
export function excerptOf(text: string, secrets: readonly string[] = [], max = 120): string {
  const line = scrubSecrets(text.replace(/\s+/g, ' ').trim(), secrets).replace(
    SECRET_FIELDS,
    '$1"[redacted]"',
  );
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Text parsed as JSON, or NotJsonError (a PortalChangedError) naming the request, the status and a
 * short scrubbed excerpt of what came instead — an HTML error page, a maintenance notice.
 */
export function jsonFromText(
  text: string,
  answer: { label: string; status: number; secrets?: readonly string[] },
): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch {
    const excerpt = excerptOf(text, answer.secrets);
    throw new NotJsonError(
      `${answer.label} answered HTTP ${answer.status} with something that is not JSON ("${excerpt}") — has the portal changed?`,
      answer.status,
      excerpt,
    );
  }
}
