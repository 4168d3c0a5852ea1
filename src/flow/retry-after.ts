/** Used when a 429 carries no usable Retry-After: long enough not to hammer the portal. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * Retry-After (RFC 9110) is either delay-seconds or an HTTP-date; returns milliseconds to wait.
 * `nowMs` comes in as an argument so the function stays pure.
 */
export function parseRetryAfterMs(
  value: string | null | undefined,
  nowMs: number,
  fallbackMs: number = DEFAULT_RETRY_AFTER_MS,
): number {
  const text = value?.trim();
  if (!text) return fallbackMs;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // An HTTP-date names a weekday or month; Date.parse alone would also take "-5" as a year.
  const at = /[a-z]/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return fallbackMs;
  return Math.max(0, at - nowMs);
}
