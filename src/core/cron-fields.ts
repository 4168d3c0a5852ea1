/**
 * jianlou's one cron dialect (`schedule.cron`, `schedule.surges[].cron`, the daily summary, "next
 * check at"), and local date-times read in a time zone: pure.
 *
 * - 5 fields: minute hour day-of-month month day-of-week; `schedule.cron` may put a seconds field first
 *   (6 fields). Each field: `*`, a value, a range `a-b`, a step `* /n`, `a-b/n` or `a/n` (a to the end),
 *   a list `a,b-c`. Day of week 0–7 (0 and 7 = Sunday).
 * - Names, case-insensitive, where cron has them: months `jan`–`dec`, weekdays `sun`–`sat`, also in
 *   ranges and lists (`mon-fri`, `jan,jul`).
 * - Day of month and day of week combine the way Vixie cron does: when both are restricted (neither
 *   starts with `*`), a day matches either (`0 9 1 * 1` = the 1st of each month and every Monday);
 *   when one starts with `*`, the other alone decides.
 */

export interface CronFields {
  /** {0} for a 5-field cron. */
  second: Set<number>;
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
  /** Both day fields restricted: either may match (Vixie cron). */
  eitherDay: boolean;
  /** The cron had a seconds field (6 fields). */
  hasSeconds: boolean;
}

export interface CronOptions {
  /** Whether a leading seconds field (6 fields) is accepted. */
  seconds?: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: { list: string[]; first: number; hint: string };
}

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: { list: MONTHS, first: 1, hint: 'jan–dec' } },
  { name: 'day of week', min: 0, max: 7, names: { list: DAYS, first: 0, hint: 'sun–sat' } },
];

/** A value: digits, or a name where the field has names; undefined when it is neither. */
function fieldValue(text: string, spec: FieldSpec): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const at = spec.names?.list.indexOf(text.toLowerCase()) ?? -1;
  return at < 0 || !spec.names ? undefined : spec.names.first + at;
}

function parseField(text: string, spec: FieldSpec): Set<number> | string {
  const { name, min, max } = spec;
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:\/(\d+))?$/i.exec(part);
    const a = m?.[2] === undefined ? undefined : fieldValue(m[2], spec);
    const b = m?.[3] === undefined ? undefined : fieldValue(m[3], spec);
    if (!m || (m[2] !== undefined && a === undefined) || (m[3] !== undefined && b === undefined)) {
      const names = spec.names ? `, a name (${spec.names.hint})` : '';
      return `${name} "${part}" is not a number${names}, range (a-b), step (*/n) or list (a,b)`;
    }
    const step = m[4] === undefined ? 1 : Number(m[4]);
    const from = a ?? min;
    const to = m[1] === '*' ? max : (b ?? (m[4] === undefined ? from : max));
    if (step < 1) return `${name} step must be at least 1`;
    if (from < min || to > max) return `${name} "${part}" is outside ${min}–${max}`;
    if (from > to) return `${name} "${part}" runs backwards; write the smaller value first`;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** The fields of a cron in jianlou's dialect, or a sentence saying what is wrong with it. */
export function parseCron(expr: string, options: CronOptions = {}): CronFields | string {
  const parts = expr.trim().split(/\s+/);
  const hasSeconds = options.seconds === true && parts.length === 6;
  if (parts.length !== 5 && !hasSeconds) {
    const use = options.seconds
      ? 'use 5 (minute hour day month weekday), or 6 with a seconds field first'
      : 'use 5 (minute hour day month weekday)';
    return `"${expr.trim()}" has ${parts.length} field${parts.length === 1 ? '' : 's'}; ${use}`;
  }
  const specs = hasSeconds ? [SECOND, ...FIELDS] : FIELDS;
  const sets: Set<number>[] = [];
  for (const [i, spec] of specs.entries()) {
    const parsed = parseField(parts[i] ?? '', spec);
    if (typeof parsed === 'string') return parsed;
    sets.push(parsed);
  }
  const [second, minute, hour, dayOfMonth, month, dayOfWeek] = (
    hasSeconds ? sets : [new Set([0]), ...sets]
  ) as [Set<number>, Set<number>, Set<number>, Set<number>, Set<number>, Set<number>];
  if (dayOfWeek.has(7)) dayOfWeek.add(0);
  dayOfWeek.delete(7);
  const [dom, dow] = hasSeconds ? [parts[3], parts[5]] : [parts[2], parts[4]];
  const restricted = (field: string | undefined) => !field?.startsWith('*');
  return {
    second,
    minute,
    hour,
    dayOfMonth,
    month,
    dayOfWeek,
    eitherDay: restricted(dom) && restricted(dow),
    hasSeconds,
  };
}

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall-clock reading of `ms` in `timeZone`. */
export function localParts(ms: number, timeZone: string): LocalParts {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, fmt);
  }
  const out: LocalParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, weekday: 0 };
  for (const p of fmt.formatToParts(ms)) {
    if (p.type === 'weekday') out.weekday = WEEKDAYS.indexOf(p.value);
    else if (p.type in out) {
      const value = Number(p.value);
      out[p.type as keyof LocalParts] = p.type === 'hour' ? value % 24 : value;
    }
  }
  return out;
}

/** Whether the cron fires at this wall-clock reading (the second counts only for a 6-field cron). */
export function cronMatches(fields: CronFields, p: LocalParts): boolean {
  if (fields.hasSeconds && !fields.second.has(p.second)) return false;
  if (!fields.minute.has(p.minute) || !fields.hour.has(p.hour)) return false;
  return dayMatches(fields, p.month, p.day, p.weekday);
}

function dayMatches(fields: CronFields, month: number, day: number, weekday: number): boolean {
  if (!fields.month.has(month)) return false;
  const dom = fields.dayOfMonth.has(day);
  const dow = fields.dayOfWeek.has(weekday);
  return fields.eitherDay ? dom || dow : dom && dow;
}

/**
 * A cron as the config takes it: parsed, and firing at least once (`0 0 31 2 *` parses but never
 * fires); otherwise a sentence saying what is wrong.
 */
export function checkCronText(expr: string, options: CronOptions = {}): CronFields | string {
  const fields = parseCron(expr, options);
  if (typeof fields === 'string') return fields;
  if (nextCronTime(fields, Date.UTC(2026, 0, 1), 'UTC') === undefined) {
    return `"${expr.trim()}" never fires: no such day (day of month and month never meet)`;
  }
  return fields;
}

/** How far ahead `nextCronTime` looks: a 29 February on a given weekday comes back within 28 years. */
const SEARCH_DAYS = 366 * 28;

/**
 * The first time after `afterMs` at which the cron fires, in `timeZone`; undefined when it never
 * does (`0 0 31 2 *`). A wall-clock time a DST change skips is skipped.
 */
export function nextCronTime(fields: CronFields, afterMs: number, timeZone: string): number | undefined {
  const now = localParts(afterMs, timeZone);
  const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);
  const [hours, minutes, seconds] = [sorted(fields.hour), sorted(fields.minute), sorted(fields.second)];
  for (let d = 0; d < SEARCH_DAYS; d++) {
    const date = new Date(Date.UTC(now.year, now.month - 1, now.day + d));
    const [y, mo, day] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    if (!dayMatches(fields, mo, day, date.getUTCDay())) continue;
    for (const h of hours) {
      if (d === 0 && h < now.hour) continue;
      for (const mi of minutes) {
        if (d === 0 && h === now.hour && mi < now.minute) continue;
        for (const s of seconds) {
          if (d === 0 && h === now.hour && mi === now.minute && s <= now.second) continue;
          const at = wallTimeToEpoch(y, mo, day, h, mi, s, timeZone);
          const back = localParts(at, timeZone);
          if (at > afterMs && back.hour === h && back.minute === mi) return at;
        }
      }
    }
  }
  return undefined;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * `2026-07-15 11:55` (or with `T`, seconds, and `Z` / `+08:00`) as epoch ms: without an offset it is
 * wall-clock time in `timeZone`. Undefined when the text is not such a date-time or no such day exists.
 */
export function parseLocalDateTime(text: string, timeZone: string): number | undefined {
  const m = LOCAL_DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as number[];
  const asUtc = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  const check = new Date(asUtc);
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d! || h! > 23 || mi! > 59 || s! > 59) {
    return undefined;
  }
  const offset = m[7];
  if (offset === 'Z') return asUtc;
  if (offset) {
    const sign = offset.startsWith('-') ? -1 : 1;
    const [oh, om] = offset.slice(1).split(':').map(Number) as [number, number];
    return asUtc - sign * (oh * 60 + om) * 60_000;
  }
  return wallTimeToEpoch(y!, mo!, d!, h!, mi!, s!, timeZone);
}

/** A wall-clock time in `timeZone` as epoch ms (month 1–12). */
export function wallTimeToEpoch(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  timeZone: string,
): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // The zone's offset at that moment, found from the wall clock (twice: a DST change in between).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) guess = asUtc - (wallAsUtc(guess, timeZone) - guess);
  return guess;
}

function wallAsUtc(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** True when the text has an explicit offset (`Z`, `+08:00`). */
export function hasOffset(text: string): boolean {
  return LOCAL_DATE_TIME.exec(text.trim())?.[7] !== undefined;
}
