/**
 * Small pure helpers of the analysis: text normalising, the names that say "seats", how a status
 * word reads ("full", "open", other), and course-id templates in URLs.
 */
import type { StateWords } from './recipe.js';

/** Whitespace collapsed and trimmed, as a person reads a title. */
export const norm = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** Field or column names that say "seats left", best first. */
export const SEAT_NAMES =
  /余位|余量|剩余|空位|余额|可报|名额|seat|remain|left|avail|vacan|free|quota|spare|rest/i;

/** Names that are never the seats left (fees, times, ages, totals). */
export const NOT_SEATS =
  /费|价|时间|日期|年龄|电话|编号|周|星期|人数|总|fee|price|cost|time|date|age|year|week|day|hour|capacity|total|max|min|sort|order|page|size|^id$|code|phone/i;

/** A word that says the course is full. */
export const FULL_WORD = /满|full|sold ?out|no seats|none left/i;
/** A word that says the course is open for enrolment. */
export const OPEN_WORD = /^(open|available|可报名|报名中|招生中|有余位|可预约)$/i;

/** Sorts names so those saying "seats" come first (stable otherwise). */
export function seatNamesFirst<T>(items: T[], name: (item: T) => string): T[] {
  const score = (item: T) => (SEAT_NAMES.test(name(item)) ? 0 : 1);
  return items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => score(a.item) - score(b.item) || a.i - b.i)
    .map((x) => x.item);
}

/** Status words as seen on the courses: each goes to full, open or closed once. */
export function classifyWords(
  seen: { word: string; seats: number | null }[],
  openSample?: string,
): StateWords {
  const words: StateWords = { full: [], open: [], closed: [] };
  for (const { word, seats } of seen) {
    if (!word || [...words.full, ...words.open, ...words.closed].includes(word)) continue;
    if (FULL_WORD.test(word)) words.full.push(word);
    else if (OPEN_WORD.test(word) || word === openSample) words.open.push(word);
    else if (seats === 0) words.full.push(word);
    else words.closed.push(word);
  }
  return words;
}

/** The candidate course ids of a page URL: its path segments and query values (longest first). */
export function idTokensOf(url: string | undefined): string[] {
  if (!url) return [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [];
  }
  const segments = parsed.pathname.split('/').map((s) => decodeURIComponent(s));
  const values = [...parsed.searchParams.values()];
  const tokens = [...segments, ...values].filter(
    (t) => t.length >= 2 && !/\.(jsp|php|aspx?|html?)$/i.test(t),
  );
  return [...new Set(tokens)].sort((a, b) => b.length - a.length);
}

/** The URL with the course id replaced by `{id}` (path segment or query value), or as it was. */
export function urlTemplate(url: string, id: string): string {
  const parsed = new URL(url);
  const enc = encodeURIComponent(id);
  const path = parsed.pathname
    .split('/')
    .map((s) => (s === enc || s === id ? '{id}' : s))
    .join('/');
  const query = [...parsed.searchParams.entries()]
    .map(([k, v]) => `${encodeURIComponent(k)}=${v === id ? '{id}' : encodeURIComponent(v)}`)
    .join('&');
  return `${parsed.origin}${path}${query ? `?${query}` : ''}`;
}

/** The numbers a page shows right after a "seats" word (`剩余名额 3/20` → 3, `余位：5` → 5). */
export function seatNumbersIn(text: string): number[] {
  const found = text.matchAll(
    /(?:余位|余量|剩余名额|剩余|空位|可报名|名额|seats? left|remaining)[^\d\n]{0,6}(\d+)/gi,
  );
  return [...new Set([...found].map((m) => Number(m[1])))];
}
