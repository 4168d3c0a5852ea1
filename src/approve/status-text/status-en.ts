import type { RunOutcome } from '../../store/runs.js';
import type { StatusMessages } from './status-catalogue.js';

const OUTCOME_EN: Record<RunOutcome, string> = {
  ok: 'was fine',
  session_expired: 'found the login expired',
  portal_changed: 'could not read the portal (its pages may have changed)',
  rate_limited: 'was rate-limited by the portal',
  unavailable: 'could not reach the portal',
  error: 'failed',
};

export const statusEn: StatusMessages = {
  lang: 'en',
  title: 'Watch status',
  brand: 'jianlou',
  updated: (at) => `Updated ${at} (reload the page to refresh)`,
  readOnlyNote: 'Opening this page does nothing; only pressing a button approves or releases a seat.',
  sections: {
    children: 'Children and courses',
    openings: 'When seats come back',
    holds: 'Held seats',
    sessions: 'Portal sessions',
    robot: 'Group robot',
    alerts: 'Recent group messages',
    problems: 'Open problems',
  },
  target: (autoHold) => (autoHold ? 'any one of · auto-hold' : 'any one of'),
  state: { open: 'open', full: 'full', closed: 'closed', not_found: 'not found', unseen: 'not checked yet' },
  seats: (n) => (n === null ? 'seats unknown' : `${n} seat${n === 1 ? '' : 's'} left`),
  lastSeen: (at) => (at ? `last checked ${at}` : 'not checked yet'),
  chartLabel: (course, days) => `${course}: seats left over the last ${days} days`,
  legend: { seats: 'seats', alert: 'alert', hold: 'hold', order: 'order' },
  noHistory: 'no history yet',
  openingsNote: (total, days) => `${total} openings across all courses in the last ${days} days`,
  byHour: 'by hour of day',
  byWeekday: 'by day of week',
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  hold: {
    status: { held: 'held', approved: 'ordered', released: 'released', expired: 'expired', failed: 'failed' },
    expires: (at) => `held until ${at}`,
    kept: 'the portal keeps it until you decide',
    decided: (by, at) => [by, at].filter(Boolean).join(' · '),
    approve: 'Approve (submit the order)',
    release: 'Release the seat',
    none: 'No seat is held right now.',
  },
  health: { ok: 'ok', needs_login: 'needs a login', problem: 'checks failing', unchecked: 'not checked yet' },
  sessionExpires: (at) => (at ? `login expires around ${at}` : 'login expiry unknown'),
  checks24h: (checks, failures) => `${checks} checks in 24 h, ${failures} failed`,
  lastCheck: (at) => (at ? `last check ${at}` : 'not checked yet'),
  relogin: 'Log in again from this phone',
  advice: (a) => {
    switch (a.code) {
      case 'no_session':
        return `no saved login yet: log in again (or run ${a.login})`;
      case 'unreadable':
        return `the saved login cannot be read: log in again (or run ${a.login})`;
      case 'cookies_expired':
        return `the saved login has expired: log in again (or run ${a.login})`;
      case 'logged_out':
        return `the portal logged this account out: log in again (or run ${a.login})`;
      case 'unchecked':
        return 'not checked yet: the next check will tell';
      case 'saved_after_failure':
        return 'logged in again after the last failed check: the next check will confirm';
      case 'failing':
        return `the last check ${OUTCOME_EN[a.outcome]}: run jianlou doctor on the computer to see why`;
    }
  },
  channel: { ok: 'ok', paused: 'paused by the rate limit', broken: 'failing' },
  channelLine: (sent, max, pending) => `sent ${sent}/${max} in the last minute, ${pending} waiting`,
  brokenSince: (at) => `since ${at}`,
  outbox: (messages, effects) =>
    `${messages} message(s) waiting${effects ? `, ${effects} hold step(s) waiting` : ''}`,
  delivery: { sent: 'delivered', pending: 'waiting', failed: 'not delivered', unknown: '' },
  noAlerts: 'No message sent yet.',
  noProblems: 'Nothing needs a person.',
  problem: {
    session_expired: 'logged out',
    portal_changed: 'the portal changed',
    portal_unavailable: 'the portal is unreachable',
  },
  problemExpired: (account) =>
    `The portal logged account ${account} out; checks are paused. Log in again from Portal sessions on a phone, or run jianlou login ${account} on the computer.`,
  decision: {
    done: {
      approved: 'Order submitted: pay in the official app.',
      released: 'Seat released for another family.',
    },
    already: 'This seat was already decided (from the group link or by another parent).',
    expired: 'The hold ran out; the portal released the seat.',
    failed: 'That did not go through; the seat is still held, try again.',
    back: 'Back to the status page',
  },
  refused: {
    title: 'Link not valid',
    body: 'This status link is no longer valid (it was replaced). Use the newest daily message in the group, or ask whoever runs jianlou for: jianlou status --link.',
  },
};
