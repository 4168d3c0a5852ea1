import { type Alert, CART_HOLD, type Observation } from '../core/types.js';
import type { AlertMessages } from '../i18n/types.js';
import { compact, DEFAULT_TIME_ZONE, field, oneLine, zonedParts } from './format.js';
import { holdResultWords } from './hold-result-words.js';

/**
 * What an alert says, independent of the wire format. The renderers turn a view into a template
 * card, markdown, plain text or a line of a burst summary. All strings are plain text.
 */
export interface AlertView {
  /** The format this alert prefers; a card that does not fit becomes markdown. */
  format: 'card' | 'markdown' | 'text';
  /** Urgent alerts mention the configured people. */
  urgent: boolean;
  tone: 'warning' | 'info' | 'comment';
  title: string;
  subtitle?: string;
  emphasis?: { value: string; label: string };
  fields: { key: string; value: string }[];
  notes: string[];
  /** A shell command for a person to run (shown as code in markdown). */
  command?: string;
  links: { title: string; url: string }[];
  /** Where a click on the whole card goes. */
  primaryUrl?: string;
  /** One short line: the mention message after a card, and plain-text summaries. */
  ping: string;
}

export interface ViewContext {
  m: AlertMessages;
  timeZone?: string;
  /** A page of jianlou itself (status/approval server) for cards that have no link of their own. */
  statusUrl?: string;
  /** false: no jianlou server answers (cron-only): links to its pages are left out. */
  serving?: boolean;
}

export function buildView(alert: Alert, ctx: ViewContext): AlertView {
  const { m } = ctx;
  const when = (iso: string): string => {
    const parts = zonedParts(iso, ctx.timeZone ?? DEFAULT_TIME_ZONE);
    return parts ? m.dateTime(parts) : iso;
  };
  /** A hold's deadline: the time alone when it falls on the day the hold was made, else with the date. */
  const deadline = (iso: string | null, madeAt: string): string | null => {
    if (iso === null) return null;
    const parts = zonedParts(iso, ctx.timeZone ?? DEFAULT_TIME_ZONE);
    if (!parts) return iso;
    const made = zonedParts(madeAt, ctx.timeZone ?? DEFAULT_TIME_ZONE);
    const sameDay = made && made.year === parts.year && made.month === parts.month && made.day === parts.day;
    return sameDay ? m.time(parts) : m.dateTime(parts);
  };
  const course = (o: Observation) => oneLine(o.title || o.courseId);
  const child = (c: { name: string }) => oneLine(c.name);
  const courseLink = (o: Observation) => ({ title: m.link.course, url: o.url });
  /** The release link, only where the portal lets a family give the seat back. */
  const releaseLink = (kind: { release: boolean }, url: string | undefined) =>
    kind.release && url ? { title: m.link.release, url } : undefined;
  const slot = (o: Observation) => (o.schedule ? m.schedule(o.schedule) : undefined);
  const courseFields = (o: Observation) =>
    compact([
      field(m.key.schedule, slot(o)),
      field(m.key.campus, o.campus && oneLine(o.campus)),
      field(m.key.teacher, o.teacher && oneLine(o.teacher)),
      field(m.key.fee, o.fee === undefined ? undefined : `¥${o.fee}`),
    ]);

  switch (alert.kind) {
    case 'opening': {
      const o = alert.observation;
      const clashes = alert.clashes.map((c) => oneLine(m.clash(c))).filter(Boolean);
      return {
        format: 'card',
        urgent: true,
        tone: 'warning',
        title: m.opening.title(course(o)),
        subtitle: `${child(alert.child)} · ${oneLine(o.courseId)}`,
        ...(o.seats === null ? {} : { emphasis: { value: String(o.seats), label: m.key.seats } }),
        fields: compact([
          o.seats === null ? field(m.key.seats, m.seats(null)) : undefined,
          ...courseFields(o),
          field(m.key.seenAt, when(alert.seenAt)),
        ]),
        notes: compact([
          clashes.length > 0 ? m.opening.clashes(clashes.join(m.listSep)) : undefined,
          alert.holdSkipped ? m.opening.holdSkipped(oneLine(m.holdSkip(alert.holdSkipped))) : undefined,
        ]),
        links: [courseLink(o)],
        primaryUrl: o.url,
        ping: m.opening.ping(child(alert.child), course(o), m.seats(o.seats)),
      };
    }
    case 'gone': {
      const o = alert.observation;
      return {
        format: 'markdown',
        urgent: false,
        tone: 'comment',
        title: m.gone.title(course(o)),
        subtitle: `${child(alert.child)} · ${oneLine(o.courseId)}`,
        fields: [
          { key: m.key.state, value: m.seatState(o.state) },
          { key: m.key.seenAt, value: when(alert.seenAt) },
        ],
        notes: [],
        links: [courseLink(o)],
        primaryUrl: o.url,
        ping: m.gone.title(course(o)),
      };
    }
    case 'hold_made': {
      const o = alert.observation;
      const kind = alert.holdKind ?? CART_HOLD;
      const until = deadline(alert.hold.expiresAt, alert.hold.heldAt);
      const expiryNote = kind.expires ? m.holdMade.noExpiry : m.holdMade.keptUntilDecided;
      return {
        format: 'card',
        urgent: true,
        tone: 'warning',
        title: m.holdMade.title(course(o)),
        subtitle: m.holdMade.decideBy(child(alert.child), until, kind),
        ...(until ? { emphasis: { value: until, label: m.holdMade.emphasisLabel } } : {}),
        fields: compact([
          ...courseFields(o),
          alert.hold.expiresAt ? field(m.key.expiresAt, when(alert.hold.expiresAt)) : undefined,
        ]),
        notes: compact([alert.hold.expiresAt ? undefined : expiryNote, m.holdMade.explain(kind)]),
        links: compact([
          { title: m.link.approve, url: alert.approveUrl },
          releaseLink(kind, alert.releaseUrl),
          courseLink(o),
        ]),
        primaryUrl: alert.approveUrl,
        ping: m.holdMade.ping(
          child(alert.child),
          course(o),
          until,
          Boolean(releaseLink(kind, alert.releaseUrl)),
          kind,
        ),
      };
    }
    case 'hold_failed': {
      const o = alert.observation;
      return {
        format: 'text',
        urgent: true,
        tone: 'warning',
        title: m.holdFailed.title(course(o)),
        subtitle: `${child(alert.child)} · ${oneLine(o.courseId)}`,
        fields: [
          { key: m.key.seats, value: o.seats === null ? m.seats(null) : String(o.seats) },
          ...courseFields(o),
        ],
        notes: [m.holdFailed.reason(oneLine(alert.reason)), m.holdFailed.manual],
        links: [courseLink(o)],
        primaryUrl: o.url,
        ping: m.holdFailed.ping(child(alert.child), course(o)),
      };
    }
    case 'hold_reminder': {
      const o = alert.observation;
      const kind = alert.holdKind ?? CART_HOLD;
      const until = deadline(alert.hold.expiresAt, alert.hold.heldAt);
      return {
        format: 'markdown',
        urgent: true,
        tone: 'warning',
        title: m.holdReminder.title(course(o)),
        subtitle: m.holdMade.decideBy(child(alert.child), until, kind),
        fields: compact([
          ...courseFields(o),
          alert.hold.expiresAt ? field(m.key.expiresAt, when(alert.hold.expiresAt)) : undefined,
        ]),
        notes: [m.holdMade.explain(kind)],
        links: compact([
          { title: m.link.approve, url: alert.approveUrl },
          releaseLink(kind, alert.releaseUrl),
        ]),
        primaryUrl: alert.approveUrl,
        ping: m.holdReminder.ping(child(alert.child), course(o), until),
      };
    }
    case 'hold_result': {
      const o = alert.observation;
      const words = holdResultWords(alert, m, course(o));
      return {
        format: 'markdown',
        urgent: alert.outcome === 'failed' && alert.action !== undefined,
        tone: alert.outcome === 'approved' ? 'info' : alert.outcome === 'failed' ? 'warning' : 'comment',
        title: words.title,
        subtitle: `${child(alert.child)} · ${oneLine(o.courseId)}`,
        fields: compact([
          field(m.key.schedule, slot(o)),
          field(m.key.order, alert.order && oneLine(alert.order.id)),
          field(m.key.by, alert.by && oneLine(alert.by)),
        ]),
        notes: words.notes,
        links: [courseLink(o)],
        primaryUrl: o.url,
        ping: words.title,
      };
    }
    case 'problem': {
      const prefix = alert.reminder ? m.problem.reminderPrefix : '';
      const command = oneLine(m.nextStep(alert.next));
      const loginUrl = ctx.serving === false ? undefined : alert.loginUrl;
      // A lost login is said to parents in their words (the flow's developer detail stays in the log);
      // other problems quote the flow, which often says the next step already: say it once.
      const expired = alert.problem === 'session_expired';
      const saidInDetail = !expired && alert.detail.includes(command);
      const statusUrl = ctx.serving === false ? undefined : ctx.statusUrl;
      const pageUrl = loginUrl ?? statusUrl;
      return {
        format: 'card',
        urgent: true,
        tone: 'warning',
        title: prefix + m.problem.title(alert.problem),
        subtitle: `${m.key.account} ${oneLine(alert.accountId)}`,
        fields: [{ key: m.key.since, value: when(alert.since) }],
        // Only a login is a command to run; "wait" and "doctor" are sentences, not commands.
        notes: compact([
          expired
            ? m.problem.sessionExpired(oneLine(alert.accountId), Boolean(loginUrl))
            : m.problem.detail(oneLine(alert.detail)),
          alert.next.code === 'login' ? undefined : m.nextStep(alert.next),
        ]),
        ...(alert.next.code === 'login' && !saidInDetail ? { command } : {}),
        links: [
          ...(loginUrl ? [{ title: m.link.relogin, url: loginUrl }] : []),
          ...(statusUrl ? [{ title: m.link.status, url: statusUrl }] : []),
        ],
        ...(pageUrl ? { primaryUrl: pageUrl } : {}),
        ping: prefix + m.problem.ping(alert.problem, oneLine(alert.accountId)),
      };
    }
    case 'login_soon':
      return {
        format: 'card',
        urgent: false,
        tone: 'warning',
        title: m.loginSoon.title,
        subtitle: `${m.key.account} ${oneLine(alert.accountId)}`,
        fields: [{ key: m.loginSoon.expectedEnd, value: when(alert.expectedEnd) }],
        notes: [m.loginSoon.note],
        links: [{ title: m.link.relogin, url: alert.loginUrl }],
        primaryUrl: alert.loginUrl,
        ping: m.loginSoon.title,
      };
    case 'recovered':
      return {
        format: 'markdown',
        urgent: false,
        tone: 'info',
        title: m.recovered.title(alert.problem),
        subtitle: `${m.key.account} ${oneLine(alert.accountId)}`,
        fields: [
          { key: m.key.since, value: when(alert.since) },
          { key: m.key.recoveredAt, value: when(alert.at) },
        ],
        notes: [],
        links: [],
        ping: m.recovered.title(alert.problem),
      };
    case 'daily_summary': {
      const bad = alert.sessions.filter((s) => !s.ok).map((s) => oneLine(s.accountId));
      const sessions = bad.length === 0 ? m.daily.sessionsOk : m.daily.sessionsBad(bad.join(m.nameSep));
      const next = alert.nextCheckAt ? when(alert.nextCheckAt) : m.daily.noNextCheck;
      const line = m.daily.line(alert.checks, sessions, next);
      return {
        format: 'markdown',
        urgent: false,
        tone: bad.length === 0 ? 'info' : 'warning',
        title: m.daily.title,
        fields: [],
        notes: [line, m.daily.openings(alert.openings)],
        links: alert.statusUrl ? [{ title: m.link.status, url: alert.statusUrl }] : [],
        ...(alert.statusUrl ? { primaryUrl: alert.statusUrl } : {}),
        ping: line,
      };
    }
    case 'test':
      return {
        format: 'text',
        urgent: false,
        tone: 'info',
        title: m.test.title,
        fields: [{ key: m.key.time, value: when(alert.at) }],
        notes: [m.test.body],
        links: [],
        ping: m.test.title,
      };
  }
}
