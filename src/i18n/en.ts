import { type BookedCourse, isUnpaidRegistration, type Schedule } from '../core/types.js';
import { enDetail } from './check-detail.js';
import { enDemo } from './demo-messages.js';
import { enCli } from './en-cli.js';
import { enPages } from './en-pages.js';
import { enRelay } from './en-relay.js';
import { pad2 } from './locale.js';
import { enScheduleWords, scheduleWording } from './schedule-text.js';
import type { AlertMessages, Catalogue, HoldMessages } from './types.js';

/** The one weekday table of the English catalogue (index 0 = Monday). */
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
const weekday = (n: number): string | undefined => WEEKDAYS[n - 1];
const SCHEDULE_WORDS = enScheduleWords(WEEKDAYS);
/** The schedule with its dates, in the one wording of pages, alerts and the CLI. */
const slot = (s: Schedule): string => scheduleWording(s, SCHEDULE_WORDS);

/** "Swimming 1" (Sat 10:00-11:00, enrolled) */
function commitment(c: BookedCourse): string {
  const schedule = c.schedule ? slot(c.schedule) : '';
  const when = schedule ? `${schedule}, ` : '';
  return `"${c.title ?? c.courseId}" (${when}${c.kind === 'order' ? 'enrolled' : 'held'})`;
}
const MONTHS = ['', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A hold the portal keeps until the family decides (no expiry): said plainly, everywhere. */
const KEPT = 'the portal keeps it until you decide';

const PROBLEMS = {
  session_expired: 'login expired',
  portal_changed: 'portal changed',
  portal_unavailable: 'portal unreachable',
  channel_broken: 'alert channel broken',
} as const;

const OUTCOMES = {
  approved: 'Enrolled',
  released: 'Released',
  expired: 'Hold expired',
  failed: 'Action failed',
} as const;

const alerts: AlertMessages = {
  locale: 'en',
  brand: 'jianlou',
  weekday: (n) => weekday(n) ?? `day ${n}`,
  dateTime: (p) =>
    `${weekday(p.weekday) ?? ''} ${p.day} ${MONTHS[p.month] ?? ''} ${pad2(p.hour)}:${pad2(p.minute)}`,
  time: (p) => `${pad2(p.hour)}:${pad2(p.minute)}`,
  schedule: slot,
  colon: ': ',
  listSep: '; ',
  nameSep: ', ',
  linkSep: '  ',
  commitment,
  clash: (c) => `clashes with ${commitment(c)}`,
  holdSkip: (s) => {
    switch (s.code) {
      case 'dry_run':
        return 'dry run: this course would have been held automatically; nothing was done';
      case 'account_down':
        return `the check of account ${s.accountId} failed this round, so nothing was held`;
      case 'expired_before':
        return 'an earlier hold of this course expired undecided, so it is not held again';
      case 'clash':
        return `clashes with ${s.with.map(commitment).join(', ')}, so it was not held`;
      case 'cap':
        return `the account already has ${s.max} holds (the limit), so nothing was held`;
      case 'already_tried':
        return 'a hold was already tried for this opening and did not work; not retried';
      case 'preferred_other':
        return `"${s.title}" was held instead`;
    }
  },
  nextStep: (s) => {
    switch (s.code) {
      case 'login':
        return `jianlou login ${s.accountId}`;
      case 'doctor':
        return 'the portal may have changed: run jianlou doctor, and update the portal flow if needed';
      case 'wait':
        return 'nothing to do: checks resume by themselves when the portal is back';
    }
  },
  seats: (n) => (n === null ? 'seats free' : `${n} left`),
  seatState: (s) => ({ open: 'open', full: 'full', closed: 'closed', not_found: 'not found' })[s],
  problemKind: (k) => PROBLEMS[k],
  continued: (i, n) => `(cont. ${i}/${n})`,
  key: {
    seats: 'Seats',
    schedule: 'Time',
    campus: 'Where',
    seenAt: 'Seen',
    expiresAt: 'Until',
    state: 'State',
    since: 'Since',
    recoveredAt: 'Back',
    account: 'User',
    order: 'Order',
    by: 'By',
    time: 'At',
    teacher: 'Tutor',
    fee: 'Fee',
  },
  link: {
    course: 'Course page',
    approve: 'Approve',
    release: 'Release',
    status: 'Status',
    relogin: 'Log in again from the phone',
  },
  opening: {
    title: (course) => `Seat open: ${course}`,
    clashes: (list) => `Clashes: ${list}`,
    holdSkipped: (reason) => `Not held automatically: ${reason}`,
    ping: (child, course, seats) => `A seat opened in "${course}" for ${child} (${seats}), see above`,
  },
  gone: { title: (course) => `Seat gone: ${course}` },
  holdMade: {
    title: (course) => `Seat held: ${course}`,
    decideBy: (child, until, kind) =>
      until && kind && isUnpaidRegistration(kind)
        ? `${child} · pay in the official app before ${until}, or the portal cancels the registration`
        : until
          ? `${child} · decide by ${until}`
          : kind && !kind.expires
            ? `${child} · ${KEPT}`
            : `${child} · decide soon`,
    emphasisLabel: 'held until',
    noExpiry: 'The portal does not say how long the hold lasts; decide soon.',
    keptUntilDecided: 'The portal keeps this seat until you decide.',
    explain: (kind) => {
      const approve = {
        payment:
          kind.kind === 'cart'
            ? 'Approve = submit the order (then pay in the official app)'
            : 'Approve = keep the registration (then pay in the official app)',
        review: "Approve = keep the registration for the organiser's review (free, nothing to pay)",
        none: 'Approve = keep the seat (nothing to pay)',
      }[kind.after];
      return kind.release
        ? `${approve}; Release = give the seat back.`
        : `${approve}. This portal does not let you cancel a registration yourself.`;
    },
    ping: (child, course, until, canRelease, kind) =>
      `Holding "${course}" for ${child}: ${canRelease ? 'approve or release' : 'confirm'} ${until ? `by ${until}` : kind && !kind.expires ? `(${KEPT})` : 'soon'}`,
  },
  holdFailed: {
    title: (course) => `Hold failed: ${course}`,
    reason: (reason) => `Reason: ${reason}`,
    manual: 'The seat may still be free: enrol by hand now.',
    ping: (child, course) => `Could not hold "${course}" for ${child}: enrol by hand now`,
  },
  holdReminder: {
    title: (course) => `Hold expiring: ${course}`,
    ping: (child, course, until) =>
      `The hold on "${course}" for ${child} expires ${until ? `at ${until}` : 'soon'}: decide now`,
  },
  holdResult: {
    title: (outcome, course) => `${OUTCOMES[outcome]}: ${course}`,
    note: (outcome, kind) =>
      ({
        approved: {
          payment: 'The order awaits payment: pay in the official app.',
          review:
            "The registration is kept and awaits the organiser's review; watch the portal for the result.",
          none: 'The seat is yours.',
        }[kind.after],
        released: 'The seat was given back.',
        expired: 'The portal took the seat back.',
        failed: 'Nothing was done; if the seat is still held, try again or look at the portal.',
      })[outcome],
    failedTitle: (action, refused, course) =>
      `${action === 'approve' ? 'Approval' : 'Release'} ${refused ? 'refused by the portal' : 'did not go through'}: ${course}`,
    keptTitle: (course) => `Kept: ${course}`,
    keptNote: (kind) =>
      `The registration was made when the seat was held; approving did nothing more at the portal. ${
        {
          payment: 'Pay in the official app before its deadline, or the portal cancels the registration.',
          review: "It waits for the organiser's review; watch the portal for the result.",
          none: 'The seat is yours, nothing to pay.',
        }[kind.after]
      }`,
  },
  problem: {
    title: (kind) => `Action needed: ${PROBLEMS[kind]}`,
    reminderPrefix: 'Still open: ',
    runCommand: (command) => `On the computer, run: ${command}`,
    detail: enDetail,
    sessionExpired: (account, byPhone) =>
      `The portal logged account ${account} out, so checks are paused. ${byPhone ? 'Tap "Log in again from the phone" and log in once to resume.' : 'Log in again on the computer with the command below.'}`,
    ping: (kind, account) => `Action needed: ${PROBLEMS[kind]} (account ${account})`,
  },
  recovered: { title: (kind) => `Recovered: ${PROBLEMS[kind]}` },
  loginSoon: {
    title: 'The login will run out soon',
    expectedEnd: 'Expected to end',
    note: 'Log in again from the phone now, so no check is missed.',
  },
  daily: {
    title: 'Daily report',
    line: (checks, sessions, next) => `Still watching: ${checks} checks, ${sessions}, next check ${next}`,
    sessionsOk: 'sessions fine',
    sessionsBad: (accounts) => `login needed (${accounts})`,
    openings: (n) => `Openings seen: ${n}`,
    noNextCheck: 'not scheduled',
  },
  test: { title: 'jianlou test message', body: 'The robot works; alerts will arrive in this group.' },
  burst: {
    title: (n) => `jianlou: ${n} new alerts`,
    ping: (n) => `${n} new alerts, see above`,
    seq: (n) => ` #${n}`,
  },
  resent: ' (re-sent)',
};

const hold: HoldMessages = {
  failure: (f) => {
    switch (f.code) {
      case 'no_seats':
        return 'someone else took the seat first';
      case 'cart_full':
        return 'the portal cart is full';
      case 'already_ordered':
        return 'the child is already enrolled in this course';
      case 'not_open':
        return 'the course is not open for enrolment';
      case 'unverified':
        return 'the seat did not show up in the cart afterwards';
      case 'refused':
        return f.said ? `the portal refused: ${f.said}` : `the portal refused (its code: ${f.reason})`;
      case 'session_expired':
        return `the session expired; run jianlou login ${f.accountId} and try again`;
      case 'rate_limited':
        return 'the portal asked us to slow down';
      case 'portal_changed':
        return 'the portal seems to have changed';
      case 'unavailable':
        return 'the portal is unavailable right now; try again later';
      case 'unsupported':
        return 'this portal has no such step (it may not let you cancel a registration); nothing to retry';
    }
  },
  decidedByCli: 'terminal (jianlou holds)',
  decidedByLink: (ip, agent) => `link (${ip}${agent ? `, ${agent}` : ''})`,
  decidedByStatusPage: (ip, agent) => `status page (${ip}${agent ? `, ${agent}` : ''})`,
  agentNames: { wxwork: 'WeCom', wechat: 'WeChat' },
  keptByPortal: KEPT,
  concurrentFailed:
    'a decision made at the same moment did not go through; the seat is still held, try again',
};

export const en: Catalogue = {
  locale: 'en',
  weekdays: WEEKDAYS,
  alerts,
  schedule: slot,
  pages: enPages(WEEKDAYS, slot),
  relay: enRelay,
  hold,
  cli: enCli(slot),
  // r3b-phone-demo (issue 29 item 12)
  demo: enDemo,
};
