import { formatListen } from '../../config/listen.js';
import { nextCronTime, parseCron } from '../../core/cron-fields.js';
import type { Schedule, SeatState } from '../../core/types.js';
import type { ChannelStatus } from '../../notify/sender.js';
import type { AlertRecord } from '../../store/alerts.js';
import type { SeatChange } from '../../store/history.js';
import type { HoldRecord, HoldStatus } from '../../store/holds.js';
import type { ObservationRecord } from '../../store/observations.js';
import type { RunOutcome, RunRecord } from '../../store/runs.js';
import type { OutboxStatus } from '../../store/types.js';
import { quietEndsAt } from '../../watch/decide-time.js';
import { activeSurge, requestsPerHour, type SurgeSuggestion, suggestSurges } from '../../watch/surges.js';
import type { Runtime } from '../runtime/runtime.js';
import {
  healthOf,
  readSessionFile,
  type SessionAdvice,
  type SessionHealth,
} from '../sessions/session-health.js';
import {
  type CourseHistorySummary,
  openingHistogram,
  openingsOf,
  summariseHistory,
} from './history-summary.js';

/**
 * What `jianlou status` reports, built from the store and the saved-session files only: no browser,
 * no portal request. The JSON form (`status --json`) is this object as it is; fields are only added,
 * never renamed. Instants are ISO-8601 UTC; the CLI shows them in the config's time zone.
 */
export interface StatusReport {
  generatedAt: string;
  timezone: string;
  configFile: string;
  targets: TargetStatus[];
  accounts: AccountStatus[];
  channels: ChannelReport[];
  outbox: { messages: number; effects: number };
  approval: { listen: string; publicUrl: string } | null;
  /** Per watched course, from the seat history: openings in the last 14 days and the last one. */
  history: { courses: CourseHistorySummary[] };
  /** Alerts quiet hours held back at the last check: they go out at the first check after them. */
  heldBack: HeldBackAlert[];
  /** The check schedule, its surge windows, and windows the seat history suggests (issue 17). */
  schedule: ScheduleStatus;
}

export interface ScheduleStatus {
  cron: string;
  /** When the cron fires next (a surge window in force checks sooner); null when it never does. */
  nextCheckAt: string | null;
  surges: {
    name: string;
    everySeconds: number;
    /** Requests an hour per account inside the window (one per check). */
    requestsPerHour: number;
    activeNow: boolean;
    /** When the window in force now ends; null when it is not in force. */
    endsAt: string | null;
  }[];
  /** Hours when openings were seen (all courses, the history kept): candidates for surges. */
  suggestions: SurgeSuggestion[];
}

export interface HeldBackAlert {
  kind: string;
  /** `<target>/<course>` for course alerts, `<account>/<problem>` for problems. */
  subject: string;
  /** Held back since (the first check that did). */
  since: string;
  /** When quiet hours end: it goes out at the first check after that; null when they are over (the next check). */
  goesOutAt: string | null;
}

export interface TargetStatus {
  id: string;
  child: { id: string; name: string };
  autoHold: boolean;
  /** In the config's order of preference. */
  courses: CourseStatus[];
  alerts: {
    count: number;
    /** Still in the outbox (not yet delivered to every channel). */
    pending: number;
    last: LastAlert | null;
  };
  /** Holds waiting for a decision, then the most recent others (newest first). */
  holds: HoldSummary[];
}

export interface CourseStatus {
  courseId: string;
  /** null until the course was seen once. */
  title: string | null;
  seats: number | null;
  state: SeatState | null;
  seenAt: string | null;
  /** When the course meets, as last seen; absent when unknown. */
  schedule?: Schedule;
}

export interface LastAlert {
  id: string;
  kind: string;
  at: string;
  courseId: string | null;
  delivery: 'sent' | 'pending' | 'failed' | 'unknown';
}

export interface HoldSummary {
  id: string;
  courseId: string;
  title: string | null;
  /** When the held course meets, as seen when it was held; absent when unknown. */
  schedule?: Schedule;
  status: HoldStatus;
  expiresAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  orderId: string | null;
  error: string | null;
}

export type { SessionHealth } from '../sessions/session-health.js';

export interface AccountStatus {
  id: string;
  health: SessionHealth;
  /** One line for a person: why the health is what it is and what to do. */
  advice: string | null;
  /** The same advice as a code, for readers in another language (the status page). */
  adviceCode: SessionAdvice | null;
  storageState: {
    path: string;
    present: boolean;
    savedAt: string | null;
    /** The latest expiry of its cookies; null when none has one (session cookies only) or no file. */
    newestCookieExpiresAt: string | null;
  };
  lastRun: {
    outcome: RunOutcome;
    startedAt: string;
    durationMs: number;
    detail: string | null;
  } | null;
  /** Checks of this account in the last hour and the HTTP requests they sent to the portal. */
  lastHour: { checks: number; requests: number };
}

export interface ChannelReport extends ChannelStatus {
  /** "WeCom robot", "JSON webhook", "log only". */
  label: string;
  /** The config field to fix when the channel is broken; null for the log fallback. */
  configPath: string | null;
}

/** Decided holds shown per target besides those still waiting. */
const RECENT_DECIDED_HOLDS = 3;

export type StatusSources = Pick<Runtime, 'config' | 'repos' | 'now'> & Partial<Pick<Runtime, 'watchState'>>;

export async function buildStatusReport(rt: StatusSources, channels: ChannelStatus[]): Promise<StatusReport> {
  const { config, repos } = rt;
  const now = rt.now();
  const watched = [...new Set(config.targets.flatMap((t) => t.courses))];
  const kept = new Date(now.getTime() - config.history.retentionDays * 86_400_000);
  const [observations, holds, alerts, runs, openMessages, openEffects, changes] = await Promise.all([
    repos.observations.list(),
    repos.holds.list(),
    repos.alerts.list(),
    repos.runs.latest(),
    repos.outbox.open('message'),
    repos.outbox.open('effect'),
    repos.history.changes(kept, watched),
  ]);
  const seen = new Map(observations.map((o) => [o.courseId, o]));
  // An unchanged reading is not written again: the account's last successful check saw it last.
  const lastOk = new Map<string, RunRecord>();
  for (const account of config.accounts) {
    const ok = (await repos.runs.recent(account.id, 10_000)).find((r) => r.outcome === 'ok');
    if (ok) lastOk.set(account.id, ok);
  }
  const seenAt = (record: ObservationRecord): string => {
    const run = lastOk.get(record.accountId);
    return run?.courses.includes(record.courseId) && run.startedAt > record.at ? run.startedAt : record.at;
  };
  const holdTarget = new Map(holds.map((h) => [h.id, h.targetId]));
  const alertsByTarget = new Map<string, AlertRecord[]>();
  for (const alert of alerts) {
    const target = alert.targetId ?? holdTarget.get(holdIdOf(alert.id) ?? '');
    if (target === undefined) continue;
    alertsByTarget.set(target, [...(alertsByTarget.get(target) ?? []), alert]);
  }
  const delivery = async (outboxId: string): Promise<LastAlert['delivery']> =>
    deliveryOf((await repos.outbox.get(outboxId))?.status);

  const targets: TargetStatus[] = [];
  for (const target of config.targets) {
    const child = config.children.find((c) => c.id === target.child);
    const mine = alertsByTarget.get(target.id) ?? [];
    const last = mine.at(-1);
    const statuses = await Promise.all(mine.map((a) => delivery(a.outboxId)));
    targets.push({
      id: target.id,
      child: { id: target.child, name: child?.name ?? target.child },
      autoHold: target.autoHold,
      courses: target.courses.map((courseId) => {
        const record = seen.get(courseId);
        return {
          courseId,
          title: record?.observation.title ?? null,
          seats: record?.observation.seats ?? null,
          state: record?.observation.state ?? null,
          seenAt: record ? seenAt(record) : null,
          ...(record?.observation.schedule ? { schedule: record.observation.schedule } : {}),
        };
      }),
      alerts: {
        count: mine.length,
        pending: statuses.filter((s) => s === 'pending').length,
        last: last
          ? {
              id: last.id,
              kind: last.kind,
              at: last.at,
              courseId: last.courseId ?? null,
              delivery: statuses.at(-1) ?? 'unknown',
            }
          : null,
      },
      holds: holdsToShow(holds.filter((h) => h.targetId === target.id)).map(summarise),
    });
  }

  const hourAgo = now.getTime() - 3_600_000;
  const accounts: AccountStatus[] = [];
  for (const account of config.accounts) {
    const recent = (await repos.runs.recent(account.id, 10_000)).filter(
      (r) => Date.parse(r.startedAt) >= hourAgo,
    );
    const path = account.storageState;
    const file = await readSessionFile(path);
    const run = runs.get(account.id);
    const lastRun = run
      ? {
          outcome: run.outcome,
          startedAt: run.startedAt,
          durationMs: run.durationMs,
          detail: run.detail ?? null,
        }
      : null;
    const { health, advice, adviceCode } = healthOf(account.id, file, lastRun, now);
    accounts.push({
      id: account.id,
      health,
      advice,
      adviceCode,
      storageState: {
        path,
        present: file.present,
        savedAt: file.savedAt,
        newestCookieExpiresAt: file.newestCookieExpiresAt,
      },
      lastRun,
      lastHour: { checks: recent.length, requests: recent.reduce((n, r) => n + (r.requests ?? 0), 0) },
    });
  }

  return {
    generatedAt: now.toISOString(),
    timezone: config.timezone,
    configFile: config.file,
    targets,
    accounts,
    channels: channels.map(describeChannel),
    outbox: { messages: openMessages.length, effects: openEffects.length },
    approval: config.approval
      ? { listen: formatListen(config.approval.listen), publicUrl: config.approval.publicUrl }
      : null,
    history: { courses: summariseHistory(watched, changes, now) },
    heldBack: await heldBackAlerts(rt, now),
    schedule: scheduleStatus(config, changes, now),
  };
}

function scheduleStatus(
  config: StatusSources['config'],
  changes: ReadonlyMap<string, readonly SeatChange[]>,
  now: Date,
): ScheduleStatus {
  const { surges, cron } = config.schedule;
  const active = activeSurge(surges, now.getTime(), config.timezone);
  const openings = [...changes.values()].flatMap((c) => openingsOf(c));
  const fields = parseCron(cron, { seconds: true });
  const next = typeof fields === 'string' ? undefined : nextCronTime(fields, now.getTime(), config.timezone);
  return {
    cron,
    nextCheckAt: next === undefined ? null : new Date(next).toISOString(),
    surges: surges.map((w, i) => ({
      name: w.name ?? (w.cron ? `${w.cron} for ${w.durationMinutes} min` : `${w.from} – ${w.to}`),
      everySeconds: w.everySeconds,
      requestsPerHour: requestsPerHour(w.everySeconds),
      activeNow: active?.index === i,
      endsAt: active?.index === i ? new Date(active.endsAtMs).toISOString() : null,
    })),
    suggestions: suggestSurges(openingHistogram(openings, config.timezone).byHour),
  };
}

async function heldBackAlerts(rt: StatusSources, now: Date): Promise<HeldBackAlert[]> {
  const held = (await rt.watchState?.load())?.heldBack ?? [];
  const endsAt = quietEndsAt(rt.config.policy.quietHours, now)?.toISOString() ?? null;
  return held.map((h) => ({ ...h, goesOutAt: endsAt }));
}

/** `hold_result/<hold id>` and `hold_reminder/<hold id>` carry no target: find it through the hold. */
function holdIdOf(alertId: string): string | undefined {
  const match = /^hold_(?:result|reminder|made|failed)\/(.+)$/.exec(alertId);
  return match?.[1];
}

function deliveryOf(status: OutboxStatus | undefined): LastAlert['delivery'] {
  if (status === 'done') return 'sent';
  if (status === 'failed') return 'failed';
  if (status === 'pending' || status === 'running') return 'pending';
  return 'unknown';
}

function holdsToShow(holds: HoldRecord[]): HoldRecord[] {
  const newestFirst = [...holds].reverse();
  const waiting = newestFirst.filter((h) => h.status === 'held');
  const decided = newestFirst.filter((h) => h.status !== 'held').slice(0, RECENT_DECIDED_HOLDS);
  return [...waiting, ...decided];
}

export function summarise(hold: HoldRecord): HoldSummary {
  const last = hold.decisions.at(-1);
  return {
    id: hold.id,
    courseId: hold.courseId,
    title: hold.title ?? null,
    ...(hold.schedule ? { schedule: hold.schedule } : {}),
    status: hold.status,
    expiresAt: hold.portal?.expiresAt ?? null,
    decidedBy: last?.by ?? null,
    decidedAt: last?.at ?? null,
    orderId: hold.order?.id ?? null,
    error: hold.error ?? null,
  };
}

const CHANNELS: Record<string, { label: string; configPath: string | null }> = {
  wecom: { label: 'WeCom robot', configPath: 'notify.wecom.webhook' },
  'json-webhook': { label: 'JSON webhook', configPath: 'notify.webhook.url' },
  log: { label: 'log only (no channel configured)', configPath: null },
};

function describeChannel(status: ChannelStatus): ChannelReport {
  const known = CHANNELS[status.id] ?? { label: status.id, configPath: null };
  return { ...status, ...known };
}
