import { ChannelBrokenError, JianlouError } from '../core/errors.js';
import { scrubSecrets } from '../core/scrub.js';

/**
 * Errors of a notification channel, grouped by what the sender does next:
 * retry later (ChannelRetryableError), stop using the channel until a person fixes it
 * (ChannelBrokenError from core), or give up on this one message (ChannelPayloadError).
 */

/** Busy, rate limited, network trouble: send again after `retryAfterMs` (or a backoff). */
export class ChannelRetryableError extends JianlouError {
  override name = 'ChannelRetryableError';
  override readonly code: string = 'E_CHANNEL_RETRY';
  constructor(
    message: string,
    /** The channel's own code (WeCom errcode, HTTP status); null for network errors. */
    readonly errcode: number | null,
    /** How long to wait at least; undefined = the sender's backoff. */
    readonly retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * The message went out but no answer came back (timeout, connection cut after sending): the channel
 * may have accepted it. There is no idempotency key in the WeCom robot API, so the sender sends it
 * again (at-least-once) and marks that message as a re-send (（重发）) so a duplicate is recognisable.
 */
export class ChannelUnansweredError extends ChannelRetryableError {
  override name = 'ChannelUnansweredError';
  override readonly code: string = 'E_CHANNEL_UNANSWERED';
  constructor(message: string, options?: ErrorOptions) {
    super(message, null, undefined, options);
  }
}

/**
 * Network failures after the request went out (the connection was cut while waiting for the answer).
 * Anything else (refused or unresolved connection, a port fetch will not use) cannot have arrived.
 */
const CUT_AFTER_SENDING = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** True when a failed fetch may have delivered its request. */
export function mayHaveArrived(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown }).code;
  return typeof code === 'string' && CUT_AFTER_SENDING.has(code);
}

/** How many times an alert is sent while the channel answers an errcode we do not know. */
export const UNKNOWN_ERRCODE_MAX_ATTEMPTS = 5;

/**
 * The channel answered a code we do not know. It may be passing trouble or a refusal; we cannot
 * tell, so the sender retries a few times (`maxAttempts`, counted by the outbox entry's attempts)
 * and then fails the alert loudly instead of dropping it on the first answer.
 */
export class ChannelUnknownCodeError extends ChannelRetryableError {
  override name = 'ChannelUnknownCodeError';
  override readonly code: string = 'E_CHANNEL_UNKNOWN';
  constructor(
    message: string,
    errcode: number | null,
    readonly maxAttempts: number = UNKNOWN_ERRCODE_MAX_ATTEMPTS,
    options?: ErrorOptions,
  ) {
    super(message, errcode, undefined, options);
  }
}

/** The channel refused this message (too long, bad field): never retried as it is. */
export class ChannelPayloadError extends JianlouError {
  override name = 'ChannelPayloadError';
  override readonly code: string = 'E_CHANNEL_PAYLOAD';
  constructor(
    message: string,
    readonly errcode: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** ChannelBrokenError with the code the channel answered (93000 invalid webhook, 93004 robot disabled, …). */
export class ChannelBrokenCodeError extends ChannelBrokenError {
  override name = 'ChannelBrokenError';
  constructor(
    message: string,
    readonly errcode: number | null,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The code carried by a channel error, if any. */
export function errcodeOf(error: unknown): number | null {
  if (
    error instanceof ChannelRetryableError ||
    error instanceof ChannelPayloadError ||
    error instanceof ChannelBrokenCodeError
  ) {
    return error.errcode;
  }
  return null;
}

/** Hides webhook keys and tokens in anything that may reach a log or an error message. */
export function redactSecrets(text: string): string {
  return scrubSecrets(text, [], '***');
}

/**
 * A scrubber for one endpoint: replaces the full URL (whose path may itself be a secret) with how it
 * may be shown, then hides key/token query parameters anywhere.
 */
export function scrubberFor(url: string, shown: string): (text: string) => string {
  return (text) => redactSecrets(url ? text.split(url).join(shown) : text);
}

/** A copy of `error` safe to keep as a `cause`: same name and code, secrets scrubbed from messages. */
export function redactedCause(error: unknown, scrub: (text: string) => string = redactSecrets): Error {
  if (!(error instanceof Error)) return new Error(scrub(String(error)));
  const copy = new Error(scrub(error.message));
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  if (error.cause !== undefined) Object.assign(copy, { cause: redactedCause(error.cause, scrub) });
  return copy;
}

/** A short reason for a failed fetch: the system error code when there is one, else the message. */
export function networkReason(error: unknown, scrub: (text: string) => string): string {
  if (!(error instanceof Error)) return scrub(String(error));
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return scrub(typeof code === 'string' ? code : (cause?.message ?? error.message));
}
