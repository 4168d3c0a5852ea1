import type { ApprovalAction, HoldStatus } from '../types.js';

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
  | 'server_error';

export interface Notice {
  title: string;
  body: string;
}

/** Every parent-facing string of the approval pages, for one locale. */
export interface Messages {
  /** BCP 47 tag for `<html lang>` and date formatting. */
  lang: string;
  appName: string;
  /** Index 0 = Monday … 6 = Sunday (Schedule.weekday 1…7). */
  weekdays: readonly string[];
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
  /** The hold has no expiry the portal told us. */
  holdUntilUnknown: string;
  /** The countdown reached zero. */
  timeLeftOver: string;
  confirm: {
    pageTitle: string;
    headline: Record<ApprovalAction, string>;
    note: Record<ApprovalAction, string>;
    button: Record<ApprovalAction, string>;
    /** Said under the button: nothing happens until it is pressed. */
    safety: string;
  };
  status: Record<HoldStatus, string>;
  decidedLine(status: string, by: string | undefined, at: string | undefined): string;
  approved: { title: string; payInApp: string; noOrderNumber: string };
  released: { title: string; body: string };
  alreadyDecided: { title: string; body: string };
  holdExpired: { title: string; body: string };
  portalError: {
    title: string;
    reason(detail: string): string;
    stillHeld(until: string): string;
    nextSteps(holdId: string, action: ApprovalAction): string[];
  };
  notices: Record<NoticeKind, Notice>;
  wrongAction(linkAction: ApprovalAction): string;
  usedAt(at: string): string;
}
