import { isQuietTime } from './decide-time.js';
import type { QuietHours } from './policy.js';

/**
 * When to send the phone login link ahead of a session's end (issue 15). Pure: time comes in.
 * The end is predicted from the saved cookies' expiry and, when some were seen, the median of the
 * session lifetimes so far (saved → first "expired" check); the earlier one wins. The link goes out
 * once per saved session (the caller keys the alert by the save time), `leadMs` before the end, never
 * inside quiet hours, and not once the end has passed (the "session expired" problem covers that).
 */

export interface SessionEndInput {
  /** The newest expiry among the saved session's cookies; null when all are session cookies. */
  cookieExpiresAt: Date | null;
  savedAt: Date | null;
  lifetimesMs: readonly number[];
}

export function predictSessionEnd(input: SessionEndInput): Date | null {
  const candidates: number[] = [];
  if (input.cookieExpiresAt) candidates.push(input.cookieExpiresAt.getTime());
  const sorted = [...input.lifetimesMs].filter((ms) => ms > 0).sort((a, b) => a - b);
  if (input.savedAt && sorted.length > 0) {
    const median = sorted[Math.floor((sorted.length - 1) / 2)] as number;
    candidates.push(input.savedAt.getTime() + median);
  }
  return candidates.length > 0 ? new Date(Math.min(...candidates)) : null;
}

export function loginSoonDue(input: {
  end: Date | null;
  now: Date;
  leadMs: number;
  quiet: QuietHours | undefined;
}): boolean {
  if (!input.end) return false;
  const t = input.now.getTime();
  const end = input.end.getTime();
  return t >= end - input.leadMs && t < end && !isQuietTime(input.quiet, input.now);
}

/**
 * Session lifetimes seen in the run history: from the first good check of a session to the first
 * check that found it expired. Runs in any order; other outcomes (portal down) neither start nor end one.
 */
export function lifetimesFromRuns(runs: readonly { outcome: string; startedAt: string }[]): number[] {
  const sorted = [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const lifetimes: number[] = [];
  let firstOk: number | undefined;
  for (const r of sorted) {
    if (r.outcome === 'ok' && firstOk === undefined) firstOk = Date.parse(r.startedAt);
    if (r.outcome === 'session_expired' && firstOk !== undefined) {
      lifetimes.push(Date.parse(r.startedAt) - firstOk);
      firstOk = undefined;
    }
  }
  return lifetimes;
}
