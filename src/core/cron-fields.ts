/**
 * A 5-field cron (minute hour day-of-month month day-of-week) read into sets of numbers, and local
 * date-times read in a time zone: pure, shared by the config checks and the surge schedule.
 * Numbers, `*`, ranges `a-b`, steps `* /n` and `a-b/n`, lists `a,b`; day of week 0–7 (0 and 7 = Sunday).
 */

export interface CronFields {
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
  /** Both day fields restricted: either may match (classic cron). */
  eitherDay: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

function parseField(text: string, min: number, max: number, name: string): Set<number> | string {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!m)
      return `${name} "${part}" is not a number, range (a-b), step (*/n) or list (a,b); names are not supported`;
    const step = m[4] === undefined ? 1 : Number(m[4]);
    const from = m[1] === '*' ? min : Number(m[2]);
    const to = m[1] === '*' ? max : m[3] === undefined ? (m[4] === undefined ? from : max) : Number(m[3]);
    if (step < 1) return `${name} step must be at least 1`;
    if (from < min || to > max || from > to) return `${name} "${part}" is outside ${min}–${max}`;
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

/** The fields of a 5-field cron, or a sentence saying what is wrong with it. */
export function parseCron(expr: string): CronFields | string {
  const parts = expr.trim().split(/\s+/);
  if (parts.length !== 5)
    return `"${expr}" has ${parts.length} fields; use 5 (minute hour day month weekday)`;
  const sets: Set<number>[] = [];
  for (const [i, spec] of FIELDS.entries()) {
    const parsed = parseField(parts[i] ?? '', spec.min, spec.max, spec.name);
    if (typeof parsed === 'string') return parsed;
    sets.push(parsed);
  }
  const [minute, hour, dayOfMonth, month, dayOfWeek] = sets as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  if (dayOfWeek.has(7)) dayOfWeek.add(0);
  return { minute, hour, dayOfMonth, month, dayOfWeek, eitherDay: parts[2] !== '*' && parts[4] !== '*' };
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

export function cronMatches(fields: CronFields, p: LocalParts): boolean {
  if (!fields.minute.has(p.minute) || !fields.hour.has(p.hour) || !fields.month.has(p.month)) return false;
  const dom = fields.dayOfMonth.has(p.day);
  const dow = fields.dayOfWeek.has(p.weekday);
  return fields.eitherDay ? dom || dow : dom && dow;
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
