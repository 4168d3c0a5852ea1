import { createRuntimeSender } from '../app/alerts/notify.js';
import { buildStatusReport, type ChannelReport, type StatusReport } from '../app/status/status.js';
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
    print(opts.json ? JSON.stringify(report, null, 2) : renderStatus(report).join('\n'));
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

/** "3 min ago", "in 12 min": for an operator scanning the output. */
export function relative(iso: string, now: Date): string {
  const ms = Date.parse(iso) - now.getTime();
  const abs = Math.abs(ms);
  const text =
    abs < 60_000
      ? `${Math.round(abs / 1000)} s`
      : abs < 3_600_000
        ? `${Math.round(abs / 60_000)} min`
        : abs < 172_800_000
          ? `${Math.round(abs / 3_600_000)} h`
          : `${Math.round(abs / 86_400_000)} d`;
  return ms < 0 ? `${text} ago` : `in ${text}`;
}

export function renderStatus(report: StatusReport): string[] {
  const tz = report.timezone;
  const now = new Date(report.generatedAt);
  const at = (iso: string | null) => (iso ? `${localTime(iso, tz)} (${relative(iso, now)})` : 'never');
  const out: string[] = [];

  const broken = report.channels.filter((c) => c.state === 'broken');
  for (const c of broken) out.push(...brokenBanner(c, tz), '');

  out.push(`jianlou status — ${localTime(report.generatedAt, tz)} ${tz} — ${report.configFile}`, '');
  out.push('TARGETS');
  for (const t of report.targets) {
    out.push(`  ${t.child.name} (${t.child.id}) — target ${t.id}${t.autoHold ? ', auto-hold' : ''}`);
    t.courses.forEach((c, i) => {
      const seats = c.seats === null ? '?' : String(c.seats);
      const state = c.state ?? 'unseen';
      out.push(
        `    ${i + 1}. ${c.courseId.padEnd(10)} ${state.padEnd(9)} seats ${seats.padStart(3)}  ` +
          `seen ${at(c.seenAt)}${c.title ? `  ${c.title}` : ''}`,
      );
    });
    const last = t.alerts.last;
    out.push(
      `    alerts: ${t.alerts.count}` +
        (t.alerts.pending ? ` (${t.alerts.pending} not yet delivered)` : '') +
        (last
          ? `, last ${last.kind}${last.courseId ? ` ${last.courseId}` : ''} at ${at(last.at)} — ${last.delivery}`
          : ''),
    );
    if (t.holds.length === 0) out.push('    holds: none');
    for (const h of t.holds) {
      const detail =
        h.status === 'held'
          ? `expires ${h.expiresAt ? at(h.expiresAt) : 'unknown'}`
          : [
              h.decidedBy ? `by ${h.decidedBy} at ${localTime(h.decidedAt, tz)}` : '',
              h.orderId ? `order ${h.orderId}` : '',
              h.error ?? '',
            ]
              .filter(Boolean)
              .join(', ');
      out.push(`    hold ${h.courseId} ${h.status.toUpperCase()}${detail ? ` ${detail}` : ''}`);
      out.push(
        h.status === 'held' ? `      → jianlou holds approve ${h.id}   (or: release)` : `      id ${h.id}`,
      );
    }
  }

  out.push('', 'OPENINGS (seat history, last 14 days)');
  for (const h of report.history.courses) {
    out.push(`  ${h.courseId.padEnd(10)} ${String(h.openings14d).padStart(3)}   last ${at(h.lastOpeningAt)}`);
  }

  out.push('', 'SCHEDULE');
  out.push(`  cron: ${report.schedule.cron} — next check at ${at(report.schedule.nextCheckAt)}`);
  for (const w of report.schedule.surges) {
    out.push(
      `  surge ${w.name}: every ${w.everySeconds} s (≈${w.requestsPerHour} requests/hour per account)` +
        (w.activeNow ? ` — IN FORCE until ${at(w.endsAt)}` : ''),
    );
  }
  if (report.schedule.suggestions.length > 0) {
    out.push('  openings were seen most often at these hours; a surge there might catch them sooner:');
    for (const g of report.schedule.suggestions) {
      const end = (g.startHour + g.hours) % 24;
      out.push(
        `    ${String(g.startHour).padStart(2, '0')}:00–${String(end).padStart(2, '0')}:00  ` +
          `${g.openings} opening(s), ${Math.round(g.share * 100)}% of all → ` +
          `{ cron: "${g.window.cron}", durationMinutes: ${g.window.durationMinutes}, everySeconds: ${g.window.everySeconds} }`,
      );
    }
  }

  out.push(...learnedLines(report.schedule.learned));

  out.push('', 'ACCOUNTS');
  for (const a of report.accounts) {
    const health = a.health === 'ok' ? 'ok' : a.health.toUpperCase().replace('_', ' ');
    out.push(`  ${a.id}: session ${health}${a.advice ? ` — ${a.advice}` : ''}`);
    const run = a.lastRun;
    out.push(
      run
        ? `    last check: ${run.outcome} at ${at(run.startedAt)}, took ${run.durationMs} ms` +
            (run.detail && run.outcome !== 'ok' ? ` — ${run.detail}` : '')
        : '    last check: never',
    );
    out.push(`    last hour: ${a.lastHour.checks} check(s), ${a.lastHour.requests} request(s) to the portal`);
    const file = a.storageState;
    const cookies = file.newestCookieExpiresAt
      ? `newest cookie expires ${at(file.newestCookieExpiresAt)}`
      : 'no expiry saved (session cookies or a token)';
    out.push(
      file.present
        ? `    saved session: ${file.path}, saved ${at(file.savedAt)}; ${cookies}`
        : `    saved session: none (${file.path} missing)`,
    );
  }

  if (report.heldBack.length > 0) {
    out.push('', 'WAITING FOR QUIET HOURS TO END');
    for (const h of report.heldBack) {
      const when = h.goesOutAt
        ? `goes out at the first check after ${localTime(h.goesOutAt, tz)} (${relative(h.goesOutAt, now)})`
        : 'quiet hours are over: goes out at the next check';
      out.push(`  ${h.kind} ${h.subject} — held back since ${localTime(h.since, tz)}; ${when}`);
    }
  }

  out.push('', 'NOTIFY');
  for (const c of report.channels) {
    const line =
      c.state === 'broken'
        ? `BROKEN since ${localTime(c.broken?.since, tz)}`
        : c.state === 'paused'
          ? `paused by the rate limit until ${localTime(c.nextSendAt, tz)}`
          : 'ok';
    out.push(
      `  ${c.label}: ${line}; sent ${c.sentLastMinute}/${c.maxPerMinute} in the last minute, owes ${c.pending}`,
    );
  }
  out.push(
    `  outbox: ${report.outbox.messages} alert(s) waiting` +
      (report.outbox.effects ? `, ${report.outbox.effects} hold step(s) waiting` : ''),
  );
  out.push(
    report.approval
      ? `  approval links: ${report.approval.publicUrl} (server listens on ${report.approval.listen} while jianlou watch runs)`
      : '  approval links: off (no approval section in the config)',
  );
  return out;
}

function brokenBanner(c: ChannelReport, tz: string): string[] {
  const code =
    c.broken?.errcode !== null && c.broken?.errcode !== undefined ? ` (errcode ${c.broken.errcode})` : '';
  const fix = c.configPath
    ? `fix ${c.configPath}, then run jianlou doctor --send`
    : 'run jianlou doctor --send';
  const rule = '!'.repeat(72);
  return [
    rule,
    `!! ${c.label} BROKEN since ${localTime(c.broken?.since, tz)}${code}: ${fix}`,
    `!! alerts are NOT reaching the parents; ${c.pending} waiting in the outbox`,
    rule,
  ];
}

/** When seats come back and the learned windows (issue 32): under SCHEDULE. */
function learnedLines(l: StatusReport['schedule']['learned']): string[] {
  const out = [`  ${l.summary}`];
  const mode = l.enabled
    ? `schedule.learn on: watch runs these within ${l.maxRequestsPerHour} requests/hour per account`
    : 'schedule.learn off: `jianlou surges suggest` prints them as config lines';
  if (l.windows.length === 0 && l.dropped.length === 0) return out;
  out.push(`  learned from ${l.returns.total} seat(s) that came back (${mode}):`);
  for (const w of l.windows) {
    const when = w.cron ? `${w.cron} for ${w.durationMinutes} min` : `${w.from} – ${w.to}`;
    out.push(
      `    ${when}, every ${w.everySeconds} s (≤${w.requestsPerHour} requests/hour)` +
        (w.activeNow && l.enabled ? ' — IN FORCE' : ''),
      `      because ${w.explanation}`,
    );
  }
  for (const d of l.dropped) out.push(`    not used: ${d.explanation} — ${d.reason}`);
  return out;
}
