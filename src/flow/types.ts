import type { APIRequestContext, BrowserContext, Page } from 'playwright';
import type { Child, CourseRef, Credentials, Hold, Observation, Order } from '../core/types.js';

/** The minimal logger a flow may use (a pino child logger satisfies it). */
export interface FlowLogger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
}

/**
 * What a flow gets for one account in one cycle. A flow imports no logger, store or config:
 * everything comes through here.
 */
export interface FlowContext {
  /** The portal's base URL from the config, without a trailing slash. */
  baseUrl: string;
  /** The account id from the config (for messages only). */
  accountId: string;
  /** The browser context: cookies, storage, routes. */
  context: BrowserContext;
  /** HTTP requests through the context's cookie jar (≈3 ms each; no page needed). */
  request: APIRequestContext;
  /** A page in this context, opened on first use and reused within the cycle (≈170 ms a navigation). */
  page(): Promise<Page>;
  log: FlowLogger;
  /** Aborted when the cycle times out or the process is shutting down. */
  signal: AbortSignal;
}

/**
 * A portal adapter. Read-only steps never mutate; mutating steps are optional and must be idempotent.
 * Failures throw the typed errors of src/core/errors.ts (SessionExpiredError, RateLimitedError,
 * PortalChangedError, PortalUnavailableError, CaptchaRequiredError, ActionRefusedError).
 */
export interface Flow {
  name: string;
  /** Read-only: is this context logged in? */
  checkSession(ctx: FlowContext): Promise<'ok' | 'expired'>;
  /**
   * True when `observe` itself throws SessionExpiredError on a logged-out session (its API answers
   * 401 or redirects to the login). Otherwise (a public catalogue) every cycle also asks
   * `checkSession`, once per account, so an expired login is never read as "full".
   */
  observeProvesLogin?: boolean;
  /** The page a person logs in on (used by `jianlou login`). */
  loginUrl(ctx: FlowContext): string;
  /** True once the person has finished logging in, looking at the context/page. */
  isLoggedIn(ctx: FlowContext): Promise<boolean>;
  /** Scripted login, for portals that allow it (the demo portal's test captcha). */
  login?(ctx: FlowContext, credentials: Credentials): Promise<void>;
  /** Read-only; exactly one Observation per requested course, in request order. */
  observe(ctx: FlowContext, courses: CourseRef[]): Promise<Observation[]>;
  /** Put the course in the cart for the child; idempotent (returns the existing hold if any). */
  hold?(ctx: FlowContext, course: CourseRef, child: Child): Promise<Hold>;
  listHolds?(ctx: FlowContext): Promise<Hold[]>;
  /** Turn a hold into an order pending payment. */
  confirm?(ctx: FlowContext, hold: Hold): Promise<Order>;
  /** Give the seat back. Releasing a hold that is already gone is not an error. */
  release?(ctx: FlowContext, hold: Hold): Promise<void>;
  /** Courses the account's children already have (orders), for clash checks. Optional. */
  listOrders?(ctx: FlowContext): Promise<Order[]>;
}

export function defineFlow<F extends Flow>(flow: F): F {
  return flow;
}
