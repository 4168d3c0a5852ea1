import type { Browser } from 'playwright';
import type { Child, Credentials } from '../core/types.js';
import type { FlowContext } from '../flow/types.js';

/** Faults a fixture may switch on (the demo portal's names: docs/portal-api.md). */
export type FixtureFault = 'none' | '500' | 'hang' | '429' | 'slow' | 'redesign';

/** The courses the suite uses, by role, from the seed of the portal under test. */
export interface CourseRoles {
  /** Two courses open for registration. */
  open: [string, string];
  /** A course that takes no registrations. */
  closed: string;
  /** A course still in the lottery (closed to the flow), if the portal has that phase. */
  lottery?: string;
}

/** The portal under test, started once for the suite. */
export interface RunningFixture {
  /** What the flow sees as `ctx.baseUrl`. */
  url: string;
  /** `portal.options` for the flow (parsed by its optionsSchema, as the config would be). */
  options?: unknown;
  courses: CourseRoles;
  close(): Promise<void>;
}

/** What the portal really holds, read around the flow (its own admin view or database). */
export interface PortalTruth {
  /** Seats left, by course id. */
  seats: Record<string, number>;
  /** Holds as the portal keeps them (cart items, registrations pending review …). */
  holds: { id?: string; courseId: string; studentId: string }[];
  /** Orders (empty for a portal without them). */
  orders: { id?: string; courseId: string; studentId: string; status: string }[];
}

/**
 * What the contract suite needs from a fake (or test instance) of your portal: a few levers and a way
 * to read the truth. Optional abilities unlock more checks; the checks that need an ability the
 * fixture or the flow lacks are skipped, by name, with the reason.
 */
export interface FlowFixture {
  start(): Promise<RunningFixture>;
  /** Back to the seed: no sessions, no holds, no faults. The suite also clears cookies and localStorage. */
  reset(): Promise<void>;
  setSeats(courseId: string, seats: number): Promise<void>;
  /** Every session (cookie or token) of the test account becomes invalid. */
  expireSession(): Promise<void>;
  truth(): Promise<PortalTruth>;
  /** How a test gets logged in: credentials for the flow's own `login`, or a helper of yours. */
  login: Credentials | ((ctx: FlowContext) => Promise<void>);
  /** A child (student) of the test account, for holds. */
  child: Child;
  /** Switch a fault on for the portal's API and pages (checks of 5xx, hangs, 429, redesigns). */
  fault?(fault: FixtureFault, extra?: { retryAfterSeconds?: number; delayMs?: number }): Promise<void>;
  /** Allow at most this many holds per account (the cart-limit check). */
  limitHolds?(max: number): Promise<void>;
  /** The portal ends a hold by itself (an organiser rejects a registration, a cart times out). */
  dropHold?(holdId: string): Promise<void>;
  /** Default: launchBrowser() with the settings of src/browser/settings.ts. */
  launch?: () => Promise<Browser>;
}

/** A course id no portal has: `observe` must answer `not_found` for it. */
export const NO_SUCH_COURSE = 'NO-SUCH-COURSE-404';
