/**
 * Pure: the JSON answers of a visit that hold the course's title beside a seat count. Each candidate
 * says where the course object is (in a list, or alone), which keys are the id, the title, the
 * seats and the status, and how the courses seen say "full".
 */
import type { JsonSeats } from './recipe.js';
import { classifyWords, NOT_SEATS, norm, seatNamesFirst, urlTemplate } from './seats-words.js';
import type { Exchange, Path } from './types.js';

/** What the person told (or clicked): the course's title and the tokens its page's URL had. */
export interface CourseClue {
  title: string;
  idTokens: string[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseJson(exchange: Exchange): unknown {
  const looksJson = /json/i.test(exchange.contentType) || /^\s*[[{]/.test(exchange.body);
  if (!looksJson || exchange.body.trim() === '') return undefined;
  try {
    return JSON.parse(exchange.body);
  } catch {
    return undefined;
  }
}

export function at(value: unknown, path: Path): unknown {
  let v = value;
  for (const key of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

/** Every object of the answer holding a string equal to the title, with its path. */
function objectsWithTitle(value: unknown, title: string, path: Path = []): { obj: Obj; path: Path }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => objectsWithTitle(v, title, [...path, i]));
  if (!isObj(value)) return [];
  const here = Object.values(value).some((v) => typeof v === 'string' && norm(v) === title);
  const below = Object.entries(value).flatMap(([k, v]) => objectsWithTitle(v, title, [...path, k]));
  return here ? [{ obj: value, path }, ...below] : below;
}

const ID_NAMES = /^(id|code|no|courseId|course_id|courseNo|courseCode|kcid|kcbh|eventId|classId|lessonId)$/i;

function idKeyOf(obj: Obj, tokens: string[]): string | undefined {
  const byValue = Object.keys(obj).find((k) => {
    const v = obj[k];
    return (typeof v === 'string' || typeof v === 'number') && tokens.includes(String(v));
  });
  return byValue ?? Object.keys(obj).find((k) => ID_NAMES.test(k) && typeof obj[k] !== 'object');
}

/** Keys of whole numbers >= 0 that may be the seats left, "seats" names first. */
function seatKeysOf(obj: Obj): string[] {
  const keys = Object.keys(obj).filter((k) => {
    const v = obj[k];
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && !NOT_SEATS.test(k);
  });
  return seatNamesFirst(keys, (k) => k);
}

/** The candidates of one answer. */
function candidatesIn(exchange: Exchange, clue: CourseClue): JsonSeats[] {
  const body = parseJson(exchange);
  if (body === undefined) return [];
  const out: JsonSeats[] = [];
  for (const { obj, path } of objectsWithTitle(body, clue.title)) {
    const titleKey = Object.keys(obj).find(
      (k) => typeof obj[k] === 'string' && norm(String(obj[k])) === clue.title,
    );
    const idKey = idKeyOf(obj, clue.idTokens);
    if (!titleKey || !idKey) continue;
    const id = String(obj[idKey]);
    const inList = typeof path[path.length - 1] === 'number';
    const list = inList ? path.slice(0, -1) : null;
    const statusKey = Object.keys(obj).find((k) => /^(status|state)$/i.test(k) && typeof obj[k] === 'string');
    for (const seatsKey of seatKeysOf(obj)) {
      const peers = list ? (at(body, list) as unknown[]).filter(isObj) : [obj];
      const seen = statusKey
        ? peers.map((p) => ({
            word: String(p[statusKey] ?? ''),
            seats: typeof p[seatsKey] === 'number' ? (p[seatsKey] as number) : null,
          }))
        : [];
      const seats = obj[seatsKey] as number;
      const openSample = statusKey && seats > 0 ? String(obj[statusKey]) : undefined;
      out.push({
        kind: 'json',
        url: urlTemplate(exchange.url, id),
        list,
        item: list ? [] : path,
        idKey,
        titleKey,
        seatsKey,
        ...(statusKey ? { statusKey } : {}),
        words: classifyWords(seen, openSample),
        sample: { id, title: clue.title, seats },
      });
    }
  }
  return out;
}

/**
 * Candidates over the whole visit, best first: GET answers only (observe never changes the portal),
 * seat-named fields first, lists before one course's answer, URLs naming the course first (one
 * small answer per course), then in visit order.
 */
export function findJsonSeats(exchanges: Exchange[], clue: CourseClue): JsonSeats[] {
  const gets = exchanges.filter((e) => e.method === 'GET' && e.status >= 200 && e.status < 300);
  const all = gets.flatMap((e) => candidatesIn(e, clue));
  const named = (c: JsonSeats) => (c.url.includes('{id}') ? 0 : 1);
  const seatsFirst = (c: JsonSeats) => (/余|剩|seat|remain|left|avail|vacan/i.test(c.seatsKey) ? 0 : 1);
  const unique = new Map<string, JsonSeats>();
  for (const c of all) {
    const key = JSON.stringify([c.url, c.list, c.item, c.seatsKey]);
    if (!unique.has(key)) unique.set(key, c);
  }
  // A list says "not there" by leaving the course out; one course's answer may say it in words.
  const listFirst = (c: JsonSeats) => (c.list ? 0 : 1);
  return [...unique.values()].sort(
    (a, b) => seatsFirst(a) - seatsFirst(b) || listFirst(a) - listFirst(b) || named(a) - named(b),
  );
}
