import { createRuntimeSender } from '../app/alerts/notify.js';
import { buildStatusReport, type ChannelReport, type StatusReport } from '../app/status/status.js';
import { holdKindOf } from '../flow/types.js';
import { catalogue } from '../i18n/catalogue.js';
import type { Locale } from '../i18n/locale.js';
import type { StatusCliMessages } from '../i18n/status-cli.js';
import { openRuntime, print } from './shared.js';

export interface StatusOptions {
  json?: boolean;
}

/** Read-only: the store and the saved-session files; no browser, no portal request, nothing sent. */
export async function statusCommand(configFile: string, opts: StatusOptions): Promise<void> {
  const { rt } = await openRuntime(configFile);
  try {
    const channels = await createRuntimeSender(rt).channelStatus();
    const report = await buildStatusReport(rt, channels);
    // One write: a reader that stops early (`| head`) then cannot break a half-written report.
    const words = { locale: rt.config.locale, keptByPortal: !holdKindOf(rt.flow).expires };
    print(opts.json ? JSON.stringify(report, null, 2) : renderStatus(report, words).join('\n'));
  } finally {
    await rt.close();
  }
}

/** "2026-07-01 14:05:09" in the given zone. */
export function localTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(date);
}

/** "3 min ago", "in 12 min" (English by default): for an operator scanning the output. */
export function relative(iso: string, now: Date, m: StatusCliMessages = catalogue('en').cli.status): string {
  const ms = Date.parse(iso) - now.getTime();
  const abs = Math.abs(ms);
  const [amount, unit] =
    abs < 60_000
      ? [Math.round(abs / 1000), 's' as const]
      : abs < 3_600_000
        ? [Math.round(abs / 60_000), 'min' as const]
        : abs < 172_800_000
          ? [Math.round(abs / 3_600_000), 'h' as const]
          : [Math.round(abs / 86_400_000), 'd' as const];
  return m.relative(amount, unit, ms < 0);
}

export interface RenderOptions {
  /** The config's language (Chinese unless told). */
  locale?: Locale;
  /** The flow's holds are kept by the portal until someone decides (a hold kind that never expires). */
  keptByPortal?: boolean;
}

export function renderStatus(report: StatusReport, options: RenderOptions = {}): string[] {
  const text = catalogue(options.locale ?? 'zh');
  const m = text.cli.status;
  const tz = report.timezone;
  const now = new Date(report.generatedAt);
  const at = (iso: string | null) => (iso ? m.when(localTime(iso, tz), relative(iso, now, m)) : m.never);
  const out: string[] = [];

  const broken = report.channels.filter((c) => c.state === 'broken');
  for (const c of broken) out.push(...brokenBanner(c, tz, m), '');

  out.push(m.header(localTime(report.generatedAt, tz), tz, report.configFile), '');
  out.push(m.targets);
  for (const t of report.targets) {
    out.push(`  ${m.target(t.child.name, t.child.id, t.id, t.autoHold)}`);
    t.courses.forEach((c, i) => {
      const seats = c.seats === null ? '?' : String(c.seats);
      out.push(
        `    ${i + 1}. ${c.courseId.padEnd(10)} ${m.state(c.state).padEnd(9)} ${text.cli.seatsLabel} ${seats.padStart(3)}  ` +
          `${m.seen(at(c.seenAt))}${c.title ? `  ${c.title}` : ''}`,
      );
    });
    const last = t.alerts.last;
    out.push(
      `    ${m.alerts(t.alerts.count, t.alerts.pending)}` +
        (last
          ? m.lastAlert(m.alertKind(last.kind), last.courseId, at(last.at), m.delivery(last.delivery))
          : ''),
    );
    if (t.holds.length === 0) out.push(`    ${m.holdsNone}`);
    for (const h of t.holds) {
      const detail =
        h.status === 'held'
          ? m.holdExpires(h.expiresAt ? at(h.expiresAt) : null, options.keptByPortal === true)
          : [
              h.decidedBy ? m.holdDecided(h.decidedBy, localTime(h.decidedAt, tz)) : '',
              h.orderId ? m.order(h.orderId) : '',
              h.error ?? '',
            ]
              .filter(Boolean)
              .join(', ');
      out.push(`    ${m.hold(h.courseId, m.holdStatus(h.status), detail)}`);
      out.push(`      ${h.status === 'held' ? m.holdNext(h.id) : m.holdId(h.id)}`);
    }
  }

  out.push('', m.openings);
  for (const h of report.history.courses) {
    out.push(
      `  ${h.courseId.padEnd(10)} ${String(h.openings14d).padStart(3)}   ${m.openingLast(at(h.lastOpeningAt))}`,
    );
  }

  out.push('', m.schedule);
  out.push(`  ${m.cron(report.schedule.cron, at(report.schedule.nextCheckAt))}`);
  for (const w of report.schedule.surges) {
    const name = w.unnamed ? m.cronFor(w.unnamed.cron, w.unnamed.durationMinutes) : w.name;
    out.push(`  ${m.surge(name, w.everySeconds, w.requestsPerHour, w.activeNow ? at(w.endsAt) : null)}`);
  }
  if (report.schedule.suggestions.length > 0) {
    out.push(`  ${m.suggestionsIntro}`);
    for (const g of report.schedule.suggestions) {
      const end = (g.startHour + g.hours) % 24;
      out.push(
        `    ${String(g.startHour).padStart(2, '0')}:00–${String(end).padStart(2, '0')}:00  ` +
          `${m.suggestion(g.openings, Math.round(g.share * 100))} ` +
          `{ cron: "${g.window.cron}", durationMinutes: ${g.window.durationMinutes}, everySeconds: ${g.window.everySeconds} }`,
      );
    }
  }

  out.push(...learnedLines(report.schedule.learned, m));

  out.push('', m.accounts);
  for (const a of report.accounts) {
    out.push(`  ${m.account(a.id, m.health(a.health), a.adviceCode ? m.advice(a.adviceCode) : a.advice)}`);
    const run = a.lastRun;
    out.push(
      `    ${
        run
          ? m.lastCheck(
              m.outcome(run.outcome),
              at(run.startedAt),
              run.durationMs,
              run.detail && run.outcome !== 'ok' ? run.detail : null,
            )
          : m.lastCheckNever
      }`,
    );
    out.push(`    ${m.lastHour(a.lastHour.checks, a.lastHour.requests)}`);
    const file = a.storageState;
    const cookies = file.newestCookieExpiresAt ? m.cookieExpires(at(file.newestCookieExpiresAt)) : m.noExpiry;
    out.push(
      `    ${file.present ? m.savedSession(file.path, at(file.savedAt), cookies) : m.savedNone(file.path)}`,
    );
  }

  if (report.heldBack.length > 0) {
    out.push('', m.heldBackTitle);
    for (const h of report.heldBack) {
      const when = h.goesOutAt
        ? m.goesOutAt(localTime(h.goesOutAt, tz), relative(h.goesOutAt, now, m))
        : m.quietOver;
      out.push(`  ${m.heldBack(m.alertKind(h.kind), h.subject, localTime(h.since, tz), when)}`);
    }
  }

  out.push('', m.notify);
  for (const c of report.channels) {
    const line =
      c.state === 'broken'
        ? m.channelBroken(localTime(c.broken?.since, tz))
        : c.state === 'paused'
          ? m.channelPaused(localTime(c.nextSendAt, tz))
          : m.channelOk;
    out.push(
      `  ${m.channel(m.channelLabel(c.id, c.label, c.what), line, c.sentLastMinute, c.maxPerMinute, c.pending)}`,
    );
  }
  out.push(`  ${m.outbox(report.outbox.messages, report.outbox.effects)}`);
  out.push(
    `  ${report.approval ? m.approvalLinks(report.approval.publicUrl, report.approval.listen) : m.approvalOff}`,
  );
  return out;
}

function brokenBanner(c: ChannelReport, tz: string, m: StatusCliMessages): string[] {
  const code = c.broken?.errcode ?? null;
  const rule = '!'.repeat(72);
  return [
    rule,
    m.bannerBroken(
      m.channelLabel(c.id, c.label, c.what),
      localTime(c.broken?.since, tz),
      code,
      m.bannerFix(c.configPath === null ? null : m.channels.place(c.configPath, c.id)),
    ),
    m.bannerNotReaching(c.pending),
    rule,
  ];
}

/** When seats come back and the learned windows (issue 32): under SCHEDULE. */
function learnedLines(l: StatusReport['schedule']['learned'], m: StatusCliMessages): string[] {
  const out = [`  ${l.summary}`];
  if (l.windows.length === 0 && l.dropped.length === 0) return out;
  out.push(`  ${m.learnedFrom(l.returns.total, m.learnMode(l.enabled, l.maxRequestsPerHour))}`);
  for (const w of l.windows) {
    const when = w.cron ? m.cronFor(w.cron, w.durationMinutes) : `${w.from} – ${w.to}`;
    out.push(
      `    ${m.learnedWindow(when, w.everySeconds, w.requestsPerHour, w.activeNow && l.enabled)}`,
      `      ${m.because(w.explanation)}`,
    );
  }
  for (const d of l.dropped) out.push(`    ${m.notUsed(d.explanation, d.reason)}`);
  return out;
}
