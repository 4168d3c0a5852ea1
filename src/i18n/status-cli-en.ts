import type { StatusCliMessages } from './status-cli.js';
import { enChannelWords } from './status-cli-channels.js';

/** `jianlou status` in English: the lines the command has always printed. */
export const enStatusCli: StatusCliMessages = {
  header: (at, tz, file) => `jianlou status — ${at} ${tz} — ${file}`,
  relative: (n, unit, past) => (past ? `${n} ${unit} ago` : `in ${n} ${unit}`),
  when: (local, rel) => `${local} (${rel})`,
  never: 'never',
  targets: 'TARGETS',
  target: (child, childId, targetId, autoHold) =>
    `${child} (${childId}) — target ${targetId}${autoHold ? ', auto-hold' : ''}`,
  state: (s) => s ?? 'unseen',
  seen: (when) => `seen ${when}`,
  alerts: (count, pending) => `alerts: ${count}${pending ? ` (${pending} not yet delivered)` : ''}`,
  lastAlert: (kind, course, when, delivery) =>
    `, last ${kind}${course ? ` ${course}` : ''} at ${when} — ${delivery}`,
  delivery: (d) => d,
  alertKind: (kind) => kind,
  holdsNone: 'holds: none',
  hold: (course, status, detail) => `hold ${course} ${status}${detail ? ` ${detail}` : ''}`,
  holdStatus: (s) => s.toUpperCase(),
  holdExpires: (when, kept) =>
    when ? `expires ${when}` : kept ? 'the portal keeps it until you decide' : 'expires unknown',
  holdDecided: (by, at) => `by ${by} at ${at}`,
  order: (id) => `order ${id}`,
  holdNext: (id) => `→ jianlou holds approve ${id}   (or: release)`,
  holdId: (id) => `id ${id}`,
  openings: 'OPENINGS (seat history, last 14 days)',
  openingLast: (when) => `last ${when}`,
  schedule: 'SCHEDULE',
  cron: (cron, next) => `cron: ${cron} — next check at ${next}`,
  surge: (name, every, perHour, until) =>
    `surge ${name}: every ${every} s (≈${perHour} requests/hour per account)${until ? ` — IN FORCE until ${until}` : ''}`,
  suggestionsIntro: 'openings were seen most often at these hours; a surge there might catch them sooner:',
  suggestion: (openings, percent) => `${openings} opening(s), ${percent}% of all →`,
  learnMode: (enabled, perHour) =>
    enabled
      ? `schedule.learn on: watch runs these within ${perHour} requests/hour per account`
      : 'schedule.learn off: `jianlou surges suggest` prints them as config lines',
  learnedFrom: (total, mode) => `learned from ${total} seat(s) that came back (${mode}):`,
  learnedWindow: (when, every, perHour, inForce) =>
    `${when}, every ${every} s (≤${perHour} requests/hour)${inForce ? ' — IN FORCE' : ''}`,
  cronFor: (cron, minutes) => `${cron} for ${minutes} min`,
  because: (e) => `because ${e}`,
  notUsed: (e, reason) => `not used: ${e} — ${reason}`,
  accounts: 'ACCOUNTS',
  health: (h) => (h === 'ok' ? 'ok' : h.toUpperCase().replace('_', ' ')),
  account: (id, health, advice) => `${id}: session ${health}${advice ? ` — ${advice}` : ''}`,
  advice: (a) => {
    switch (a.code) {
      case 'no_session':
        return `no saved session — run: ${a.login}`;
      case 'unreadable':
        return `the saved session is unreadable — run: ${a.login}`;
      case 'cookies_expired':
        return `every cookie of the saved session has expired — run: ${a.login}`;
      case 'logged_out':
        return `the portal logged this account out — run: ${a.login}`;
      case 'unchecked':
        return 'not checked yet — run: jianlou check';
      case 'saved_after_failure':
        return 'session saved after the last failed check — run: jianlou check';
      case 'failing':
        return `last check: ${a.outcome} — run: jianlou doctor`;
    }
  },
  outcome: (o) => o,
  lastCheck: (outcome, when, ms, detail) =>
    `last check: ${outcome} at ${when}, took ${ms} ms${detail ? ` — ${detail}` : ''}`,
  lastCheckNever: 'last check: never',
  lastHour: (checks, requests) => `last hour: ${checks} check(s), ${requests} request(s) to the portal`,
  cookieExpires: (when) => `newest cookie expires ${when}`,
  noExpiry: 'no expiry saved (session cookies or a token)',
  savedSession: (path, when, cookies) => `saved session: ${path}, saved ${when}; ${cookies}`,
  savedNone: (path) => `saved session: none (${path} missing)`,
  heldBackTitle: 'WAITING FOR QUIET HOURS TO END',
  goesOutAt: (local, rel) => `goes out at the first check after ${local} (${rel})`,
  quietOver: 'quiet hours are over: goes out at the next check',
  heldBack: (kind, subject, since, when) => `${kind} ${subject} — held back since ${since}; ${when}`,
  notify: 'NOTIFY',
  channels: enChannelWords,
  channelLabel: (_id, label) => label,
  channelOk: 'ok',
  channelBroken: (since) => `BROKEN since ${since}`,
  channelPaused: (until) => `paused by the rate limit until ${until}`,
  channel: (label, line, sent, max, pending) =>
    `${label}: ${line}; sent ${sent}/${max} in the last minute, owes ${pending}`,
  outbox: (messages, effects) =>
    `outbox: ${messages} alert(s) waiting${effects ? `, ${effects} hold step(s) waiting` : ''}`,
  approvalLinks: (url, listen) =>
    `approval links: ${url} (server listens on ${listen} while jianlou watch runs)`,
  approvalOff: 'approval links: off (no approval section in the config)',
  bannerBroken: (label, since, errcode, fix) =>
    `!! ${label} BROKEN since ${since}${errcode !== null ? ` (errcode ${errcode})` : ''}: ${fix}`,
  bannerFix: (path) => (path ? `fix ${path}, then run jianlou doctor --send` : 'run jianlou doctor --send'),
  bannerNotReaching: (pending) => `!! alerts are NOT reaching the parents; ${pending} waiting in the outbox`,
};
