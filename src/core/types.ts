/**
 * The shared vocabulary of jianlou. This module imports nothing of ours: every other layer
 * (config, store, flows, browser, watch, notify, approve, cli) speaks in these types.
 */

/** A course as the config names it: the portal's own course id (e.g. "ART-101"). */
export interface CourseRef {
  id: string;
}

/**
 * When a course meets: times of day plus which days. Times are "HH:MM" local; dates "YYYY-MM-DD" are
 * the portal's calendar days; weekdays are 1 = Monday … 7 = Sunday. One of these shapes
 * (src/core/schedule.ts reads them; docs/schedules.md shows them):
 * - a weekly class: `weekday` (or `weekdays`), and over a term `from` (first date) / `until` (last date);
 *   without dates it meets on that weekday in every week;
 * - a holiday course: every day `from` … `until` (both included), or only on the listed `weekdays`;
 * - a one-day event: `date` (a `weekday` beside it, as older flows give, is that day's).
 */
export interface Schedule {
  start: string;
  end: string;
  weekday?: number;
  weekdays?: number[];
  date?: string;
  from?: string;
  until?: string;
}

export type SeatState = 'open' | 'full' | 'closed' | 'not_found';

/** Registration phase when the portal tells it: lottery (摇号中), open enrolment (补录), closed. */
export type Phase = 'lottery' | 'open' | 'closed';

/** What one probe saw of one course. A flow returns one per requested course, in request order. */
export interface Observation {
  courseId: string;
  title: string;
  /** Seats left; null when the portal does not say (then `state` still must be right). */
  seats: number | null;
  state: SeatState;
  schedule?: Schedule;
  url: string;
  campus?: string;
  /** Fee in yuan. */
  fee?: number;
  teacher?: string;
  phase?: Phase;
}

export interface Child {
  id: string;
  name: string;
  account: string;
  /**
   * The portal's id for the child; absent on a site where the account is the student (then the
   * account has this one child, and its holds and orders are the child's).
   */
  studentId?: string;
}

/**
 * What a portal's hold is, as its flow declares it (so alerts, links and the expiry sweep follow it):
 * `cart` (an item in a cart, made an order by confirm) or `registration` (the registration itself holds
 * the seat); `expires`: the portal gives the seat back by itself (a hold without expiresAt is then taken
 * to last 15 minutes); `after`: what follows once the family keeps it (`payment` in the official app,
 * the organiser's `review`, or `none`); `release`: whether the family can give the seat back.
 */
export interface HoldKind {
  kind: 'cart' | 'registration';
  expires: boolean;
  after: 'payment' | 'review' | 'none';
  release: boolean;
}

/** The hold kind most portals have: an expiring cart item, paid after approval, releasable. */
export const CART_HOLD: HoldKind = { kind: 'cart', expires: true, after: 'payment', release: true };

/** A seat in a cart whose order is paid afterwards: the words every page used before hold kinds. */
export const isCartPaidAfter = (kind: HoldKind): boolean => kind.kind === 'cart' && kind.after === 'payment';
/** An unpaid registration (预报名) the portal itself cancels at its deadline unless paid in its app. */
export const isUnpaidRegistration = (kind: HoldKind): boolean =>
  kind.kind === 'registration' && kind.after === 'payment' && kind.expires;

/** A seat held in the portal's cart (or whatever the portal uses as a hold). */
export interface Hold {
  /** The portal's id for the held item (cart item id, registration id …). */
  id: string;
  courseId: string;
  /** Absent where the account is the student. */
  studentId?: string;
  /** ISO-8601 instant. */
  heldAt: string;
  /** ISO-8601 instant when the portal gives the seat back; null if the portal does not say. */
  expiresAt: string | null;
}

export interface Order {
  id: string;
  courseId: string;
  /** Absent where the account is the student. */
  studentId?: string;
  /** 'pending_payment' = 待支付: the parent pays in the official app. */
  status: 'pending_payment' | 'paid' | 'cancelled';
  createdAt: string;
}

/** The credentials a scripted-login flow may use (only flows that allow it). */
export interface Credentials {
  username: string;
  password: string;
  captcha?: string;
}

/** A course a child has (an order) or is getting (a hold), as a clash names it. */
export interface BookedCourse {
  courseId: string;
  kind: 'order' | 'hold';
  title?: string;
  schedule?: Schedule;
}

/** Why decide() did not auto-hold an open course; the catalogue words it in the configured locale. */
export type HoldSkip =
  | { code: 'dry_run' }
  | { code: 'account_down'; accountId: string }
  | { code: 'expired_before' }
  | { code: 'clash'; with: BookedCourse[] }
  | { code: 'cap'; max: number }
  | { code: 'already_tried' }
  | { code: 'preferred_other'; title: string };

/** The next step for a person after a problem: log in again, check the portal flow, or just wait. */
export type NextStep = { code: 'login'; accountId: string } | { code: 'doctor' } | { code: 'wait' };

/** Why a problem alert was raised for an account. */
export type ProblemKind = 'session_expired' | 'portal_changed' | 'portal_unavailable' | 'channel_broken';

/**
 * Everything the parents can be told. Rendering (notify) turns these into messages; decide (watch)
 * and the approval server produce them. All instants are ISO-8601 strings.
 */
export type Alert =
  | {
      kind: 'opening';
      targetId: string;
      child: { id: string; name: string };
      observation: Observation;
      seenAt: string;
      /** The child's other courses or holds this one clashes with (empty when none). */
      clashes: BookedCourse[];
      /** When autoHold is on but no hold will be tried, why (clash, cap, dry-run …). */
      holdSkipped?: HoldSkip;
    }
  | {
      kind: 'gone';
      targetId: string;
      child: { id: string; name: string };
      observation: Observation;
      seenAt: string;
    }
  | {
      kind: 'hold_made';
      targetId: string;
      child: { id: string; name: string };
      observation: Observation;
      hold: Hold;
      approveUrl: string;
      /** Absent when the portal lets nobody give the seat back. */
      releaseUrl?: string;
      /** What the hold is (default CART_HOLD: alerts queued before hold kinds existed). */
      holdKind?: HoldKind;
    }
  | {
      kind: 'hold_failed';
      targetId: string;
      child: { id: string; name: string };
      observation: Observation;
      reason: string;
    }
  | {
      kind: 'hold_reminder';
      child: { id: string; name: string };
      observation: Observation;
      hold: Hold;
      approveUrl: string;
      releaseUrl?: string;
      holdKind?: HoldKind;
    }
  | {
      kind: 'hold_result';
      child: { id: string; name: string };
      observation: Observation;
      hold: Hold;
      outcome: 'approved' | 'released' | 'expired' | 'failed';
      order?: Order;
      /** Who decided, as seen by the approval server or the terminal. */
      by?: string;
      detail?: string;
      holdKind?: HoldKind;
      /** For 'failed': what was asked, and whether the portal itself refused it (not an outage). */
      action?: 'approve' | 'release';
      refused?: boolean;
    }
  | {
      kind: 'problem';
      problem: ProblemKind;
      accountId: string;
      detail: string;
      /** The next step for a person, e.g. `{ code: 'login', accountId: 'mom' }` = "jianlou login mom". */
      next: NextStep;
      since: string;
      reminder: boolean;
      /** session_expired: a signed link to log in again from the phone (issue 15). */
      loginUrl?: string;
    }
  | {
      /** A saved session is predicted to run out soon: the link to log in again ahead of time (issue 15). */
      kind: 'login_soon';
      accountId: string;
      /** ISO instant the session is expected to end. */
      expectedEnd: string;
      loginUrl: string;
    }
  | {
      kind: 'recovered';
      problem: ProblemKind;
      accountId: string;
      since: string;
      at: string;
    }
  | {
      kind: 'daily_summary';
      checks: number;
      openings: number;
      sessions: { accountId: string; ok: boolean }[];
      nextCheckAt: string | null;
      at: string;
      /** The family's status page (a signed link), when the approval server is configured. */
      statusUrl?: string;
    }
  | {
      kind: 'test';
      at: string;
    };

export type AlertKind = Alert['kind'];

/** Every alert kind, for schemas (config `urgent`, policy). */
export const ALERT_KINDS = [
  'opening',
  'gone',
  'hold_made',
  'hold_failed',
  'hold_reminder',
  'hold_result',
  'problem',
  'recovered',
  'login_soon',
  'daily_summary',
  'test',
] as const satisfies readonly AlertKind[];
