/**
 * What the analysis found, as the generated flow needs it: where the seats are read (a JSON path or
 * an HTML table's columns), the request that proves the login, how the portal says "full", and the
 * request that took a seat. Pure data: write-flow.ts turns it into flows/<name>.ts.
 */
import type { Path } from './types.js';

/** How a status / seats cell maps to an Observation's state, learned from the courses seen. */
export interface StateWords {
  /** Values meaning "full" (满, 已满, `full`): seats 0. */
  full: string[];
  /** Values seen on open courses. */
  open: string[];
  /** Other values seen (报名已结束, 摇号中, `closed`): the course is closed. */
  closed: string[];
}

export interface JsonSeats {
  kind: 'json';
  /** The GET that answers the seats; `{id}` stands for the course id when the URL held it. */
  url: string;
  /** Path to the array of courses, or null when the answer holds one course at `item`. */
  list: Path | null;
  /** Path to the course object when `list` is null. */
  item: Path;
  idKey: string;
  titleKey: string;
  seatsKey: string;
  /** A status field beside the seats (`status`, `state`), with the values seen. */
  statusKey?: string;
  words: StateWords;
  /** What the person confirmed: the course, and the seats as the answer gave them. */
  sample: { id: string; title: string; seats: number };
}

export interface TableSeats {
  kind: 'table';
  /** The GET of the page with the table (`{id}` when the URL held the course id). */
  url: string;
  /** A CSS selector of the table. */
  table: string;
  idColumn: string;
  titleColumn: string;
  seatsColumn: string;
  words: StateWords;
  sample: { id: string; title: string; seats: number | null; cell: string };
}

export type SeatsSource = JsonSeats | TableSeats;

/** How the flow proves the login: the answer of this GET, sent without the session, says "logged out". */
export interface LoginProof {
  url: string;
  format: 'json' | 'html';
  /** Whether the seats request itself fails without the session (observeProvesLogin). */
  seatsNeedLogin: boolean;
  /** What the answer without the session showed (`answered HTTP 401`, `sent to /login`). */
  why: string;
  /** The words of a 200 answer that mean "logged out" here (`请先登录`): the flow's client is told. */
  phrase?: string;
}

/** Where the session lives: cookies, or a bearer token kept in localStorage. */
export type Auth = { kind: 'cookie' } | { kind: 'bearer'; storageKey: string };

/** The request made on "add to cart" / 报名: shown in the flow as a starting point for `hold`. */
export interface HoldRequest {
  method: string;
  url: string;
  /** The names of the fields it sent (never their values). */
  fields: string[];
}

export interface Recipe {
  name: string;
  baseUrl: string;
  /** The API's origin when it is not the portal's (becomes `portal.options.apiUrl`). */
  apiUrl?: string;
  auth: Auth;
  seats: SeatsSource;
  proof: LoginProof;
  /** The page a person opens for one course (`{id}`), on the portal. */
  coursePage: string;
  loginPage: string;
  hold?: HoldRequest;
}
