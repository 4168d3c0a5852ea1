/**
 * Pure: the `observe` step of a recorded flow and its helpers, as source lines: a JSON answer read
 * at the recorded paths, or an HTML table read by its recorded columns. Status words seen in the
 * visit are kept; a word never seen is read by its meaning, and one that says nothing known is a
 * changed portal (never "full").
 */
import type { JsonSeats, StateWords, TableSeats } from './recipe.js';

const q = (value: unknown) => JSON.stringify(value);

/** A URL of the recipe as the flow asks it: relative to the portal (or the API) when on its origin. */
export function relativeTo(url: string, base: string | undefined): string {
  if (!base) return url;
  const origin = new URL(base).origin;
  return url.startsWith(`${origin}/`) ? url.slice(origin.length) : url;
}

export interface ObserveSource {
  helpers: string[];
  body: string[];
}

function stateLines(words: StateWords): string[] {
  return [
    `const FULL: readonly string[] = ${q(words.full)};`,
    `const OPEN: readonly string[] = ${q(words.open)};`,
    `const CLOSED: readonly string[] = ${q(words.closed)};`,
    '/** A status word: as seen in the visit, else by its meaning; an unknown word is a changed portal. */',
    "function stateOf(word: string, seats: number | null, id: string): Observation['state'] {",
    "  if (FULL.includes(word) || /满|full/i.test(word)) return 'full';",
    "  if (CLOSED.includes(word) || /结束|截止|关闭|停止|摇号|未开始|close|end|lottery/i.test(word)) return 'closed';",
    "  if (word === '' || OPEN.includes(word) || /open|可报|报名中|招生中/i.test(word))",
    "    return seats === null || seats > 0 ? 'open' : 'full';",
    '  throw changed(`course ${id} says "${word.slice(0, 20)}"`);',
    '}',
  ];
}

const pageLine =
  "  const url = new URL(COURSE_PAGE.replace('{id}', encodeURIComponent(id)), ctx.baseUrl).href;";

export function observeJson(seats: JsonSeats, base: string): ObserveSource {
  const spec = {
    url: relativeTo(seats.url, base),
    list: seats.list,
    item: seats.item,
    id: seats.idKey,
    title: seats.titleKey,
    seats: seats.seatsKey,
    ...(seats.statusKey ? { status: seats.statusKey } : {}),
  };
  return {
    helpers: [
      '/** Where the recorded answer keeps each course: `{id}` in the URL is the course id. */',
      'const SEATS: {',
      '  url: string;',
      '  list: readonly (string | number)[] | null;',
      '  item: readonly (string | number)[];',
      '  id: string;',
      '  title: string;',
      '  seats: string;',
      '  status?: string;',
      `} = ${q(spec)};`,
      `// In the visit: "${seats.sample.title}" (${seats.sample.id}) had ${seats.seatsKey} = ${seats.sample.seats}.`,
      ...stateLines(seats.words),
      '',
      'type Course = Record<string, unknown>;',
      'const isCourse = (v: unknown): v is Course => typeof v === "object" && v !== null && !Array.isArray(v);',
      'const at = (value: unknown, path: readonly (string | number)[]): unknown =>',
      '  path.reduce<unknown>((v, k) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[k] : undefined), value);',
      '',
      '/** The course of the answer, or undefined when the portal does not have it. */',
      'function pick(body: unknown, id: string): Course | undefined {',
      '  if (SEATS.list) {',
      '    const list = at(body, SEATS.list);',
      '    if (!Array.isArray(list)) throw changed(`no list at "${SEATS.list.join(".")}"`);',
      '    return list.find((c): c is Course => isCourse(c) && String(c[SEATS.id]) === id);',
      '  }',
      '  const one = at(body, SEATS.item);',
      '  if (!isCourse(one)) throw changed(`no course at "${SEATS.item.join(".")}"`);',
      '  return String(one[SEATS.id]) === id ? one : undefined;',
      '}',
      '',
      'function observation(ctx: Ctx, id: string, course: Course | undefined): Observation {',
      pageLine,
      "  if (!course) return { courseId: id, title: '', seats: null, state: 'not_found', url };",
      '  const title = course[SEATS.title];',
      '  const seats = course[SEATS.seats];',
      "  if (typeof title !== 'string' || typeof seats !== 'number' || !Number.isInteger(seats) || seats < 0)",
      '    throw changed(`course ${id} has no "${SEATS.title}" and "${SEATS.seats}"`);',
      "  const state = stateOf(SEATS.status ? String(course[SEATS.status] ?? '') : '', seats, id);",
      "  return { courseId: id, title, seats: state === 'full' ? 0 : seats, state, url };",
      '}',
    ],
    body: [
      '  async observe(ctx, courses): Promise<Observation[]> {',
      '    if (courses.length === 0) return [];',
      '    const client = await api(ctx);',
      '    const answers = new Map<string, Promise<unknown>>();',
      '    const read = (path: string): Promise<unknown> => {',
      '      const known = answers.get(path);',
      '      if (known) return known;',
      "      const asked = client.request('GET', path).then((answer) => {",
      '        if (answer.status === 404) return undefined;',
      '        if (!answer.ok) throw changed(`${answer.label} answered ${answer.status}`);',
      '        return answer.body;',
      '      });',
      '      answers.set(path, asked);',
      '      return asked;',
      '    };',
      '    const out: Observation[] = [];',
      '    for (const ref of courses) {',
      "      const body = await read(SEATS.url.replace('{id}', encodeURIComponent(ref.id)));",
      '      out.push(observation(ctx, ref.id, body === undefined ? undefined : pick(body, ref.id)));',
      '    }',
      '    return out;',
      '  },',
    ],
  };
}

export function observeTable(seats: TableSeats, baseUrl: string): ObserveSource {
  const spec = {
    url: relativeTo(seats.url, baseUrl),
    table: seats.table,
    id: seats.idColumn,
    title: seats.titleColumn,
    seats: seats.seatsColumn,
  };
  return {
    helpers: [
      '/** The recorded page and its table: `{id}` in the URL is the course id; columns by their headers. */',
      `const LIST = ${q(spec)};`,
      `// In the visit: "${seats.sample.title}" (${seats.sample.id}) had ${seats.seatsColumn} "${seats.sample.cell}".`,
      ...stateLines(seats.words),
      '',
      "function seatsOf(cell: string, id: string): Pick<Observation, 'seats' | 'state'> {",
      '  const number = /\\d+/.exec(cell)?.[0];',
      "  if (number !== undefined) return { seats: Number(number), state: Number(number) > 0 ? 'open' : 'full' };",
      '  const state = stateOf(cell, null, id);',
      "  return { seats: state === 'full' ? 0 : null, state };",
      '}',
      '',
      '/** The rows of the recorded table, or undefined when the page says 404. */',
      'async function rowsOf(ctx: Ctx, path: string): Promise<Record<string, string>[] | undefined> {',
      '  const page = await web(ctx).get(path, { acceptStatus: [404] });',
      '  if (page.status === 404) return undefined;',
      '  const table = page.table(LIST.table);',
      '  const missing = [LIST.id, LIST.title, LIST.seats].filter((h) => !table.headers.includes(h));',
      '  if (missing.length > 0) throw changed(`the table ${LIST.table} has no column ${missing.join(", ")}`);',
      '  return table.records;',
      '}',
    ],
    body: [
      '  async observe(ctx, courses): Promise<Observation[]> {',
      '    if (courses.length === 0) return [];',
      '    const pages = new Map<string, Promise<Record<string, string>[] | undefined>>();',
      '    const out: Observation[] = [];',
      '    for (const { id } of courses) {',
      "      const path = LIST.url.replace('{id}', encodeURIComponent(id));",
      '      const rows = pages.get(path) ?? rowsOf(ctx, path);',
      '      pages.set(path, rows);',
      '      const row = (await rows)?.find((r) => r[LIST.id]?.trim() === id);',
      "      const url = new URL(COURSE_PAGE.replace('{id}', encodeURIComponent(id)), ctx.baseUrl).href;",
      "      if (!row) out.push({ courseId: id, title: '', seats: null, state: 'not_found', url });",
      '      else out.push({ courseId: id, title: `${row[LIST.title]}`.trim(), url, ...seatsOf(`${row[LIST.seats]}`.trim(), id) });',
      '    }',
      '    return out;',
      '  },',
    ],
  };
}
