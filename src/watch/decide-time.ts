import type { QuietHours } from './policy.js';

/** Whole and fractional minutes from `from` (ISO) to `now`. */
export function minutesSince(from: string, now: Date): number {
  return (now.getTime() - Date.parse(from)) / 60_000;
}

/** "HH:MM" of `now` in an IANA time zone. */
function localTime(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  // Stryker disable next-line OptionalChaining,StringLiteral: formatToParts with hour and minute always yields both parts, hour first
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return `${part('hour')}:${part('minute')}`;
}

/**
 * When quiet hours that hold at `now` end (to the minute), or undefined when they do not hold.
 * Walks forward a minute at a time (at most a day), so time-zone offsets need no table here.
 */
export function quietEndsAt(quiet: QuietHours | undefined, now: Date): Date | undefined {
  if (!isQuietTime(quiet, now)) return undefined;
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  for (let minute = 1; minute <= 24 * 60; minute += 1) {
    const at = new Date(start + minute * 60_000);
    if (!isQuietTime(quiet, at)) return at;
  }
  return undefined;
}

/** True inside [start, end) local time; a window with end before start spans midnight. */
export function isQuietTime(quiet: QuietHours | undefined, now: Date): boolean {
  if (!quiet || quiet.start === quiet.end) return false;
  const t = localTime(now, quiet.timezone);
  // Stryker disable next-line EqualityOperator: start === end returned above
  return quiet.start < quiet.end ? t >= quiet.start && t < quiet.end : t >= quiet.start || t < quiet.end;
}
