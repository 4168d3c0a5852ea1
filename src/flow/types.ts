import type { APIRequestContext, BrowserContext, Page } from 'playwright';
import type { z } from 'zod';
import type { Child, CourseRef, Credentials, Hold, HoldKind, Observation, Order } from '../core/types.js';

import type { FlowStorage } from './storage.js';

export type { HoldKind } from '../core/types.js';

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
export interface FlowContext<O = unknown> {
  /** The portal's base URL from the config, without a trailing slash. */
  baseUrl: string;
  /** The account id from the config (for messages only). */
  accountId: string;
  /** `portal.options` from the config, as the flow's `optionsSchema` parsed it (undefined without one). */
  options: O;
  /** The browser context: cookies, storage, routes. */
  context: BrowserContext;
  /**
   * HTTP requests with the session's cookies (≈2 ms each; no page needed). Playwright's
   * APIRequestContext API; until a step asks for a page it is jianlou's browser-free client (same
   * rules, Playwright not loaded), afterwards the browser context's own, sharing its cookie jar.
   */
  request: APIRequestContext;
  /** What the saved session keeps besides cookies: `await ctx.storage.local('token')`. */
  storage: FlowStorage;
  /** A page in this context, opened on first use and reused within the cycle (≈170 ms a navigation). */
  page(): Promise<Page>;
  log: FlowLogger;
  /** Aborted when the cycle times out or the process is shutting down. */
  signal: AbortSignal;
}

/**
 * A portal adapter. Read-only steps never mutate; mutating steps are optional and must be idempotent.
 * Failures throw the typed errors of src/core/errors.ts (SessionExpiredError, RateLimitedError,
 * PortalChangedError, PortalUnavailableError, CaptchaRequiredError, LoginRefusedError, ActionRefusedError).
 */
export interface Flow<O = unknown> {
  name: string;
  /** Validates `portal.options` of the config (problems are reported by path, `portal.options.apiUrl: …`). */
  optionsSchema?: z.ZodType<O>;
  /** What a hold is at this portal; default: an expiring cart item, paid after approval. */
  holds?: Partial<HoldKind>;
  /** Read-only: is this context logged in? */
  checkSession(ctx: FlowContext<O>): Promise<'ok' | 'expired'>;
  /**
   * True when `observe` itself throws SessionExpiredError on a logged-out session (its API answers
   * 401 or redirects to the login). Otherwise (a public catalogue) every cycle also asks
   * `checkSession`, once per account, so an expired login is never read as "full".
   */
  observeProvesLogin?: boolean;
  /** The page a person logs in on (used by `jianlou login`). */
  loginUrl(ctx: FlowContext<O>): string;
  /** True once the person has finished logging in, looking at the context/page. */
  isLoggedIn(ctx: FlowContext<O>): Promise<boolean>;
  /** Scripted login, for portals that allow it (the demo portal's test captcha). */
  login?(ctx: FlowContext<O>, credentials: Credentials): Promise<void>;
  /** Read-only; exactly one Observation per requested course, in request order. */
  observe(ctx: FlowContext<O>, courses: CourseRef[]): Promise<Observation[]>;
  /** Put the course in the cart for the child; idempotent (returns the existing hold if any). */
  hold?(ctx: FlowContext<O>, course: CourseRef, child: Child): Promise<Hold>;
  listHolds?(ctx: FlowContext<O>): Promise<Hold[]>;
  /** Turn a hold into an order pending payment. */
  confirm?(ctx: FlowContext<O>, hold: Hold): Promise<Order>;
  /** Give the seat back. Releasing a hold that is already gone is not an error. */
  release?(ctx: FlowContext<O>, hold: Hold): Promise<void>;
  /** Courses the account's children already have (orders), for clash checks. Optional. */
  listOrders?(ctx: FlowContext<O>): Promise<Order[]>;
}

/**
 * Makes a flow. With an `optionsSchema`, `ctx.options` is typed by it in every step:
 * `defineFlow({ optionsSchema: z.object({ apiUrl: z.url() }), async observe(ctx) { ctx.options.apiUrl … } })`.
 */
export function defineFlow<O = undefined, F extends Flow<O> = Flow<O>>(flow: F & Flow<O>): F {
  return flow;
}

/** The flow's hold kind with the defaults filled in. */
export function holdKindOf(flow: Pick<Flow, 'holds' | 'release'>): HoldKind {
  return {
    kind: flow.holds?.kind ?? 'cart',
    expires: flow.holds?.expires ?? true,
    after: flow.holds?.after ?? 'payment',
    release: (flow.holds?.release ?? true) && flow.release !== undefined,
  };
}
