import { type ScheduleMeaning, scheduleMeaning } from '../core/schedule.js';
import type { Schedule } from '../core/types.js';

/**
 * A schedule as parents read it, one wording per locale, with the dates wherever the schedule has
 * them (issue 27 item 5, issue 29: cards, `check`, the approval pages and the status page say the
 * same). Shapes (src/core/schedule.ts):
 * - one date: 1月16日 周六 09:00-10:30 · Sat 16 Jan 09:00-10:30
 * - weekly without dates (as before): 周六 09:00-10:30 · Sat 09:00-10:30
 * - weekly over a term: 每周六 09:00-10:30（3月1日—6月14日） · every Sat 09:00-10:30 (1 Mar – 14 Jun)
 * - every day of a range: 1月20日—1月26日 每天 09:00-10:30 · 20 Jan – 26 Jan, every day 09:00-10:30
 * - listed weekdays in a range: 每周一、三 09:00-10:30（1月20日—2月7日）
 * A schedule that means nothing (a flow's mistake) reads as '' so the line is left out.
 */
export interface ScheduleWords {
  /** Index 0 = Monday: the catalogue's weekday table. */
  weekdays: readonly string[];
  /** "1月16日" / "16 Jan" from the month and day numbers. */
  date(month: number, day: number): string;
  /** A one-day event: date and weekday. */
  day(date: string, weekday: string): string;
  /** Several weekdays (or one, in a term), weekly: 每周一、三 / every Mon, Wed. */
  everyWeek(weekdays: number[]): string;
  range(from: string, until: string): string;
  /** The term (or range) after a weekly slot; either end may be unknown. */
  term(from: string | undefined, until: string | undefined): string;
  everyDay(range: string, times: string): string;
}

function dateOf(iso: string, words: ScheduleWords): string {
  const [, month, day] = iso.split('-').map(Number);
  return words.date(month ?? 0, day ?? 0);
}

/** The wording of a schedule in one locale. */
export function scheduleWording(s: Schedule, words: ScheduleWords): string {
  const meaning: ScheduleMeaning | undefined = scheduleMeaning(s);
  if (!meaning) return '';
  const times = `${s.start}-${s.end}`;
  const weekday = (n: number) => words.weekdays[n - 1] ?? String(n);
  if (meaning.shape === 'day' && s.date !== undefined) {
    return `${words.day(dateOf(s.date, words), weekday(meaning.weekdayList[0] ?? 0))} ${times}`;
  }
  const from = s.from === undefined ? undefined : dateOf(s.from, words);
  const until = s.until === undefined ? undefined : dateOf(s.until, words);
  if (meaning.shape === 'range' && from !== undefined && until !== undefined) {
    return words.everyDay(words.range(from, until), times);
  }
  const dated = from !== undefined || until !== undefined;
  const [only] = meaning.weekdayList;
  if (!dated && meaning.weekdayList.length === 1 && only !== undefined) return `${weekday(only)} ${times}`;
  const slot = `${words.everyWeek(meaning.weekdayList)} ${times}`;
  return dated ? `${slot}${words.term(from, until)}` : slot;
}

const ZH_DAY_NAMES = '一二三四五六日';

export const zhScheduleWords = (weekdays: readonly string[]): ScheduleWords => ({
  weekdays,
  date: (month, day) => `${month}月${day}日`,
  day: (date, weekday) => `${date} ${weekday}`,
  everyWeek: (days) => `每周${days.map((n) => ZH_DAY_NAMES[n - 1] ?? String(n)).join('、')}`,
  range: (from, until) => `${from}—${until}`,
  term: (from, until) => {
    if (from !== undefined && until !== undefined) return `（${from}—${until}）`;
    return from !== undefined ? `（${from}起）` : `（至${until}）`;
  },
  everyDay: (range, times) => `${range} 每天 ${times}`,
});

const EN_MONTHS = ['', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const enScheduleWords = (weekdays: readonly string[]): ScheduleWords => ({
  weekdays,
  date: (month, day) => `${day} ${EN_MONTHS[month] ?? ''}`.trim(),
  day: (date, weekday) => `${weekday} ${date}`,
  everyWeek: (days) => `every ${days.map((n) => weekdays[n - 1] ?? String(n)).join(', ')}`,
  range: (from, until) => `${from} – ${until}`,
  term: (from, until) => {
    if (from !== undefined && until !== undefined) return ` (${from} – ${until})`;
    return from !== undefined ? ` (from ${from})` : ` (until ${until})`;
  },
  everyDay: (range, times) => `${range}, every day ${times}`,
});
