import type {
  BookedCourse,
  HoldKind,
  HoldSkip,
  NextStep,
  ProblemKind,
  Schedule,
  SeatState,
} from '../core/types.js';
import type { CliMessages } from './cli-types.js';
import type { DemoMessages } from './demo-messages.js';
import type { Locale, ZonedParts } from './locale.js';

/**
 * Every parent-facing string of jianlou, one implementation per locale (zh.ts, en.ts): alerts,
 * approval pages, hold outcomes and the CLI lines parents read. A string missing from one locale
 * is a type error.
 */
export interface Catalogue {
  locale: Locale;
  /** The one weekday table: index 0 = Monday … 6 = Sunday (Schedule.weekday 1…7). */
  weekdays: readonly string[];
  /** A schedule with its dates where it has them ('' for one that means nothing): src/i18n/schedule-text.ts. */
  schedule(s: Schedule): string;
  alerts: AlertMessages;
  pages: PageMessages;
  relay: RelayMessages;
  hold: HoldMessages;
  cli: CliMessages;
  // r3b-phone-demo (issue 29 item 12): what `jianlou demo` says around its results.
  demo: DemoMessages;
}

/** Why a hold (or a decision at the portal) did not work, as a code the catalogue words. */
export type HoldFailure =
  | { code: 'no_seats' | 'cart_full' | 'already_ordered' | 'not_open' | 'unverified' }
  /** `said`: the portal's own words as the flow's step reported them (its error message). */
  | { code: 'refused'; reason: string; said?: string }
  | { code: 'session_expired'; accountId: string }
  | { code: 'rate_limited' | 'portal_changed' | 'unavailable' }
  /** The portal has no such step (no release, no order): not a temporary error, nothing to retry. */
  | { code: 'unsupported' };

export type { CliMessages } from './cli-types.js';

export interface HoldMessages {
  failure(f: HoldFailure): string;
  /** Who decided: the terminal, or a link opened from a device (`agent` is a short device name). */
  decidedByCli: string;
  decidedByLink(ip: string, agent: string | undefined): string;
  decidedByStatusPage(ip: string, agent: string | undefined): string;
  /** Device names for user agents that are not plain English words. */
  agentNames: { wxwork: string; wechat: string };
  /** A hold the portal keeps until the family decides (a kind that never expires). */
  keptByPortal: string;
  /** Two decisions at the same moment: the other one failed, the seat is still held. */
  concurrentFailed: string;
}

/** Every parent-facing string of the alerts. */
export interface AlertMessages {
  locale: Locale;
  /** Card source line. */
  brand: string;
  weekday(n: number): string;
  dateTime(p: ZonedParts): string;
  time(p: ZonedParts): string;
  /** A course's schedule with its dates where it has them (the catalogue's `schedule`). */
  schedule(s: Schedule): string;
  /** "a: b" joiner between a label and its value. */
  colon: string;
  /** Joiner between list items, e.g. clashes. */
  listSep: string;
  /** Joiner between names, e.g. accounts. */
  nameSep: string;
  /** Joiner between links in markdown. */
  linkSep: string;
  /** A course the child has or is getting, as a clash names it. */
  commitment(c: BookedCourse): string;
  /** One clash of an opening with a course the child has. */
  clash(c: BookedCourse): string;
  /** Why an auto-hold target was not held. */
  holdSkip(s: HoldSkip): string;
  /** The next step for a person, as decide() coded it (a command or a sentence). */
  nextStep(s: NextStep): string;
  seats(n: number | null): string;
  seatState(s: SeatState): string;
  problemKind(k: ProblemKind): string;
  /** Header of a continuation chunk when a long message is split. */
  continued(index: number, total: number): string;
  key: {
    seats: string;
    schedule: string;
    campus: string;
    seenAt: string;
    expiresAt: string;
    state: string;
    since: string;
    recoveredAt: string;
    account: string;
    order: string;
    by: string;
    time: string;
    teacher: string;
    fee: string;
  };
  link: { course: string; approve: string; release: string; status: string; relogin: string };
  opening: {
    title(course: string): string;
    clashes(list: string): string;
    holdSkipped(reason: string): string;
    ping(child: string, course: string, seats: string): string;
  };
  gone: { title(course: string): string };
  holdMade: {
    title(course: string): string;
    /** The deadline line; an unpaid registration the portal cancels at `until` says "pay before". */
    decideBy(child: string, until: string | null, kind?: HoldKind): string;
    emphasisLabel: string;
    noExpiry: string;
    /** A hold the portal keeps until someone decides (a registration pending review). */
    keptUntilDecided: string;
    /** What approve (and release, when the portal has it) will do, by the kind of hold. */
    explain(kind: HoldKind): string;
    ping(child: string, course: string, until: string | null, canRelease: boolean, kind?: HoldKind): string;
  };
  holdFailed: {
    title(course: string): string;
    reason(reason: string): string;
    manual: string;
    ping(child: string, course: string): string;
  };
  holdReminder: {
    title(course: string): string;
    ping(child: string, course: string, until: string | null): string;
  };
  holdResult: {
    title(outcome: 'approved' | 'released' | 'expired' | 'failed', course: string): string;
    note(outcome: 'approved' | 'released' | 'expired' | 'failed', kind: HoldKind): string;
    /** A decision that did not go through: refused by the portal itself, or failed (outage, login). */
    failedTitle(action: 'approve' | 'release', refused: boolean, course: string): string;
    /** An approval of a registration the portal made final when it was held: nothing done at the portal. */
    keptTitle(course: string): string;
    keptNote(kind: HoldKind): string;
  };
  problem: {
    title(kind: ProblemKind): string;
    reminderPrefix: string;
    runCommand(command: string): string;
    /**
     * Why the check failed: jianlou's own detail (timeout, network, rate limit, a changed answer) in
     * the alert's language, the flow author's free text quoted and framed as the flow's (check-detail.ts).
     */
    detail(text: string): string;
    /** A lost login, for parents: what happened and how to fix it (from the phone link, or the computer). */
    sessionExpired(account: string, byPhone: boolean): string;
    ping(kind: ProblemKind, account: string): string;
  };
  recovered: { title(kind: ProblemKind): string };
  loginSoon: { title: string; expectedEnd: string; note: string };
  daily: {
    title: string;
    line(checks: number, sessions: string, next: string): string;
    sessionsOk: string;
    sessionsBad(accounts: string): string;
    openings(n: number): string;
    noNextCheck: string;
  };
  test: { title: string; body: string };
  burst: {
    title(n: number): string;
    ping(n: number): string;
    /** The merged message's short sequence tag (`#17`), the same when it is sent again. */
    seq(n: number): string;
  };
  /** Appended to a title when a message is sent again after its first sending got no answer. */
  resent: string;
}

/** What an approval link asks for (approve/types.ts ApprovalAction). */
type PageAction = 'approve' | 'release';
type PageHoldStatus = 'held' | 'approved' | 'released' | 'expired' | 'failed';

/** Pages that only say what happened and what to do next. */
export type NoticeKind =
  | 'invalid_link'
  | 'link_expired'
  | 'already_used'
  | 'wrong_action'
  | 'stale_form'
  | 'not_found'
  | 'rate_limited'
  | 'too_large'
  | 'bad_request'
  | 'server_error'
  /** A release link for a hold the portal lets nobody give back (hand-made or from an old alert). */
  | 'release_unsupported';

export interface Notice {
  title: string;
  body: string;
}

/** Every parent-facing string of the approval pages, for one locale. */
export interface PageMessages {
  /** BCP 47 tag for `<html lang>` and date formatting. */
  lang: string;
  appName: string;
  /** Index 0 = Monday … 6 = Sunday (Schedule.weekday 1…7); the catalogue's one table. */
  weekdays: readonly string[];
  /** A course's schedule with its dates where it has them (the catalogue's `schedule`). */
  schedule(s: Schedule): string;
  fields: {
    child: string;
    course: string;
    schedule: string;
    campus: string;
    fee: string;
    seats: string;
    holdUntil: string;
    timeLeft: string;
    order: string;
    decision: string;
  };
  fee(yuan: number): string;
  seats(n: number): string;
  /** The hold has no expiry the portal told us: the cart's word, the site's, or kept until decided. */
  holdUntilUnknown(kind: HoldKind): string;
  /** The countdown reached zero. */
  timeLeftOver: string;
  confirm: {
    pageTitle: string;
    /** What the button does, in big text; approving depends on the kind of hold. */
    headline(action: PageAction, kind: HoldKind): string;
    /** What follows (an order to pay, a review, nothing), under the headline. */
    note(action: PageAction, kind: HoldKind): string;
    button(action: PageAction, kind: HoldKind): string;
    /** Said under the button: nothing happens until it is pressed. */
    safety: string;
  };
  status: Record<PageHoldStatus, string>;
  decidedLine(status: string, by: string | undefined, at: string | undefined): string;
  approved: {
    title(kind: HoldKind): string;
    /** The next step: pay in the official app, wait for the review, or nothing (the seat is theirs). */
    followUp(kind: HoldKind): string;
    /** An approval that should have made an order but the portal named none. */
    noOrderNumber: string;
  };
  released: { title: string; body: string };
  alreadyDecided: { title: string; body: string };
  holdExpired: { title: string; body(kind: HoldKind): string };
  portalError: {
    title: string;
    reason(detail: string): string;
    /** The seat is still held: until `until`, or (null) until someone decides. */
    stillHeld(until: string | null, kind: HoldKind): string;
    nextSteps(holdId: string, action: PageAction, kind: HoldKind): string[];
  };
  notices: Record<NoticeKind, Notice>;
  wrongAction(linkAction: PageAction): string;
  usedAt(at: string): string;
  /** A decision cut off by jianlou stopping (a second stop signal): not done, tap again. */
  interrupted: { title: string; body: string };
}

export type RelayNotice = 'invalid' | 'expired' | 'used' | 'in_use' | 'busy' | 'unknown_account' | 'failed';

/** The relayed login page (issue 15). */
export interface RelayMessages {
  title: string;
  hint: string;
  typePlaceholder: string;
  send: string;
  keys: { Enter: string; Backspace: string; Tab: string };
  up: string;
  down: string;
  reload: string;
  cancel: string;
  states: { saved: string; closed: string; open: string; in_use: string };
  notices: Record<RelayNotice, { title: string; body: string }>;
  /** The typing box's button: show what is typed, or hide it (a password is hidden by default). */
  reveal: { show: string; hide: string };
}
