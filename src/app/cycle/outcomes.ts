import {
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../../core/errors.js';
import type { RunOutcome } from '../../store/runs.js';
import type { CheckProblem } from '../../watch/decide-types.js';

/** How a failed account check is recorded (run history), told to decide() and logged. */
export interface CheckFailure {
  outcome: RunOutcome;
  problem: CheckProblem;
  /** Expected failures (a person or the portal must act) warn; anything else is our error. */
  level: 'warn' | 'error';
}

type ErrorClass = abstract new (...args: never[]) => Error;

/** By what was thrown, first match wins (a CaptchaRequiredError is a SessionExpiredError). */
const FAILURES: [ErrorClass, CheckFailure][] = [
  [SessionExpiredError, { outcome: 'session_expired', problem: 'session_expired', level: 'warn' }],
  [PortalChangedError, { outcome: 'portal_changed', problem: 'portal_changed', level: 'warn' }],
  [RateLimitedError, { outcome: 'rate_limited', problem: 'rate_limited', level: 'warn' }],
  [PortalUnavailableError, { outcome: 'unavailable', problem: 'portal_unavailable', level: 'warn' }],
];

/** Anything else: told to parents as the portal being unavailable, logged as an error. */
const UNEXPECTED: CheckFailure = { outcome: 'error', problem: 'portal_unavailable', level: 'error' };

export function failureOf(error: unknown): CheckFailure {
  return FAILURES.find(([type]) => error instanceof type)?.[1] ?? UNEXPECTED;
}
