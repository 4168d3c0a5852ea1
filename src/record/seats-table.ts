/**
 * The HTML tables of a visit that list the course's title in a row beside a seat count (a number, or
 * a word such as 已满). No I/O: the pages are the recorded answers, read with the kit's HTML reader.
 */
import type { HtmlDocument, HtmlElement } from '../flow/html-document.js';
import { readHtml } from '../flow/html-document.js';
import type { TableSeats } from './recipe.js';
import type { CourseClue } from './seats-json.js';
import { classifyWords, FULL_WORD, NOT_SEATS, norm, seatNamesFirst, urlTemplate } from './seats-words.js';
import type { Exchange } from './types.js';

const CSS_IDENT = /^[A-Za-z_][\w-]*$/;

/** A selector that finds exactly this table in the page, or undefined. */
function selectorOf(doc: HtmlDocument, table: HtmlElement): string | undefined {
  const id = table.attr('id');
  if (id && CSS_IDENT.test(id) && doc.all(`#${id}`).length === 1) return `#${id}`;
  const classes = (table.attr('class') ?? '').split(/\s+/).filter((c) => CSS_IDENT.test(c));
  if (classes.length > 0) {
    const selector = `table.${classes.join('.')}`;
    if (doc.all(selector).length === 1) return selector;
  }
  if (doc.all('table').length === 1) return 'table';
  return undefined;
}

const hasNumber = (cell: string) => /\d/.test(cell);
const ID_HEADER = /编号|代码|课号|^id$|code|no\.?$/i;

function candidatesIn(doc: HtmlDocument, exchange: Exchange, clue: CourseClue): TableSeats[] {
  const out: TableSeats[] = [];
  for (const element of doc.all('table')) {
    const selector = selectorOf(doc, element);
    if (!selector) continue;
    const table = doc.table(selector);
    if (table.headers.length < 3) continue;
    const row = table.records.find((r) => Object.values(r).some((v) => norm(v) === clue.title));
    if (!row) continue;
    const titleColumn = table.headers.find((h) => norm(row[h] ?? '') === clue.title);
    const idColumn =
      table.headers.find((h) => clue.idTokens.includes(norm(row[h] ?? ''))) ??
      table.headers.find((h) => ID_HEADER.test(h) && h !== titleColumn);
    if (!titleColumn || !idColumn) continue;
    const id = norm(row[idColumn] ?? '');
    const seatColumns = table.headers.filter((h) => {
      const cell = row[h] ?? '';
      const seatish = hasNumber(cell) || FULL_WORD.test(cell);
      return h !== titleColumn && h !== idColumn && h.trim() !== '' && seatish && !NOT_SEATS.test(h);
    });
    for (const seatsColumn of seatNamesFirst(seatColumns, (h) => h)) {
      const cells = table.records.map((r) => norm(r[seatsColumn] ?? ''));
      const words = classifyWords(cells.filter((c) => !hasNumber(c)).map((word) => ({ word, seats: null })));
      const cell = norm(row[seatsColumn] ?? '');
      const number = /\d+/.exec(cell)?.[0];
      out.push({
        kind: 'table',
        url: urlTemplate(exchange.url, id),
        table: selector,
        idColumn,
        titleColumn,
        seatsColumn,
        words,
        sample: {
          id,
          title: clue.title,
          seats: number !== undefined ? Number(number) : FULL_WORD.test(cell) ? 0 : null,
          cell,
        },
      });
    }
  }
  return out;
}

/** Candidates over the visit's HTML answers (GET only), in visit order, "seats" columns first. */
export async function findTableSeats(exchanges: Exchange[], clue: CourseClue): Promise<TableSeats[]> {
  const pages = exchanges.filter(
    (e) => e.method === 'GET' && e.status >= 200 && e.status < 300 && /html/i.test(e.contentType),
  );
  const out: TableSeats[] = [];
  for (const page of pages) {
    if (!page.body.includes('<table') && !page.body.includes('<TABLE')) continue;
    const doc = await readHtml(page.body, { url: page.url });
    out.push(...candidatesIn(doc, page, clue));
  }
  const unique = new Map<string, TableSeats>();
  for (const c of out) unique.set(JSON.stringify([c.url, c.table, c.seatsColumn]), c);
  return [...unique.values()];
}
