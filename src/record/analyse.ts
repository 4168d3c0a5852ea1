/**
 * The analysis of a recorded visit, without I/O: the course the person opened, the answers that
 * hold its seats (JSON first: browser-free and exact, then HTML tables), where the session lives,
 * the pages of the course and of the login, and the request that took a seat.
 */
import { findHold } from './login-proof.js';
import type { Auth, HoldRequest, SeatsSource } from './recipe.js';
import { type CourseClue, findJsonSeats } from './seats-json.js';
import { findTableSeats } from './seats-table.js';
import { idTokensOf, norm, seatNumbersIn, urlTemplate } from './seats-words.js';
import type { Exchange, VisitFacts } from './types.js';

/** Clicks that are not a course (navigation, paging). */
const NOT_A_TITLE =
  /^(登录|登 录|退出|首页|下一页|上一页|\d+|课程列表|课程查询|选课|查看|详情|more|next|login|log ?in|home|courses?)$/i;

/** The course: the title the person gave, else the last link they clicked in the list. */
export function courseClue(facts: VisitFacts, title?: string): CourseClue {
  const clicks = facts.clicked.filter((c) => c.step === 'list' && c.text && !NOT_A_TITLE.test(c.text));
  const last = clicks.at(-1);
  const tokens = [...idTokensOf(facts.pageAt.course), ...idTokensOf(last?.href)];
  return { title: norm(title ?? last?.text ?? ''), idTokens: [...new Set(tokens)] };
}

export async function findSeats(facts: VisitFacts, clue: CourseClue): Promise<SeatsSource[]> {
  if (!clue.title) return [];
  const all = [...findJsonSeats(facts.exchanges, clue), ...(await findTableSeats(facts.exchanges, clue))];
  // The number the page showed beside a "seats" word goes first (else a fee may be asked about first).
  const shown = seatNumbersIn(facts.courseText ?? '');
  const rank = (s: SeatsSource) => (s.sample.seats !== null && shown.includes(s.sample.seats) ? 0 : 1);
  return all
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i)
    .map((x) => x.s);
}

/** The exchange a seats source was read from (its URL, with `{id}` filled in). */
export function exchangeOf(facts: VisitFacts, seats: SeatsSource): Exchange | undefined {
  return facts.exchanges.find(
    (e) => e.method === 'GET' && urlTemplate(e.url, seats.sample.id) === seats.url && e.status < 300,
  );
}

/** Cookies, or a bearer token: the seats request carried one, and localStorage kept it under a key. */
export function authOf(facts: VisitFacts, seatsExchange: Exchange | undefined): Auth | { error: string } {
  const token = seatsExchange?.bearer;
  if (!token) return { kind: 'cookie' };
  for (const origin of facts.storage) {
    const item = origin.items.find((i) => i.value === token || i.value === JSON.stringify(token));
    if (item) return { kind: 'bearer', storageKey: item.name };
  }
  return { error: 'the seats request sent a bearer token that localStorage does not keep' };
}

/** A URL on the portal as a path (with query), `{id}` for the course. */
function pathOn(url: string, id: string): string {
  const template = urlTemplate(url, id);
  const origin = new URL(url).origin;
  return template.slice(origin.length) || '/';
}

export interface Pages {
  coursePage: string;
  loginPage: string;
  apiUrl?: string;
}

/** The course's page (where the person was at the end of the course step) and the login page. */
export function pagesOf(facts: VisitFacts, seats: SeatsSource, baseUrl: string): Pages {
  const base = new URL(baseUrl).origin;
  const onPortal = (url: string | undefined) => (url && new URL(url).origin === base ? url : undefined);
  const course = onPortal(facts.pageAt.course);
  const coursePage = course ? pathOn(course, seats.sample.id) : '/';
  const loginDocs = facts.exchanges.filter(
    (e) => e.step === 'login' && e.kind === 'document' && onPortal(e.url),
  );
  const login = loginDocs.find((e) => /type=["']?password/i.test(e.body)) ?? loginDocs[0];
  const loginPage = login ? new URL(login.url).pathname : '/';
  const apiOrigin = new URL(seats.url.replace('{id}', 'x')).origin;
  return { coursePage, loginPage, ...(apiOrigin !== base ? { apiUrl: apiOrigin } : {}) };
}

export function holdOf(facts: VisitFacts): HoldRequest | undefined {
  return findHold(facts.exchanges);
}
