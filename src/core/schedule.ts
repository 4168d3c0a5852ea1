import type { Schedule } from './types.js';

/**
 * What a Schedule means, as pure calendar arithmetic: which days it meets on and at what times of
 * day. Dates are the portal's local calendar days ("YYYY-MM-DD"); no time zone enters (a day is
 * counted from 1970-01-01 in UTC arithmetic, which only numbers the days).
 */

/** Minutes since midnight of a "H:MM"/"HH:MM" time (24:00 allowed as an end); undefined otherwise. */
export function minutesOf(time: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time);
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * 60 + minutes;
}

/** Day number of a real calendar date "YYYY-MM-DD" (days since 1970-01-01); undefined otherwise. */
export function dayNumber(date: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // 2027-02-30 would roll over to March: only a date that comes back unchanged is real.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) {
    return undefined;
  }
  return Math.round(ms / 86_400_000);
}

/** 1 = Monday … 7 = Sunday of a day number (day 0, 1970-01-01, was a Thursday). */
export function weekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** 1 = Monday … 7 = Sunday of a calendar date "YYYY-MM-DD"; undefined for a date that does not exist. */
export function weekdayOf(date: string): number | undefined {
  const day = dayNumber(date);
  return day === undefined ? undefined : weekdayOfDay(day);
}

/** The days a schedule meets on: weekdays (bit n-1 for weekday n) within [from, until] (open ends). */
export interface ScheduleDays {
  /** Bit mask of weekdays: bit 0 = Monday … bit 6 = Sunday; 0x7f = every day. */
  weekdays: number;
  from?: number;
  until?: number;
}

/** A schedule read for what it says: its days and its times in minutes, and its shape for display. */
export interface ScheduleMeaning {
  /** `day`: one date; `weekly`: weekdays, maybe within a term; `range`: every day of a date range. */
  shape: 'day' | 'weekly' | 'range';
  days: ScheduleDays;
  /** Sorted, no repeats; for `day` the date's own weekday; for `range`, all seven. */
  weekdayList: number[];
  startMinutes: number;
  endMinutes: number;
}

const EVERY_DAY = 0x7f;
const isWeekday = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 7;
const maskOf = (weekdays: number[]): number => weekdays.reduce((mask, n) => mask | (1 << (n - 1)), 0);
const listOf = (mask: number): number[] => [1, 2, 3, 4, 5, 6, 7].filter((n) => mask & (1 << (n - 1)));

type Read = { ok: true; meaning: ScheduleMeaning } | { ok: false; problem: string };

/** The times, then which days: one reading that either means something or says what is wrong. */
function read(s: Schedule): Read {
  const fail = (problem: string): Read => ({ ok: false, problem });
  const startMinutes = minutesOf(String(s.start));
  const endMinutes = minutesOf(String(s.end));
  if (startMinutes === undefined) return fail(`start "${s.start}" is not a time "HH:MM"`);
  if (endMinutes === undefined) return fail(`end "${s.end}" is not a time "HH:MM"`);
  if (endMinutes <= startMinutes) return fail(`it ends (${s.end}) before it starts (${s.start})`);
  const times = { startMinutes, endMinutes };
  const days: { date?: number; from?: number; until?: number } = {};
  for (const name of ['date', 'from', 'until'] as const) {
    const value = s[name];
    if (value === undefined) continue;
    const day = dayNumber(String(value));
    if (day === undefined) return fail(`${name} "${value}" is not a calendar date "YYYY-MM-DD"`);
    days[name] = day;
  }
  const { date, from, until } = days;
  if (date !== undefined) {
    if (from !== undefined || until !== undefined || s.weekdays !== undefined) {
      return fail('a one-day schedule (date) takes no from, until or weekdays');
    }
    // The date is the truth; a weekday given beside it (old flows did) is that day's by definition.
    const meaning: ScheduleMeaning = {
      shape: 'day',
      days: { weekdays: EVERY_DAY, from: date, until: date },
      weekdayList: [weekdayOfDay(date)],
      ...times,
    };
    return { ok: true, meaning };
  }
  if (from !== undefined && until !== undefined && from > until) {
    return fail(`from ${s.from} is after until ${s.until}`);
  }
  const range = { ...(from === undefined ? {} : { from }), ...(until === undefined ? {} : { until }) };
  if (s.weekday !== undefined && s.weekdays !== undefined) return fail('give weekday or weekdays, not both');
  if (s.weekday !== undefined) {
    if (!isWeekday(s.weekday)) return fail(`weekday ${s.weekday} is not 1 (Monday) … 7 (Sunday)`);
    return {
      ok: true,
      meaning: {
        shape: 'weekly',
        days: { weekdays: maskOf([s.weekday]), ...range },
        weekdayList: [s.weekday],
        ...times,
      },
    };
  }
  if (s.weekdays !== undefined) {
    if (!Array.isArray(s.weekdays) || s.weekdays.length === 0 || !s.weekdays.every(isWeekday)) {
      return fail(`weekdays ${JSON.stringify(s.weekdays)} is not a list of 1 (Monday) … 7 (Sunday)`);
    }
    const mask = maskOf(s.weekdays);
    return {
      ok: true,
      meaning: { shape: 'weekly', days: { weekdays: mask, ...range }, weekdayList: listOf(mask), ...times },
    };
  }
  if (from === undefined || until === undefined) {
    return fail(
      'say which days: a date, a weekday (or weekdays), or both from and until (every day of that range)',
    );
  }
  return {
    ok: true,
    meaning: {
      shape: 'range',
      days: { weekdays: EVERY_DAY, ...range },
      weekdayList: listOf(EVERY_DAY),
      ...times,
    },
  };
}

/** What a schedule means, or undefined when it is not one (see scheduleProblem for why). */
export function scheduleMeaning(s: Schedule): ScheduleMeaning | undefined {
  const r = read(s);
  return r.ok ? r.meaning : undefined;
}

/** Why a schedule means nothing, for the flow's author; undefined when it is a valid schedule. */
export function scheduleProblem(s: Schedule): string | undefined {
  const r = read(s);
  return r.ok ? undefined : r.problem;
}

/** Some day belongs to both sets of days. */
export function shareADay(a: ScheduleDays, b: ScheduleDays): boolean {
  const weekdays = a.weekdays & b.weekdays;
  if (weekdays === 0) return false;
  const from = Math.max(a.from ?? -Infinity, b.from ?? -Infinity);
  const until = Math.min(a.until ?? Infinity, b.until ?? Infinity);
  if (from > until) return false;
  // A week or more (or an open end) holds every weekday.
  if (until - from >= 6) return true;
  for (let day = from; day <= until; day++) {
    if (weekdays & (1 << (weekdayOfDay(day) - 1))) return true;
  }
  return false;
}

/**
 * Two schedules clash iff some day belongs to both and their times overlap (touching ends do not
 * clash). A weekly class without dates meets on its weekday in every week. A schedule that means
 * nothing (scheduleProblem) cannot be shown to clash, like an unknown one.
 */
export function schedulesClash(a: Schedule, b: Schedule): boolean {
  const x = scheduleMeaning(a);
  const y = scheduleMeaning(b);
  if (!x || !y) return false;
  return x.startMinutes < y.endMinutes && y.startMinutes < x.endMinutes && shareADay(x.days, y.days);
}
