import { createHash } from 'node:crypto';
import { escapeHtml } from '../core/html.js';
import { isCartPaidAfter, type Schedule } from '../core/types.js';
import { catalogue } from '../i18n/catalogue.js';
import type { Locale as ApprovalLocale } from '../i18n/locale.js';
import { barChart, seatChart } from './status-charts.js';
import { type StatusMessages, statusMessagesFor } from './status-text/status-messages.js';
import type { AccountRow, CourseRow, HoldRow, StatusPageData } from './status-types.js';
import type { ApprovalAction } from './types.js';

/**
 * The family's status page, a pure function of its data. Every value from outside is escaped. The
 * page carries its own link (the form target) and one proof per hold button, nothing else signed.
 */

export interface StatusPageOptions {
  locale: ApprovalLocale;
  /** Where the hold buttons post, e.g. /s/<token>/decide. */
  decidePath: string;
  /** The hidden field of a hold button. */
  proof(holdId: string, action: ApprovalAction): string;
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;background:#f2f3f5;color:#1f2329;font:16px/1.5 -apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",system-ui,sans-serif;-webkit-text-size-adjust:100%}
main{max-width:1180px;margin:0 auto;padding:12px}
header{padding:4px 4px 10px}
h1{font-size:22px;margin:0}
h2{font-size:18px;margin:0 0 10px}
h3{font-size:16px;margin:0 0 6px}
.brand,.small{color:#646a73;font-size:13px;margin:0}
.grid{display:grid;grid-template-columns:1fr;gap:12px}
@media (min-width:820px){.grid{grid-template-columns:1fr 1fr}.wide{grid-column:1/-1}}
section{background:#fff;border-radius:12px;padding:14px;box-shadow:0 1px 3px rgba(0,0,0,.08);min-width:0}
.courses{display:grid;grid-template-columns:1fr;gap:10px}
@media (min-width:820px){.courses{grid-template-columns:repeat(auto-fill,minmax(340px,1fr))}}
.course{border:1px solid #e5e6eb;border-radius:10px;padding:10px}
.course .head{display:flex;justify-content:space-between;gap:8px;align-items:baseline;flex-wrap:wrap}
.badge{display:inline-block;border-radius:999px;padding:0 9px;font-size:13px;font-weight:600;background:#f2f3f5;color:#51565d}
.badge.open,.badge.ok,.badge.sent{background:#eaf5ee;color:#1f7a3f}
.badge.full,.badge.closed,.badge.unchecked,.badge.pending,.badge.paused{background:#fff4e5;color:#9a4f00}
.badge.not_found,.badge.needs_login,.badge.problem,.badge.broken,.badge.failed{background:#fdecec;color:#b42318}
.child{margin:0 0 14px}
.target{color:#51565d;font-size:13px;margin:2px 0 8px}
.chart{display:block;width:100%;height:auto;margin-top:6px}
.legend{font-size:12px;color:#646a73;margin:4px 0 0}
.legend b{font-weight:400}.l-alert{color:#d83931}.l-hold{color:#c2410c}.l-order{color:#1f7a3f}
ul.rows{list-style:none;margin:0;padding:0}
ul.rows>li{border-top:1px solid #e5e6eb;padding:8px 0}
ul.rows>li:first-child{border-top:0}
.actions{display:flex;justify-content:space-between;align-items:center;gap:48px;margin-top:8px}
.actions form{margin:0}
button{min-height:44px;padding:0 16px;border:0;border-radius:10px;font-size:16px;font-weight:700;color:#fff;background:#1f7a3f;cursor:pointer}
button.release{min-height:36px;padding:0 12px;border:2px solid #c2410c;border-radius:999px;background:#fff;color:#c2410c;font-size:15px;font-weight:600}
a.button{display:inline-block;margin-top:6px;color:#1d5bd6;font-weight:600}
pre{white-space:pre-wrap;word-break:break-word;margin:4px 0 0;font:14px/1.45 inherit;font-family:inherit}
.alert time{color:#646a73;font-size:13px}
details summary{cursor:pointer;font-weight:600}
.alert p{margin:2px 0 0;font-weight:600}
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Like the approval pages': nothing external, no script at all, the one style allowed by hash. */
export const STATUS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src ${sha256(STYLE)}`,
  'img-src data:',
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: string, timeZone: string, kind: 'time' | 'day' | 'hour' | 'weekday') {
  const key = `${lang}|${timeZone}|${kind}`;
  let f = formatters.get(key);
  if (!f) {
    // English reads "7 Dec", never "07/12" (day or month first?); Chinese "12/7" is month first.
    const month = lang === 'en' ? 'short' : 'numeric';
    const opts: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { month, day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'day'
          ? { month, day: 'numeric' }
          : kind === 'hour'
            ? { hour: 'numeric', hourCycle: 'h23' }
            : { weekday: 'short' };
    f = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { timeZone, ...opts });
    formatters.set(key, f);
  }
  return f;
}

export function renderStatusPage(data: StatusPageData, o: StatusPageOptions): string {
  const m = statusMessagesFor(o.locale);
  const tz = data.timeZone;
  const time = (iso: string | null) => (iso ? formatter(m.lang, tz, 'time').format(new Date(iso)) : null);
  const from = Date.parse(data.window.from);
  const to = Date.parse(data.window.to);
  const days = Math.round((to - from) / 86_400_000);
  const ticks = dayTicks(from, to, (ms) => formatter(m.lang, tz, 'day').format(new Date(ms)));

  const course = (childName: string) => (c: CourseRow) => {
    const state = c.state ?? 'unseen';
    const name = c.title ?? c.courseId;
    // The child's own hold or order comes first: "已满" alone reads as "missed it" for a course the
    // child holds a seat in (its own seat is one of those taken).
    const own = ownHold(data.holds, childName, c.courseId);
    const ownBadge = own
      ? `<span class="badge mine ${own === 'held' ? 'pending' : 'ok'}" data-own="${own}">${escapeHtml(m.hold.status[own])}</span> `
      : '';
    return `<div class="course" data-course="${escapeHtml(c.courseId)}">
<div class="head"><h3>${escapeHtml(name)}</h3><span>${ownBadge}<span class="badge ${state}">${escapeHtml(m.state[state])}</span></span></div>
<p class="small">${escapeHtml(c.courseId)} · ${escapeHtml(m.seats(c.seats))} · ${escapeHtml(m.lastSeen(time(c.seenAt)))}</p>
${scheduleLine(c.schedule, o.locale)}
${seatChart(c, { from, to, ticks, label: m.chartLabel(name, days), noHistory: m.noHistory })}
</div>`;
  };

  const children = data.children
    .map(
      (child) => `<div class="child"><h3>${escapeHtml(child.name)}</h3>
${child.targets
  .map(
    (t) =>
      `<p class="target">${escapeHtml(m.target(t.autoHold))}</p><div class="courses">${t.courses.map(course(child.name)).join('\n')}</div>`,
  )
  .join('\n')}</div>`,
    )
    .join('\n');

  const legend = `<p class="legend"><b>▁ ${escapeHtml(m.legend.seats)}</b> · <b class="l-alert">▼ ${escapeHtml(m.legend.alert)}</b> · <b class="l-hold">▼ ${escapeHtml(m.legend.hold)}</b> · <b class="l-order">▼ ${escapeHtml(m.legend.order)}</b></p>`;

  const hourLabels = data.openings.byHour.map((_, h) => (h % 3 === 0 ? String(h) : ''));
  // When seats usually come back, learned from the seat history (issue 32); absent in older data.
  const usual = data.openings.usual
    ? `<p class="usual">${escapeHtml(catalogue(o.locale).cli.seatsUsuallyBack(data.openings.usual.times, data.openings.usual.afterWaveMinutes))}</p>\n`
    : '';
  const openings = `${usual}<p class="small">${escapeHtml(m.openingsNote(data.openings.total, data.openings.sinceDays))}</p>
<h3>${escapeHtml(m.byHour)}</h3>${barChart(data.openings.byHour, hourLabels, `${m.sections.openings} · ${m.byHour}`)}
<h3>${escapeHtml(m.byWeekday)}</h3>${barChart(data.openings.byWeekday, m.weekdays, `${m.sections.openings} · ${m.byWeekday}`)}`;

  const holds = data.holds.length
    ? `<ul class="rows">${data.holds.map((h) => holdRow(h, m, o, time)).join('\n')}</ul>`
    : `<p>${escapeHtml(m.hold.none)}</p>`;

  const sessions = `<ul class="rows">${data.accounts.map((a) => accountRow(a, m, time)).join('\n')}</ul>`;

  const channelName = catalogue(o.locale).cli.status.channelLabel;
  const robot = `<ul class="rows">${data.channels
    .map(
      (c) =>
        `<li><b>${escapeHtml(channelName(c.id, c.label, c.what))}</b> <span class="badge ${c.state}">${escapeHtml(m.channel[c.state])}</span>${
          c.brokenSince
            ? ` <span class="small">${escapeHtml(m.brokenSince(time(c.brokenSince) ?? ''))}</span>`
            : ''
        }<p class="small">${escapeHtml(m.channelLine(c.sentLastMinute, c.maxPerMinute, c.pending))}</p></li>`,
    )
    .join('\n')}<li>${escapeHtml(m.outbox(data.outbox.messages, data.outbox.effects))}</li></ul>`;

  const alerts = data.alerts.length
    ? `<ul class="rows">${data.alerts
        .map(
          (a) =>
            `<li class="alert" data-kind="${escapeHtml(a.kind)}"><time>${escapeHtml(time(a.at))}</time>${
              m.delivery[a.delivery]
                ? ` <span class="badge ${a.delivery}">${escapeHtml(m.delivery[a.delivery])}</span>`
                : ''
            }${alertText(a.text)}</li>`,
        )
        .join('\n')}</ul>`
    : `<p>${escapeHtml(m.noAlerts)}</p>`;

  const problems = data.problems.length
    ? `<ul class="rows">${data.problems
        .map(
          (p) =>
            `<li><b>${escapeHtml(m.problem[p.kind] ?? p.kind)}</b> · ${escapeHtml(p.accountId)} · <span class="small">${escapeHtml(time(p.since))}</span><p class="small">${escapeHtml(p.kind === 'session_expired' ? m.problemExpired(p.accountId) : catalogue(o.locale).alerts.problem.detail(p.detail))}</p></li>`,
        )
        .join('\n')}</ul>`
    : `<p>${escapeHtml(m.noProblems)}</p>`;

  const section = (id: string, title: string, body: string, wide = false) =>
    `<section id="${id}"${wide ? ' class="wide"' : ''}><h2>${escapeHtml(title)}</h2>${body}</section>`;

  return `<!doctype html>
<html lang="${escapeHtml(m.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>${escapeHtml(m.title)} · ${escapeHtml(m.brand)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header><p class="brand">${escapeHtml(m.brand)}</p><h1>${escapeHtml(m.title)}</h1>
<p class="small">${escapeHtml(m.updated(time(data.generatedAt) ?? ''))}</p><p class="small">${escapeHtml(m.readOnlyNote)}</p></header>
<div class="grid">
${section('problems', m.sections.problems, problems, true)}
${section('holds', m.sections.holds, holds, true)}
${section('children', m.sections.children, children + legend, true)}
${section('openings', m.sections.openings, openings)}
${section('sessions', m.sections.sessions, sessions)}
${section('robot', m.sections.robot, robot)}
${section('alerts', m.sections.alerts, alerts)}
</div>
</main>
</body>
</html>
`;
}

/** When a course meets, dates included, on a line of its own (nothing when unknown). */
function scheduleLine(s: Schedule | undefined, locale: ApprovalLocale): string {
  const text = s ? catalogue(locale).schedule(s) : '';
  return text ? `<p class="small when">${escapeHtml(text)}</p>` : '';
}

/** The child's own state in a course: a seat held for them, or one approved (ordered, kept). */
function ownHold(holds: readonly HoldRow[], childName: string, courseId: string): 'held' | 'approved' | null {
  const mine = holds.filter((h) => h.childName === childName && h.courseId === courseId);
  if (mine.some((h) => h.status === 'approved')) return 'approved';
  if (mine.some((h) => h.status === 'held')) return 'held';
  return null;
}

function holdRow(
  h: HoldRow,
  m: StatusMessages,
  o: StatusPageOptions,
  time: (iso: string | null) => string | null,
) {
  const name = h.title ?? h.courseId;
  // Another hold kind than a cart paid afterwards (a registration kept for review): the approval
  // pages' own words for it, not "submit the order".
  const approve =
    h.kind && !isCartPaidAfter(h.kind)
      ? catalogue(o.locale).pages.confirm.button('approve', h.kind)
      : m.hold.approve;
  const form = (action: ApprovalAction) =>
    `<form method="post" action="${escapeHtml(o.decidePath)}"><input type="hidden" name="hold" value="${escapeHtml(h.holdId)}"><input type="hidden" name="action" value="${action}"><input type="hidden" name="proof" value="${escapeHtml(o.proof(h.holdId, action))}"><button type="submit" class="${action}">${escapeHtml(action === 'approve' ? approve : m.hold.release)}</button></form>`;
  const detail =
    h.status === 'held'
      ? h.expiresAt
        ? m.hold.expires(time(h.expiresAt) ?? '')
        : h.kind?.expires === false
          ? m.hold.kept
          : ''
      : m.hold.decided(h.decidedBy, time(h.decidedAt));
  return `<li class="hold" data-hold="${escapeHtml(h.holdId)}"><b>${escapeHtml(h.childName)}</b> · ${escapeHtml(name)} <span class="badge ${h.status === 'held' ? 'pending' : h.status === 'approved' ? 'ok' : 'failed'}">${escapeHtml(m.hold.status[h.status])}</span>
${scheduleLine(h.schedule, o.locale)}<p class="small">${escapeHtml(detail)}</p>${
    // Far apart and unlike: a filled button at the start, an outlined pill at the far end. Each
    // only opens a confirm page.
    h.status === 'held'
      ? `<div class="actions">${form('approve')}${h.kind?.release === false ? '' : form('release')}</div>`
      : ''
  }</li>`;
}

function accountRow(a: AccountRow, m: StatusMessages, time: (iso: string | null) => string | null) {
  const relogin = a.reloginUrl
    ? `<a class="button" href="${escapeHtml(a.reloginUrl)}">${escapeHtml(m.relogin)}</a>`
    : '';
  return `<li data-account="${escapeHtml(a.id)}"><b>${escapeHtml(a.id)}</b> <span class="badge ${a.health}">${escapeHtml(m.health[a.health])}</span>
<p class="small">${escapeHtml(m.sessionExpires(time(a.expiresAt)))} · ${escapeHtml(m.lastCheck(time(a.lastCheckAt)))}</p>
<p class="small">${escapeHtml(m.checks24h(a.checks24h, a.failures24h))}</p>${a.advice ? `<p class="small">${escapeHtml(m.advice(a.advice))}</p>` : ''}${relogin}</li>`;
}

/** The first line as the message's title; the rest folds away (no script: <details>). */
function alertText(text: string): string {
  const [first = '', ...rest] = text.split('\n');
  const body = rest.join('\n').trim();
  return body
    ? `<details><summary>${escapeHtml(first)}</summary><pre>${escapeHtml(body)}</pre></details>`
    : `<p>${escapeHtml(first)}</p>`;
}

/** A label every few days so 14 days fit a phone: about five ticks. */
function dayTicks(from: number, to: number, label: (ms: number) => string): [number, string][] {
  const day = 86_400_000;
  const days = Math.max(1, Math.round((to - from) / day));
  const step = Math.max(1, Math.round(days / 4));
  const out: [number, string][] = [];
  for (let i = 0; i <= days; i += step) out.push([from + i * day, label(from + i * day)]);
  return out;
}
