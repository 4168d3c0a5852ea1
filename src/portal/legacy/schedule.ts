/**
 * How the legacy style's courses meet, as youth palaces run them: a holiday course every day of a date
 * range (寒假班), a weekly class over the spring term, or a one-day event. Derived from the classic seed
 * (same ids, weekdays and times), so every start and every reset gives the same catalogue. Pure.
 */
import type { CourseRecord } from '../seed.js';

/** The spring term the weekly classes run over (UTC calendar dates, no time zone involved). */
export const TERM = { from: '2027-03-01', to: '2027-06-14' } as const;
/** The two weeks of the winter holiday the holiday courses fill, every day. */
export const HOLIDAY_WEEKS = [
  { from: '2027-01-20', to: '2027-01-26' },
  { from: '2027-02-01', to: '2027-02-07' },
] as const;
/** One-day events fall on the course's weekday in the weeks after this Monday. */
const EVENTS_FROM = '2027-01-18';

export type LegacySchedule =
  | { kind: 'weekly'; weekday: number; from: string; to: string; start: string; end: string }
  | { kind: 'daily'; from: string; to: string; start: string; end: string }
  | { kind: 'once'; date: string; start: string; end: string };

const DAY_MS = 86_400_000;
const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** Swimming runs as holiday courses, science as one-day events, everything else weekly over the term. */
export function scheduleOf(
  course: Pick<CourseRecord, 'id' | 'category' | 'weekday' | 'startTime' | 'endTime'>,
  index: number,
): LegacySchedule {
  const times = { start: course.startTime, end: course.endTime };
  if (course.category === '游泳') {
    const week = HOLIDAY_WEEKS[index % HOLIDAY_WEEKS.length] ?? HOLIDAY_WEEKS[0];
    return { kind: 'daily', ...week, ...times };
  }
  if (course.category === '科学') {
    return { kind: 'once', date: addDays(EVENTS_FROM, (index % 3) * 7 + course.weekday - 1), ...times };
  }
  return { kind: 'weekly', weekday: course.weekday, ...TERM, ...times };
}

/** Course id → schedule, for the whole catalogue in seed order. */
export function schedules(courses: readonly CourseRecord[]): Map<string, LegacySchedule> {
  return new Map(courses.map((course, i) => [course.id, scheduleOf(course, i)]));
}

/** `2027年1月20日`, or `1月26日` when the year is already said. */
function chineseDate(date: string, withYear: boolean): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${withYear ? `${y}年` : ''}${m}月${d}日`;
}

/** The 上课日期 cell: `2027年1月20日—1月26日`, or one date with its weekday `2027年2月6日（周六）`. */
export function datesText(s: LegacySchedule): string {
  if (s.kind === 'once') return `${chineseDate(s.date, true)}（周${WEEKDAYS[weekdayOf(s.date) - 1]}）`;
  return `${chineseDate(s.from, true)}—${chineseDate(s.to, s.from.slice(0, 4) !== s.to.slice(0, 4))}`;
}

/** The 上课时间 cell: `每天 09:00-11:00`, `每周六 09:00-10:30`, or `09:00-11:30`. */
export function timesText(s: LegacySchedule): string {
  const hours = `${s.start}-${s.end}`;
  if (s.kind === 'daily') return `每天 ${hours}`;
  if (s.kind === 'weekly') return `每周${WEEKDAYS[s.weekday - 1]} ${hours}`;
  return hours;
}

/** 寒假班 / 春季班 / 活动: the kind of course as the list shows it. */
export function kindText(s: LegacySchedule): string {
  return s.kind === 'daily' ? '寒假班' : s.kind === 'weekly' ? '春季班' : '一日活动';
}
