/**
 * What `jianlou flow record` keeps of one visit: the exchanges of documents, XHR and fetch requests,
 * each marked with the guided step it happened in. Secrets (request bodies, cookies, the bearer
 * token) stay in memory only: `scrubRecording` (scrub.ts) makes what may be saved.
 */

/** The guided steps, in order: log in, open the course list, open one course, (optionally) hold it. */
export const STEPS = ['login', 'list', 'course', 'hold'] as const;
export type StepName = (typeof STEPS)[number];

export interface Exchange {
  /** Order of the answer in the visit, from 1. */
  seq: number;
  step: StepName;
  method: string;
  url: string;
  kind: 'document' | 'xhr' | 'fetch';
  status: number;
  /** The answer's Content-Type, '' when none. */
  contentType: string;
  /** A 3xx's Location, absolute. */
  location?: string;
  /** The request's body as sent (in memory only: a login form's body holds the password). */
  requestBody?: string;
  /** The request's Authorization bearer token (in memory only). */
  bearer?: string;
  /** The answer's body decoded by its charset ('' for a redirect or an unreadable body). */
  body: string;
}

/** What the visit showed besides the exchanges. */
export interface VisitFacts {
  exchanges: Exchange[];
  /** Texts of the links and buttons the person clicked, per step (the course's title is among them). */
  clicked: { step: StepName; text: string; href?: string }[];
  /** The text of the course's page as the person saw it (end of the course step); never saved. */
  courseText?: string;
  /** Page URLs the person was on at the end of each step. */
  pageAt: Partial<Record<StepName, string>>;
  /** Values typed into login fields (password, phone, captcha, SMS code): scrubbed everywhere. */
  typed: string[];
  /** localStorage at the end of the visit, per origin. */
  storage: { origin: string; items: { name: string; value: string }[] }[];
  /** Cookie values at the end of the visit. */
  cookies: { name: string; value: string }[];
}

export type Path = (string | number)[];
