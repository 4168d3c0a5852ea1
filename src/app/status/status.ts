import { formatListen } from '../../config/listen.js';
import { nextCronTime, parseCron } from '../../core/cron-fields.js';
import { decisionBy } from '../../i18n/hold-text.js';
import type { Locale } from '../../i18n/locale.js';
import { type ChannelLabel, channelLabels } from '../../notify/channels/describe.js';
import type { ChannelStatus } from '../../notify/sender.js';
import type { AlertRecord } from '../../store/alerts.js';
import type { SeatChange } from '../../store/history.js';
import type { HoldRecord } from '../../store/holds.js';
import type { ObservationRecord } from '../../store/observations.js';
import type { RunRecord } from '../../store/runs.js';
import type { OutboxStatus } from '../../store/types.js';
import { quietEndsAt } from '../../watch/decide-time.js';
import { activeSurge, requestsPerHour, suggestSurges } from '../../watch/surges.js';
import type { Runtime } from '../runtime/runtime.js';
import { healthOf, readSessionFile } from '../sessions/session-health.js';
import { openingHistogram, openingsOf, summariseHistory } from './history-summary.js';
import { learnedStatus } from './learned-status.js';

import type {
  AccountStatus,
  ChannelReport,
  HeldBackAlert,
  HoldSummary,
  LastAlert,
  ScheduleStatus,
  StatusReport,
  TargetStatus,
} from './status-types.js';

export type { SessionHealth } from '../sessions/session-health.js';
export type { LearnedStatus } from './learned-status.js';
export type {
  AccountStatus,
  ChannelReport,
  CourseStatus,
  HeldBackAlert,
  HoldSummary,
  LastAlert,
  ScheduleStatus,
  StatusReport,
  TargetStatus,
} from './status-types.js';

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
      holds: holdsToShow(holds.filter((h) => h.targetId === target.id)).map((h) =>
        summarise(h, config.locale),
      ),
    });
  }

  const labels = channelLabels(config.notify);
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
    channels: channels.map((c) => describeChannel(c, labels)),
    outbox: { messages: openMessages.length, effects: openEffects.length },
    approval: config.approval
      ? { listen: formatListen(config.approval.listen), publicUrl: config.approval.publicUrl }
      : null,
    history: { courses: summariseHistory(watched, changes, now) },
    heldBack: await heldBackAlerts(rt, now),
    schedule: { ...scheduleStatus(config, changes, now), learned: await learnedStatus(rt, now) },
  };
}

function scheduleStatus(
  config: StatusSources['config'],
  changes: ReadonlyMap<string, readonly SeatChange[]>,
  now: Date,
): Omit<ScheduleStatus, 'learned'> {
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
      ...(w.name === undefined && w.cron
        ? { unnamed: { cron: w.cron, durationMinutes: w.durationMinutes ?? null } }
        : {}),
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

export function summarise(hold: HoldRecord, locale: Locale = 'zh'): HoldSummary {
  const last = hold.decisions.at(-1);
  return {
    id: hold.id,
    courseId: hold.courseId,
    title: hold.title ?? null,
    ...(hold.schedule ? { schedule: hold.schedule } : {}),
    status: hold.status,
    expiresAt: hold.portal?.expiresAt ?? null,
    decidedBy: last ? decisionBy(last, locale) : null,
    decidedAt: last?.at ?? null,
    orderId: hold.order?.id ?? null,
    error: hold.error ?? null,
  };
}

/** The `label` of `--json` (English, as before): a channel of its own by its kind, an entry of notify.channels by its id. */
const LABELS: Record<string, string> = {
  wecom: 'WeCom robot',
  'json-webhook': 'JSON webhook',
  log: 'log only (no channel configured)',
};

function describeChannel(
  status: ChannelStatus,
  labels: Readonly<Record<string, ChannelLabel>>,
): ChannelReport {
  const known = labels[status.id];
  const ownKey = known !== undefined && !known.configPath.startsWith('notify.channels[');
  return {
    ...status,
    label: (ownKey || status.id === 'log' ? LABELS[status.id] : undefined) ?? status.id,
    configPath: known?.configPath ?? null,
    what: known ? { type: known.type, endpoint: known.endpoint, ...recipientsOf(known) } : null,
  };
}

const recipientsOf = (l: ChannelLabel) => (l.recipients === undefined ? {} : { recipients: l.recipients });
