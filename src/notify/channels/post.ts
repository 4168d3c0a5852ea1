import { scrubSecrets } from '../../core/scrub.js';
import {
  ChannelBrokenCodeError,
  ChannelRetryableError,
  ChannelUnansweredError,
  mayHaveArrived,
  networkReason,
  redactedCause,
} from '../errors.js';

/**
 * The HTTP part every push channel shares: one POST with a timeout, network failures sorted into
 * "may have arrived" (re-sent, labelled （重发）) and "surely not sent" (retried), and a scrubber that
 * hides the channel's own secrets (tokens in paths, sendkeys, device keys) in every message.
 */

export interface Endpoint {
  /** How the endpoint is named in messages, e.g. `DingTalk robot https://oapi.dingtalk.com/…`. */
  where: string;
  scrub: (text: string) => string;
  fetch: typeof fetch;
  timeoutMs: number;
}

export interface EndpointOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Secrets shorter than this are not scrubbed by value (they would blank ordinary words). */
const MIN_SECRET = 6;

/** A scrubber hiding each of `secrets` (full URLs first, then the parts) and the usual URL parameters. */
export function scrubberOf(secrets: readonly (string | undefined)[]): (text: string) => string {
  const list = secrets
    .filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET)
    .sort((a, b) => b.length - a.length);
  return (text) => scrubSecrets(text, list, '***');
}

/** The origin of a URL only: paths and queries of push endpoints are often the secret. */
export function originOf(url: string): string {
  try {
    const u = new URL(url);
    // `origin` is "null" for schemes URL does not know (smtp:, smtps:): build it from the host.
    const origin = `${u.protocol}//${u.host}`;
    return (u.pathname === '/' || u.pathname === '') && !u.search ? origin : `${origin}/…`;
  } catch {
    return '(invalid URL)';
  }
}

export function endpoint(
  label: string,
  url: string,
  secrets: (string | undefined)[],
  o: EndpointOptions,
): Endpoint {
  return {
    where: `${label} ${originOf(url)}`,
    scrub: scrubberOf([url, ...secrets]),
    fetch: o.fetch ?? fetch,
    timeoutMs: o.timeoutMs ?? 10_000,
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** POSTs `body`; throws the retryable channel errors for anything that is not an HTTP answer. */
export async function post(
  ep: Endpoint,
  url: string,
  body: string,
  contentType = 'application/json; charset=utf-8',
): Promise<Answer> {
  try {
    const response = await ep.fetch(url, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
      signal: AbortSignal.timeout(ep.timeoutMs),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const reason = timedOut
      ? `no answer within ${ep.timeoutMs} ms`
      : `network error (${networkReason(error, ep.scrub)})`;
    const cause = { cause: redactedCause(error, ep.scrub) };
    if (timedOut || mayHaveArrived(error))
      throw new ChannelUnansweredError(`${ep.where}: ${reason}; will send again, marked as a re-send`, cause);
    throw new ChannelRetryableError(`${ep.where}: ${reason}; will retry`, null, undefined, cause);
  }
}

/** The JSON object of an answer, or undefined when it is not one. */
export function jsonOf(answer: Answer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(answer.text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After in ms (seconds form only), when the server gave one. */
export function retryAfterMs(headers: Headers): number | undefined {
  const seconds = Number(headers.get('retry-after'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * The usual meaning of an HTTP status without a usable body: 408/429/5xx retry; 401/403/404/410
 * mean the endpoint or its credential is wrong (the channel is broken until a person fixes `fix`).
 * Undefined for other statuses: the caller reads the body.
 */
export function httpStatusError(ep: Endpoint, answer: Answer, fix: string): Error | undefined {
  const { status } = answer;
  if (status === 408 || status === 429 || status >= 500) {
    return new ChannelRetryableError(
      `${ep.where}: HTTP ${status}; will retry`,
      status,
      retryAfterMs(answer.headers),
    );
  }
  if ([401, 403, 404, 410].includes(status)) {
    return new ChannelBrokenCodeError(`${ep.where}: HTTP ${status} — ${fix}`, status);
  }
  return undefined;
}

/**
 * An answer without the provider's code: its HTTP status read as `httpStatusError` does, and
 * otherwise (a 200 proxy page, a bare 400) retried: the message surely was not taken.
 */
export function noCodeError(ep: Endpoint, answer: Answer, fix: string): Error {
  return (
    httpStatusError(ep, answer, fix) ??
    new ChannelRetryableError(`${ep.where}: HTTP ${answer.status} without a code; will retry`, answer.status)
  );
}

/** Milliseconds from `now` to the next local midnight in `timeZone` (daily quotas reset then). */
export function msUntilLocalMidnight(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const elapsed = (get('hour') * 3600 + get('minute') * 60 + get('second')) * 1000;
  return Math.max(60_000, 86_400_000 - elapsed);
}
