import { localParts } from '../../core/cron-fields.js';
import type { Alert, AlertKind } from '../../core/types.js';
import type { Admission, Channel } from '../channel.js';

/**
 * Which alerts one channel gets, and when (pure). `kinds`: only these kinds (e.g. e-mail only the
 * daily summary); others are settled for this channel without being sent. `quietHours`: inside the
 * window, kinds not listed as urgent wait until it ends (they are not dropped); `test` always goes.
 */
export interface ChannelFilter {
  kinds?: readonly AlertKind[];
  quietHours?: { start: string; end: string; urgent: readonly AlertKind[] };
  timeZone: string;
}

function hhmm(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** True inside [start, end) local time; a window whose end is before its start spans midnight. */
export function inQuietHours(q: { start: string; end: string }, ms: number, timeZone: string): boolean {
  if (q.start === q.end) return false;
  const t = hhmm(ms, timeZone);
  // Stryker disable next-line EqualityOperator: start === end returned above
  return q.start < q.end ? t >= q.start && t < q.end : t >= q.start || t < q.end;
}

/** The first whole minute after `now` outside the window (at most a day ahead). */
export function quietHoursEnd(q: { start: string; end: string }, now: Date, timeZone: string): Date {
  const start = Math.floor(now.getTime() / 60_000) * 60_000;
  // Stryker disable next-line EqualityOperator: a window with start ≠ end always ends within the day
  for (let minute = 1; minute <= 24 * 60; minute += 1) {
    const at = start + minute * 60_000;
    if (!inQuietHours(q, at, timeZone)) return new Date(at);
  }
  // Stryker disable next-line ArithmeticOperator: unreachable (see the loop); a day on keeps the type total
  return new Date(start + 86_400_000);
}

export function admission(filter: ChannelFilter, alert: Alert, now: Date): Admission {
  if (alert.kind === 'test') return 'send';
  if (filter.kinds && !filter.kinds.includes(alert.kind)) return 'skip';
  const q = filter.quietHours;
  if (q && !q.urgent.includes(alert.kind) && inQuietHours(q, now.getTime(), filter.timeZone)) {
    return quietHoursEnd(q, now, filter.timeZone);
  }
  return 'send';
}

/** `channel` with its filter as `admit` (no filter: the channel as it is). */
export function withFilter<P>(channel: Channel<P>, filter: ChannelFilter): Channel<P> {
  if (!filter.kinds && !filter.quietHours) return channel;
  return { ...channel, admit: (alert, now) => admission(filter, alert, now) };
}
