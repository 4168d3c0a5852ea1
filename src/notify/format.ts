import type { ZonedParts } from '../i18n/locale.js';

/** Small pure helpers shared by the renderers: zoned time parts, widths, escaping. */

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

export { pad2, type ZonedParts } from '../i18n/locale.js';

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock parts of an ISO instant in `timeZone`; undefined when the instant does not parse. */
export function zonedParts(iso: string, timeZone = DEFAULT_TIME_ZONE): ZonedParts | undefined {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(date)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
  };
}

/**
 * Display width as WeCom's "N 个字" counts it: wide characters (CJK, full-width forms, emoji) count 1,
 * narrow ones 0.5.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += (char.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.5;
  return width;
}

/** Portal-supplied text on one line, with WeCom's `<@…>` mention syntax defused. */
export function oneLine(text: string): string {
  return defuseMentions(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

export function defuseMentions(text: string): string {
  return text.replace(/<@/g, '＜@');
}

/**
 * WeCom markdown has no escapes, so characters that would start markup are swapped for their
 * full-width look-alikes.
 */
export function mdEscape(text: string): string {
  return text
    .replace(/\[/g, '［')
    .replace(/]/g, '］')
    .replace(/</g, '＜')
    .replace(/>/g, '＞')
    .replace(/\*/g, '＊')
    .replace(/`/g, '｀')
    .replace(/^#/gm, '＃');
}

/** An http(s) URL safe inside `[t](url)`, or undefined when it is not one. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** A labelled value, or nothing when there is no value. */
export function field(key: string, value: string | undefined): { key: string; value: string } | undefined {
  return value ? { key, value } : undefined;
}

/** The items that are there (no undefined, null, false or empty string). */
export function compact<T>(items: (T | undefined | null | false | '')[]): T[] {
  return items.filter((x): x is T => Boolean(x));
}
