import { z } from 'zod';

/**
 * A rolling-minute send window (pure). Kept in the store per channel, so a restart does not forget
 * what was sent in the last minute.
 */
export const rateStateSchema = z.object({
  /** ISO instants of recent sends, oldest first. */
  sentAt: z.array(z.string()),
  /** No send before this instant (after 45009 or a retryable failure). */
  pausedUntil: z.string().optional(),
});
export type RateState = z.infer<typeof rateStateSchema>;

export const EMPTY_RATE_STATE: RateState = { sentAt: [] };

/**
 * The window is a little longer than WeCom's minute: the server stamps a send when it arrives,
 * later than we stamp it, so a window of exactly 60 s would let the 21st message in a moment early.
 */
export const RATE_WINDOW_MS = 61_000;

function recent(state: RateState, now: Date): number[] {
  const since = now.getTime() - RATE_WINDOW_MS;
  return state.sentAt
    .map((s) => Date.parse(s))
    .filter((t) => Number.isFinite(t) && t > since)
    .sort((a, b) => a - b);
}

function pausedUntil(state: RateState, now: Date): number | undefined {
  const until = state.pausedUntil ? Date.parse(state.pausedUntil) : Number.NaN;
  return Number.isFinite(until) && until > now.getTime() ? until : undefined;
}

/** Sends still allowed at `now`. */
export function available(state: RateState, now: Date, max: number): number {
  if (pausedUntil(state, now) !== undefined) return 0;
  return Math.max(0, max - recent(state, now).length);
}

/** Sends counted in the current window. */
export function sentInWindow(state: RateState, now: Date): number {
  return recent(state, now).length;
}

/** The earliest instant at which one more send is allowed (`now` when one is allowed already). */
export function nextFreeAt(state: RateState, now: Date, max: number): Date {
  const paused = pausedUntil(state, now);
  const times = recent(state, now);
  let at = now.getTime();
  if (times.length >= max) {
    const oldestThatMustExpire = times[times.length - max] ?? at;
    at = Math.max(at, oldestThatMustExpire + RATE_WINDOW_MS);
  }
  if (paused !== undefined) at = Math.max(at, paused);
  return new Date(at);
}

/** The state after one send at `now`; old entries are dropped so the record stays small. */
export function recordSend(state: RateState, now: Date): RateState {
  const kept = recent(state, now).map((t) => new Date(t).toISOString());
  const next: RateState = { sentAt: [...kept, now.toISOString()] };
  if (state.pausedUntil && pausedUntil(state, now) !== undefined) next.pausedUntil = state.pausedUntil;
  return next;
}

/** The state with sending paused until `until` (never shortening an existing pause). */
export function pause(state: RateState, until: Date): RateState {
  const current = state.pausedUntil ? Date.parse(state.pausedUntil) : Number.NaN;
  if (Number.isFinite(current) && current >= until.getTime()) return state;
  return { ...state, pausedUntil: until.toISOString() };
}
