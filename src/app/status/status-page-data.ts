import type { StatusPageData } from '../../approve/status-types.js';
import { holdKindOf } from '../../flow/types.js';
import { alertSchema } from '../../notify/alert-schema.js';
import { renderPlainText } from '../../notify/render.js';
import type { ChannelStatus } from '../../notify/sender.js';
import { renderOptions } from '../alerts/notify.js';
import type { Runtime } from '../runtime/runtime.js';
import { openingHistogram, openingsOf } from './history-summary.js';
import { buildStatusReport, type StatusReport } from './status.js';

/** Days of seat history the page charts. */
export const CHART_DAYS = 14;
/** Alerts listed on the page, newest first. */
const LAST_ALERTS = 50;
const DAY_MS = 86_400_000;

export type StatusPageSources = Pick<Runtime, 'config' | 'repos' | 'now' | 'watchState'> &
  Partial<Pick<Runtime, 'loginLink' | 'flow'>>;

/**
 * Links to the approval server inside an alert's text (approve/release, the status page) are
 * tokens of another kind: the page shows that a link was there, never the link.
 */
const SIGNED_LINK = /https?:\/\/\S+?\/(?:h|s|login)\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\S*/g;

/** Everything the status page shows, from the store and the saved-session files only. */
export async function buildStatusPageData(
  rt: StatusPageSources,
  channels: ChannelStatus[],
): Promise<StatusPageData> {
  const now = rt.now();
  const from = new Date(now.getTime() - CHART_DAYS * DAY_MS);
  const report = await buildStatusReport(rt, channels);
  const courseIds = [...new Set(rt.config.targets.flatMap((t) => t.courses))];
  const retentionStart = new Date(now.getTime() - rt.config.history.retentionDays * DAY_MS);
  const [windowChanges, allChanges, alerts, holds, checkDays, state] = await Promise.all([
    rt.repos.history.changes(from, courseIds),
    rt.repos.history.changes(retentionStart, courseIds),
    rt.repos.alerts.list(),
    rt.repos.holds.list(),
    rt.repos.history.checkDays(new Date(now.getTime() - DAY_MS)),
    rt.watchState.load(),
  ]);

  const markers = new Map<
    string,
    StatusPageData['children'][number]['targets'][number]['courses'][number]['markers']
  >();
  const mark = (courseId: string | undefined, kind: 'alert' | 'hold' | 'order', at: string | undefined) => {
    if (!courseId || !at || Date.parse(at) < from.getTime()) return;
    markers.set(courseId, [...(markers.get(courseId) ?? []), { kind, at }]);
  };
  for (const a of alerts) if (a.kind === 'opening') mark(a.courseId, 'alert', a.at);
  for (const h of holds) {
    if (h.portal) mark(h.courseId, 'hold', h.createdAt);
    if (h.order) mark(h.courseId, 'order', h.order.createdAt);
  }

  const openings = [...allChanges.values()].flatMap((list) => openingsOf(list, retentionStart.getTime()));
  const childName = new Map(report.targets.map((t) => [t.id, t.child.name]));
  // A hold kind nobody can give back gets no release button (the row says so; others leave it out).
  const kind = rt.flow === undefined ? {} : { kind: holdKindOf(rt.flow) };

  return {
    generatedAt: now.toISOString(),
    timeZone: rt.config.timezone,
    window: { from: from.toISOString(), to: now.toISOString() },
    children: childrenOf(report, windowChanges, markers),
    openings: {
      ...openingHistogram(openings, rt.config.timezone),
      total: openings.length,
      sinceDays: rt.config.history.retentionDays,
      usual: {
        times: report.schedule.learned.usualTimes,
        afterWaveMinutes: report.schedule.learned.afterWaveMinutes,
      },
    },
    holds: report.targets.flatMap((t) =>
      t.holds.map((h) => ({
        holdId: h.id,
        childName: childName.get(t.id) ?? t.child.id,
        courseId: h.courseId,
        title: h.title,
        ...(h.schedule ? { schedule: h.schedule } : {}),
        status: h.status,
        expiresAt: h.expiresAt,
        decidedBy: h.decidedBy,
        decidedAt: h.decidedAt,
        ...kind,
      })),
    ),
    accounts: report.accounts.map((a) => {
      const since = now.getTime() - DAY_MS;
      let checks = 0;
      let failures = 0;
      for (const d of checkDays.filter((x) => x.accountId === a.id)) {
        d.checks.forEach((n, hour) => {
          if (Date.parse(`${d.day}T${String(hour).padStart(2, '0')}:00:00Z`) + 3_600_000 > since) {
            checks += n;
            failures += d.failures[hour] ?? 0;
          }
        });
      }
      return {
        id: a.id,
        health: a.health,
        advice: a.adviceCode,
        lastCheckAt: a.lastRun?.startedAt ?? null,
        expiresAt: a.storageState.newestCookieExpiresAt,
        checks24h: checks,
        failures24h: failures,
        // A fresh signed link each render: stateless until a phone uses it (GET never acts).
        reloginUrl: rt.loginLink?.(a.id) ?? null,
      };
    }),
    channels: report.channels.map((c) => ({
      id: c.id,
      label: c.label,
      what: c.what,
      state: c.state,
      brokenSince: c.broken?.since ?? null,
      pending: c.pending,
      sentLastMinute: c.sentLastMinute,
      maxPerMinute: c.maxPerMinute,
    })),
    outbox: report.outbox,
    alerts: await lastAlerts(rt, alerts.slice(-LAST_ALERTS).reverse()),
    problems: Object.entries(state?.problems ?? {})
      .filter(([, p]) => !p.resolvedAt)
      .map(([accountId, p]) => ({ kind: p.kind, accountId, since: p.since, detail: p.detail })),
  };
}

function childrenOf(
  report: StatusReport,
  changes: Map<string, import('../../store/history.js').SeatChange[]>,
  markers: Map<string, StatusPageData['children'][number]['targets'][number]['courses'][number]['markers']>,
): StatusPageData['children'] {
  const out = new Map<string, StatusPageData['children'][number]>();
  for (const t of report.targets) {
    const child = out.get(t.child.id) ?? { id: t.child.id, name: t.child.name, targets: [] };
    child.targets.push({
      id: t.id,
      autoHold: t.autoHold,
      courses: t.courses.map((c) => ({
        ...c,
        series: (changes.get(c.courseId) ?? []).map((x) => ({ at: x.at, seats: x.seats, state: x.state })),
        markers: markers.get(c.courseId) ?? [],
      })),
    });
    out.set(t.child.id, child);
  }
  return [...out.values()];
}

async function lastAlerts(
  rt: StatusPageSources,
  records: Awaited<ReturnType<Runtime['repos']['alerts']['list']>>,
): Promise<StatusPageData['alerts']> {
  const options = renderOptions(rt, { serving: true });
  const out: StatusPageData['alerts'] = [];
  for (const record of records) {
    const entry = await rt.repos.outbox.get(record.outboxId);
    const parsed = alertSchema.safeParse(entry?.payload);
    if (!parsed.success) continue;
    const status = entry?.status;
    out.push({
      at: record.at,
      kind: record.kind,
      text: renderPlainText(parsed.data, options).replace(SIGNED_LINK, '🔗'),
      delivery: status === 'done' ? 'sent' : status === 'failed' ? 'failed' : status ? 'pending' : 'unknown',
    });
  }
  return out;
}
