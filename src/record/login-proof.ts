/**
 * Pure: which recorded requests may prove the login (replayed without the session they should
 * fail), and whether a replayed answer says "logged out" the way the kit's clients would read it.
 */
import { readHtml } from '../flow/html-document.js';
import { judgeAnswer } from '../flow/portal-signals.js';
import type { HoldRequest } from './recipe.js';
import { parseJson } from './seats-json.js';
import type { Exchange } from './types.js';

const pathOf = (url: string) => new URL(url).pathname;
const isJson = (e: Exchange) => parseJson(e) !== undefined;

/**
 * GETs answered 2xx after the login (its last POST), on the given origins, each URL once: JSON first
 * (short paths first: `/api/me` before `/api/courses/1`), then pages; at most `max`.
 */
export function proofCandidates(exchanges: Exchange[], origins: string[], max = 8): Exchange[] {
  const seen = new Set<string>();
  // The pages of the login step up to its last POST are the login's own; what the login led to counts.
  const posts = exchanges.filter((e) => e.step === 'login' && e.method !== 'GET').map((e) => e.seq);
  const loggedInAt = posts.length > 0 ? Math.max(...posts) : Number.POSITIVE_INFINITY;
  const gets = exchanges.filter((e) => {
    const fresh = !seen.has(e.url);
    seen.add(e.url);
    const ok =
      // Stryker disable next-line EqualityOperator: the exchange at loggedInAt is the POST itself, not a GET.
      e.method === 'GET' && e.status >= 200 && e.status < 300 && (e.step !== 'login' || e.seq > loggedInAt);
    return (
      fresh &&
      ok &&
      origins.includes(new URL(e.url).origin) &&
      !/\.(js|css|png|svg|ico)$/i.test(pathOf(e.url))
    );
  });
  const rank = (e: Exchange) => (isJson(e) ? 0 : 1);
  // Array.prototype.sort is stable: equals keep the order they were made in.
  return gets.sort((a, b) => rank(a) - rank(b) || pathOf(a.url).length - pathOf(b.url).length).slice(0, max);
}

/** One replayed answer: what came back without cookies or token. */
export interface Replayed {
  url: string;
  status: number;
  location?: string;
  contentType: string;
  body: string;
}

/** Why this answer says "logged out" (as jsonClient / htmlClient would read it), or undefined. */
export async function loggedOutWhy(answer: Replayed): Promise<string | undefined> {
  if (answer.status === 403) return 'answered HTTP 403';
  const base = { status: answer.status, ...(answer.location ? { redirectTo: answer.location } : {}) };
  // An empty page reads the same either way: no title, alert, form or script (so no test could tell).
  if (/html/i.test(answer.contentType)) {
    const doc = await readHtml(answer.body, { url: answer.url, status: answer.status });
    const verdict = judgeAnswer({
      ...base,
      ...(doc.scriptRedirect && !answer.location ? { redirectTo: doc.scriptRedirect } : {}),
      text: doc.text(),
      messages: [...doc.alerts, doc.title],
      loginForm: doc.has('input[type=password]'),
    });
    return verdict?.kind === 'logged_out' ? verdict.why : undefined;
  }
  // Stryker disable next-line ArrayDeclaration: a long answer has no message; any made-up one says nothing.
  const short = answer.body.length < 400 ? [answer.body] : [];
  const verdict = judgeAnswer({ ...base, text: answer.body, messages: short });
  return verdict?.kind === 'logged_out' ? verdict.why : undefined;
}

/** The field names of a request body (JSON object or a form), never their values. */
export function fieldsOf(body: string | undefined): string[] {
  // Stryker disable next-line ConditionalExpression: no body also parses as an empty form below.
  if (!body) return [];
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return Object.keys(parsed);
  } catch {
    // a form body
  }
  return [...new URLSearchParams(body).keys()];
}

/**
 * The request that took the seat: the first request that is not a GET in the hold step (the person
 * pressed "add to cart" / 报名), answered below 400.
 */
export function findHold(exchanges: Exchange[]): HoldRequest | undefined {
  const made = exchanges.find(
    (e) => e.step === 'hold' && e.method !== 'GET' && e.status > 0 && e.status < 400,
  );
  if (!made) return undefined;
  const url = new URL(made.url);
  return { method: made.method, url: `${url.origin}${url.pathname}`, fields: fieldsOf(made.requestBody) };
}
