import type { Cheerio, CheerioAPI } from 'cheerio';
// Types only (erased): cheerio's own node types, from the DOM package it is built on.
import type { AnyNode, Element } from 'domhandler';
import { type HtmlForm, readForm } from './html-form.js';
import { ElementNotFoundError, urlForMessage } from './read-errors.js';

/**
 * A server-rendered page read without a browser: CSS selectors, text, tables as rows, forms with
 * their hidden fields. The parser is cheerio on parse5 — the HTML standard's own parsing algorithm,
 * so an old JSP page's unclosed `<td>`s, `<p>`s and tables without `<tbody>` make the same tree
 * as in Chromium's DevTools, where a flow's author picks the selectors (docs/reading-portals.md
 * says why not node-html-parser). Cheerio loads on the first page read (≈ 0.2–0.4 s, ≈ 10 MB),
 * so a flow that reads only JSON never pays it.
 */

/** One element of a page. */
export interface HtmlElement {
  /** Lower-case tag name (`td`, `form`). */
  readonly tag: string;
  /** Its text as a person reads it: whitespace (and &nbsp;) collapsed to single spaces, trimmed. */
  text(): string;
  /** An attribute's value, or undefined. */
  attr(name: string): string | undefined;
  /** Its inner HTML. */
  html(): string;
  /** Descendants matching the CSS selector, in document order. */
  all(selector: string): HtmlElement[];
  /** The first descendant matching, or undefined. */
  first(selector: string): HtmlElement | undefined;
  /** The first descendant matching; ElementNotFoundError naming the page and selector when none does. */
  one(selector: string): HtmlElement;
}

/** A table's cells as text: `headers` from its `<thead>` or a first row of `<th>`, `rows` the others. */
export interface HtmlTable {
  headers: string[];
  rows: string[][];
  /** Each row keyed by header (`{ 课程: '少儿国画', 余位: '3' }`); a missing cell is ''. */
  records: Record<string, string>[];
  /** The row elements of `rows`, for links and inputs inside cells. */
  rowElements: HtmlElement[];
}

export interface HtmlDocument {
  /** The page's final URL (after redirects). */
  readonly url: string;
  /** The HTTP status of the answer (200 for a document made from text). */
  readonly status: number;
  /** The WHATWG name of the charset the page was decoded with (forms are posted in it). */
  readonly charset: string;
  /** The `<title>` text, '' without one. */
  readonly title: string;
  /** Messages of `alert('…')` in the page's inline scripts (old portals answer errors that way). */
  readonly alerts: string[];
  /** Where an inline script sends the page (`location.href = 'login.jsp'`), absolute; undefined when none does. */
  readonly scriptRedirect: string | undefined;
  all(selector: string): HtmlElement[];
  first(selector: string): HtmlElement | undefined;
  one(selector: string): HtmlElement;
  /** The text of the whole body, or of the first element matching (ElementNotFoundError when none). */
  text(selector?: string): string;
  /** The table matching (default: the first `table`); ElementNotFoundError when none. */
  table(selector?: string): HtmlTable;
  /** The form matching (default: the first `form`), its fields as a browser would submit them. */
  form(selector?: string): HtmlForm;
  /** Every form of the page. */
  forms(): HtmlForm[];
  /** Whether an element matches. */
  has(selector: string): boolean;
}

let cheerio: Promise<typeof import('cheerio')> | undefined;

/** Cheerio, imported on first use (a JSON-only check never loads it). */
export function loadCheerio(): Promise<typeof import('cheerio')> {
  cheerio ??= import('cheerio');
  return cheerio;
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Selectors within a node (an element, or the document's root). */
function finders(
  $: CheerioAPI,
  node: Cheerio<AnyNode>,
  where: string,
): Pick<HtmlElement, 'all' | 'first' | 'one'> {
  const select = (selector: string) => node.find(selector).toArray();
  return {
    all: (selector) => select(selector).map((e) => wrap($, e, where)),
    first(selector) {
      const found = select(selector)[0];
      return found ? wrap($, found, where) : undefined;
    },
    one(selector) {
      const found = select(selector)[0];
      if (!found) throw notFound(where, selector);
      return wrap($, found, where);
    },
  };
}

function wrap($: CheerioAPI, element: Element, where: string): HtmlElement {
  const node = $(element);
  return {
    tag: element.tagName.toLowerCase(),
    text: () => collapse(node.text()),
    attr: (name) => node.attr(name),
    // Stryker disable next-line StringLiteral: one element's html() is a string, never null (the fallback is for the type)
    html: () => node.html() ?? '',
    ...finders($, node, where),
  };
}

function notFound(where: string, selector: string, what = 'element'): ElementNotFoundError {
  return new ElementNotFoundError(
    `${urlForMessage(where)} has no ${what} matching "${selector}" — has the portal changed?`,
  );
}

/** `alert('…')` messages (quotes of either kind, JS escapes read) from inline scripts. */
export function alertsIn(scripts: readonly string[]): string[] {
  const alerts: string[] = [];
  for (const script of scripts) {
    for (const match of script.matchAll(/\balert\s*\(\s*(["'])((?:\\.|(?!\1).)*)\1/g)) {
      // Stryker disable next-line StringLiteral: a match has its group 2 (the fallback is for the type)
      alerts.push(unescapeJs(match[2] ?? ''));
    }
  }
  return alerts;
}

function unescapeJs(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_all, seq: string) => {
    if (seq.length > 1) return String.fromCharCode(Number.parseInt(seq.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r' } as Record<string, string>)[seq] ?? seq;
  });
}

/** The target of `location.href = '…'`, `location = '…'`, `location.replace('…')` (top./window./parent.). */
export function scriptRedirectIn(scripts: readonly string[], base: string): string | undefined {
  for (const script of scripts) {
    const match =
      /\blocation(?:\.href)?\s*=\s*(["'])((?:\\.|(?!\1).)*)\1/.exec(script) ??
      /\blocation\.(?:replace|assign)\s*\(\s*(["'])((?:\\.|(?!\1).)*)\1/.exec(script);
    if (!match) continue;
    // Stryker disable next-line StringLiteral: a match has its group 2 (the fallback is for the type)
    const target = unescapeJs(match[2] ?? '');
    // A target that is no URL throws in the browser and that script stops; a later script still runs.
    if (URL.canParse(target, base)) return new URL(target, base).toString();
  }
  return undefined;
}

function cellsOf($: CheerioAPI, row: AnyNode): string[] {
  return $(row)
    .children('th, td')
    .toArray()
    .map((cell) => collapse($(cell).text()));
}

function readTable($: CheerioAPI, table: Cheerio<Element>, where: string): HtmlTable {
  // Rows of this table only: a table nested in a cell keeps its own.
  const rows = table.find('tr').filter((_i, row) => $(row).closest('table').is(table));
  const headRows = rows.filter((_i, row) => $(row).parent().is('thead'));
  let headers: string[] = [];
  let body = rows.toArray();
  const firstRow = body[0];
  if (headRows.length > 0) {
    headers = cellsOf($, headRows.get(0) as AnyNode);
    body = body.filter((row) => !$(row).parent().is('thead'));
  } else if (firstRow && $(firstRow).children('td').length === 0 && $(firstRow).children('th').length > 0) {
    headers = cellsOf($, firstRow);
    body = body.slice(1);
  }
  const cellRows = body.map((row) => cellsOf($, row));
  return {
    headers,
    rows: cellRows,
    records: cellRows.map((cells) => Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? '']))),
    rowElements: body.map((row) => wrap($, row as Element, where)),
  };
}

export interface DocumentSource {
  url: string;
  status?: number;
  charset?: string;
}

/** A document from a cheerio root; `source` says where the page came from. */
export function documentOf($: CheerioAPI, source: DocumentSource): HtmlDocument {
  const url = source.url;
  const charset = source.charset ?? 'utf-8';
  const root = finders($, $.root(), url);
  const scripts = $('script:not([src])')
    .toArray()
    .map((s) => $(s).text());
  const formOf = (element: Element) => readForm($, element, url, charset);
  return {
    url,
    status: source.status ?? 200,
    charset,
    title: collapse($('title').first().text()),
    alerts: alertsIn(scripts),
    scriptRedirect: scriptRedirectIn(scripts, url),
    all: root.all,
    first: root.first,
    one: root.one,
    has: (selector) => $(selector).length > 0,
    text(selector) {
      // A body with no words (a title-only notice): the words of the whole page.
      if (selector === undefined) return collapse($('body').text()) || collapse($.root().text());
      return root.one(selector).text();
    },
    table(selector = 'table') {
      const table = $(selector).filter('table').first();
      if (table.length === 0) throw notFound(url, selector, 'table');
      return readTable($, table, url);
    },
    form(selector = 'form') {
      const form = $(selector).filter('form').get(0);
      if (!form) throw notFound(url, selector, 'form');
      return formOf(form);
    },
    forms: () => $('form').toArray().map(formOf),
  };
}

/**
 * A page read from HTML already decoded (`await page.content()`, a body a flow decoded itself).
 * `url` resolves the page's links and form actions and names it in errors.
 */
export async function readHtml(html: string, source: DocumentSource): Promise<HtmlDocument> {
  const { load } = await loadCheerio();
  return documentOf(load(html), source);
}
