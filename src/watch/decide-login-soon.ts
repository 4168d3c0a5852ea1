import { isQuietTime } from './decide-time.js';
import type { QuietHours } from './policy.js';

/**
 * When to send the phone login link ahead of a session's end (issues 15 and 29). Pure: time comes in.
 *
 * A session is the one a login made (`jianlou login`, the relay, an import — the login log), never
 * "the session file was saved": flow steps re-save it (a hold writing a cart) and a re-save is no new
 * login, so keying by it warned three times in 75 s with the end sliding later each time. The end is
 * the session's own word where it has one (a JWT `exp`, a cookie's Expires) and, once there is a real
 * history of it, the login plus the median lifetime so far (login → first "expired" check); the
 * earlier one wins. One lifetime is no history (a single forced logout predicted every re-login's
 * end): it takes MIN_LIFETIMES. The link goes out once per login, `leadMs` before the end, never
 * within SETTLE_MS of the login, never in quiet hours, and not once the end has passed (the
 * "session expired" problem covers that).
 */

/** How long before the predicted end the group gets the link. */
export const LOGIN_SOON_LEAD_MS = 30 * 60_000;
/** Lifetimes needed before they predict anything. */
export const MIN_LIFETIMES = 3;
/** No warning this soon after a login: whatever predicted it is wrong about the session just made. */
export const SETTLE_MS = 15 * 60_000;

export interface SessionEndInput {
  /** The login's own expiry as the session says it (JWT exp, cookie Expires); null when unknown. */
  tokenExpiresAt: Date | null;
  /** When the session's login happened; null: no login recorded, nothing is predicted. */
  loginAt: Date | null;
  /** Earlier sessions' lifetimes, login to first expired check. */
  lifetimesMs: readonly number[];
}

export function predictSessionEnd(input: SessionEndInput): Date | null {
  if (!input.loginAt) return null;
  const login = input.loginAt.getTime();
  const candidates: number[] = [];
  if (input.tokenExpiresAt && input.tokenExpiresAt.getTime() > login) {
    candidates.push(input.tokenExpiresAt.getTime());
  }
  const sorted = [...input.lifetimesMs].filter((ms) => ms > 0).sort((a, b) => a - b);
  if (sorted.length >= MIN_LIFETIMES) {
    const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
    candidates.push(login + median);
  }
  return candidates.length > 0 ? new Date(Math.min(...candidates)) : null;
}

export function loginSoonDue(input: {
  end: Date | null;
  loginAt: Date | null;
  now: Date;
  leadMs: number;
  quiet: QuietHours | undefined;
}): boolean {
  if (!input.end || !input.loginAt) return false;
  const t = input.now.getTime();
  const end = input.end.getTime();
  if (t - input.loginAt.getTime() < SETTLE_MS) return false;
  return t >= end - input.leadMs && t < end && !isQuietTime(input.quiet, input.now);
}

/** Lifetimes of the logins whose session was found expired: login to the first expired check. */
export function lifetimesFromLogins(
  logins: readonly { at: string; endedAt?: string | undefined }[],
): number[] {
  return logins
    .filter((l) => l.endedAt !== undefined)
    .map((l) => Date.parse(l.endedAt as string) - Date.parse(l.at))
    .filter((ms) => Number.isFinite(ms) && ms > 0);
}
