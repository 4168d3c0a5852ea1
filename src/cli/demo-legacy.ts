/**
 * The legacy style's chapter of `jianlou demo --style legacy`: a pre-registration (预报名) is an unpaid
 * order the portal cancels at its payment deadline. The story waits for the reminder before a parent
 * approves ("go and pay in the app"), lets the deadline pass unpaid, and ends when the seat the portal
 * took back is news again.
 */

import type { DemoMessages } from '../i18n/demo-messages.js';
import type { LegacyAdminState } from '../portal/legacy/server.js';
import { bold, dim, green, type Story } from './demo-story.js';

/** Seconds a pre-registration stays unpaid in the demo: long enough for the 1-minute reminder first. */
export const LEGACY_PAYMENT_SECONDS = 90;

export type LegacyChapter = 'watching' | 'held' | 'approved' | 'cancelled' | 'news_again';

export interface LegacyStory {
  /** Where the story is, from the portal's state and the messages the group received so far. */
  chapter(state: LegacyAdminState, messages: readonly string[]): LegacyChapter;
  /** The approve link may be followed once the reminder came (the parent was reminded, then decided). */
  mayApprove(messages: readonly string[]): boolean;
  /** Lines to say when a chapter begins. */
  lines(chapter: LegacyChapter, state: LegacyAdminState): string[];
}

const REMINDER = '占位快到期了';
const NEWS = ['有空位', '已占位'];
/** The group hears that the portal cancelled the unpaid order. */
const TAKEN_BACK = '网站已收回名额';
/** The approval's note for an unpaid order: pay in the official app. */
const APPROVED = '订单待支付';

/** `t`: the words in the config's locale; `story` names the children and says times in the config's timezone. */
export function legacyStory(t: DemoMessages, story: Pick<Story, 'clock' | 'child'>): LegacyStory {
  let cancelledAt: number | undefined;
  return {
    chapter(state, messages) {
      const cancelled = state.orders.find((o) => o.status === 'cancelled' && o.cancelReason === 'timeout');
      if (cancelled) {
        cancelledAt ??= messages.length;
        // jianlou says the portal took the seat back, and the target is watched again: its next opening is news.
        const later = messages.slice(cancelledAt).join('\n');
        return later.includes(TAKEN_BACK) && NEWS.some((n) => later.includes(n)) ? 'news_again' : 'cancelled';
      }
      if (messages.some((m) => m.includes(APPROVED))) return 'approved';
      return state.orders.some((o) => o.status === 'pending_payment') ? 'held' : 'watching';
    },
    mayApprove: (messages) => messages.some((m) => m.includes(REMINDER)),
    lines(chapter, state) {
      const unpaid = state.orders.find((o) => o.status === 'pending_payment');
      switch (chapter) {
        case 'held':
          return unpaid
            ? [
                `  ${green('→')} ${t.legacy.held(bold(unpaid.orderId), unpaid.courseId, story.child(unpaid.studentId), story.clock(unpaid.deadline))}`,
              ]
            : [];
        case 'approved':
          return [`  ${green('→')} ${t.legacy.approved}`];
        case 'cancelled':
          return [`  ${green('→')} ${bold(t.legacy.cancelled)}`];
        case 'news_again':
          return [dim(`  ${t.legacy.newsAgain}`)];
        default:
          return [];
      }
    },
  };
}
