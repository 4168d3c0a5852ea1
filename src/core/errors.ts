import type { ErrorWords, IssueWords } from './error-words.js';

/**
 * One base error with a stable `code`; subclasses are grouped by what the caller does next.
 * Messages name what failed, where, and the next step. Never put secrets in a message.
 */
export class JianlouError extends Error {
  override name = 'JianlouError';
  readonly code: string = 'E_JIANLOU';
  /** The same error as data, for the CLI to say in the config's language (absent: the message is said). */
  declare readonly words?: ErrorWords;
  constructor(message?: string, options?: ErrorOptions & { words?: ErrorWords }) {
    super(message, options);
    if (options?.words) this.words = options.words;
  }
}

/** Bad config, arguments or user input: never retried; the CLI exits 2. */
export class BadInputError extends JianlouError {
  override name = 'BadInputError';
  override readonly code: string = 'E_BAD_INPUT';
}

/** The config file failed validation; `issues` holds every problem, by path. */
export class ConfigError extends BadInputError {
  override name = 'ConfigError';
  override readonly code: string = 'E_CONFIG';
  constructor(
    readonly file: string,
    readonly issues: { path: string; message: string; words?: IssueWords }[],
  ) {
    super(
      `config ${file} is invalid:\n${issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n')}`,
    );
  }
}

/**
 * The portal refused the login itself (wrong username or password, account locked): retrying with the
 * same credentials cannot help, so it is bad input (exit 2), not an expired session.
 */
export class LoginRefusedError extends BadInputError {
  override name = 'LoginRefusedError';
  override readonly code: string = 'E_LOGIN_REFUSED';
}

/** The portal session is gone: a person must log in again (`jianlou login <account>`). */
export class SessionExpiredError extends JianlouError {
  override name = 'SessionExpiredError';
  override readonly code: string = 'E_SESSION_EXPIRED';
}

/** The portal wants a captcha or SMS code solved by a person; jianlou never tries to defeat it. */
export class CaptchaRequiredError extends SessionExpiredError {
  override name = 'CaptchaRequiredError';
  override readonly code: string = 'E_CAPTCHA_REQUIRED';
}

/** The portal said "slow down" (HTTP 429 or its own page). Waiting costs no retry. */
export class RateLimitedError extends JianlouError {
  override name = 'RateLimitedError';
  override readonly code: string = 'E_RATE_LIMITED';
  constructor(
    message: string,
    readonly retryAfterMs: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** An expected element or JSON field is missing: never read as "full"; an operator must look. */
export class PortalChangedError extends JianlouError {
  override name = 'PortalChangedError';
  override readonly code: string = 'E_PORTAL_CHANGED';
}

/** 5xx, timeout, connection refused: transient, retried with backoff. */
export class PortalUnavailableError extends JianlouError {
  override name = 'PortalUnavailableError';
  override readonly code: string = 'E_PORTAL_UNAVAILABLE';
}

/** A mutating step (hold/confirm/release) was refused by the portal: no seats, cart full, … */
export class ActionRefusedError extends JianlouError {
  override name = 'ActionRefusedError';
  override readonly code: string = 'E_ACTION_REFUSED';
  constructor(
    message: string,
    /** Short machine reason: 'no_seats' | 'cart_full' | 'already_held' | 'not_found' | … */
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The notification channel is broken (bad webhook key, robot removed): a person must fix it. */
export class ChannelBrokenError extends JianlouError {
  override name = 'ChannelBrokenError';
  override readonly code: string = 'E_CHANNEL_BROKEN';
}

/** True for failures worth retrying soon (p-retry); false for those a person must fix. */
export function isTransient(error: unknown): boolean {
  return error instanceof PortalUnavailableError;
}

/** Process exit codes of the CLI (DESIGN.md contract). */
export const ExitCode = {
  ok: 0,
  unexpected: 1,
  badInput: 2,
  needsLogin: 3,
  portalUnreachable: 4,
} as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof BadInputError) return ExitCode.badInput;
  if (error instanceof SessionExpiredError) return ExitCode.needsLogin;
  if (error instanceof PortalUnavailableError || error instanceof RateLimitedError) {
    return ExitCode.portalUnreachable;
  }
  return ExitCode.unexpected;
}
