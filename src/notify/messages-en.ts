import { pad2 } from './format.js';
import type { Messages } from './messages.js';

const WEEKDAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTHS = ['', 'Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

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

export const en: Messages = {
  locale: 'en',
  brand: 'jianlou',
  weekday: (n) => WEEKDAYS[n] ?? `day ${n}`,
  dateTime: (p) =>
    `${WEEKDAYS[p.weekday] ?? ''} ${p.day} ${MONTHS[p.month] ?? ''} ${pad2(p.hour)}:${pad2(p.minute)}`,
  time: (p) => `${pad2(p.hour)}:${pad2(p.minute)}`,
  colon: ': ',
  listSep: '; ',
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
  link: { course: 'Course page', approve: 'Approve', release: 'Release', status: 'Status' },
  opening: {
    title: (course) => `Seat open: ${course}`,
    clashes: (list) => `Clashes: ${list}`,
    holdSkipped: (reason) => `Not held automatically: ${reason}`,
    ping: (child, course, seats) => `A seat opened in "${course}" for ${child} (${seats}), see above`,
  },
  gone: { title: (course) => `Seat gone: ${course}` },
  holdMade: {
    title: (course) => `Seat held: ${course}`,
    decideBy: (child, until) => (until ? `${child} · decide by ${until}` : `${child} · decide soon`),
    emphasisLabel: 'held until',
    noExpiry: 'The portal does not say how long the hold lasts; decide soon.',
    explain: 'Approve = submit the order (then pay in the official app); Release = give the seat back.',
    ping: (child, course, until) =>
      `Holding "${course}" for ${child}: approve or release ${until ? `by ${until}` : 'soon'}`,
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
    note: (outcome) =>
      ({
        approved: 'The order awaits payment: pay in the official app.',
        released: 'The seat was given back.',
        expired: 'The portal took the seat back.',
        failed: 'Please look at the portal.',
      })[outcome],
  },
  problem: {
    title: (kind) => `Action needed: ${PROBLEMS[kind]}`,
    reminderPrefix: '[Still open] ',
    runCommand: (command) => `On the computer, run: ${command}`,
    ping: (kind, account) => `Action needed: ${PROBLEMS[kind]} (account ${account})`,
  },
  recovered: { title: (kind) => `Recovered: ${PROBLEMS[kind]}` },
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
  },
};
