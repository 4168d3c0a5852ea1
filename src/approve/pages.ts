import { type Html, html } from '../core/html.js';
import type { Observation } from '../core/types.js';
import { catalogue } from '../i18n/catalogue.js';
import type { Locale } from '../i18n/locale.js';
import type { PageMessages as Messages, NoticeKind } from '../i18n/types.js';
import { formatRemaining, layout, type Tone } from './html.js';
import { type ApprovalAction, type DecideResult, type HoldView, holdKindOfView } from './types.js';

/**
 * The approval pages, as pure functions of their data. Every value from outside is escaped; no page
 * carries a token (the form posts back to its own URL by leaving `action` out).
 */

export interface PageOptions {
  locale: Locale;
  /** Clock of the server: the countdown starts from expiresAt − now. */
  now: Date;
  /** IANA zone the parents live in; default Asia/Shanghai. */
  timeZone?: string;
}

/** A page and the HTTP status to send it with. */
export interface Page {
  status: number;
  html: string;
}

function formatInstant(iso: string | undefined, m: Messages, timeZone: string): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(m.lang, {
    timeZone,
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

function scheduleText(o: Observation, m: Messages): string | undefined {
  return o.schedule ? m.schedule(o.schedule) : undefined;
}

function row(label: string, value: string | Html | undefined, extraClass = ''): Html | '' {
  if (value === undefined || value === '') return '';
  return html`<dt>${label}</dt><dd${extraClass ? html` class="${extraClass}"` : ''}>${value}</dd>`;
}

/** Child and course facts, optionally with the hold's expiry and a live countdown. */
function details(view: HoldView, m: Messages, o: PageOptions, withHold: boolean): Html {
  const tz = o.timeZone ?? 'Asia/Shanghai';
  const obs = view.observation;
  const rows = [
    row(m.fields.child, view.child.name, 'big'),
    row(m.fields.course, obs.title, 'big'),
    row(m.fields.schedule, scheduleText(obs, m)),
    row(m.fields.campus, obs.campus),
    row(m.fields.fee, obs.fee !== undefined ? m.fee(obs.fee) : undefined),
  ];
  if (withHold) {
    rows.push(row(m.fields.seats, obs.seats !== null ? m.seats(obs.seats) : undefined));
    const expires = view.hold.expiresAt;
    rows.push(
      row(
        m.fields.holdUntil,
        formatInstant(expires ?? undefined, m, tz) ?? m.holdUntilUnknown(holdKindOfView(view)),
      ),
    );
    const expiresMs = expires ? new Date(expires).getTime() : Number.NaN;
    if (!Number.isNaN(expiresMs)) {
      const left = expiresMs - o.now.getTime();
      const text = left > 0 ? formatRemaining(left) : m.timeLeftOver;
      rows.push(
        row(
          m.fields.timeLeft,
          html`<span id="time-left" class="countdown" data-remaining-ms="${Math.max(0, left)}" data-over="${m.timeLeftOver}">${text}</span>`,
        ),
      );
    }
  }
  return html`<dl>${rows}</dl>`;
}

function page(status: number, m: Messages, tone: Tone, title: string, body: Html, script = false): Page {
  return {
    status,
    html: layout({ lang: m.lang, title, brand: m.appName, tone, body, script }),
  };
}

const p = (text: string, cls?: string) => html`<p${cls ? html` class="${cls}"` : ''}>${text}</p>`;

/**
 * What a confirm page carries beyond the link's own form: the status page's buttons post to one URL
 * for every hold, so their confirm page names the hold and says it is the second step, and offers a
 * way back that decides nothing.
 */
export interface ConfirmExtras {
  fields: Record<string, string>;
  back?: { href: string; label: string };
}

/** The page a link opens: what will happen, and the one button that makes it happen. */
export function confirmPage(
  view: HoldView,
  action: ApprovalAction,
  proof: string,
  o: PageOptions,
  extras?: ConfirmExtras,
): Page {
  const m = catalogue(o.locale).pages;
  const kind = holdKindOfView(view);
  const hidden = Object.entries(extras?.fields ?? {}).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`,
  );
  const back = extras?.back ? html`<p><a href="${extras.back.href}">${extras.back.label}</a></p>\n` : '';
  const body = html`<h1>${m.confirm.pageTitle}</h1>
<p class="action">${m.confirm.headline(action, kind)}</p>
<p class="note">${m.confirm.note(action, kind)}</p>
${details(view, m, o, true)}
<form id="decide" method="post">
<input type="hidden" name="action" value="${action}">
<input type="hidden" name="proof" value="${proof}">
${hidden}<button type="submit">${m.confirm.button(action, kind)}</button>
</form>
${back}${p(m.confirm.safety, 'small')}`;
  return page(200, m, action, m.confirm.pageTitle, body, true);
}

function decidedLine(view: HoldView, m: Messages, o: PageOptions): string {
  const at = formatInstant(view.decidedAt, m, o.timeZone ?? 'Asia/Shanghai');
  return m.decidedLine(m.status[view.status], view.decidedBy, at);
}

/** The hold is no longer waiting: say how it ended, by whom and when. */
export function decidedPage(view: HoldView, o: PageOptions): Page {
  const m = catalogue(o.locale).pages;
  if (view.status === 'expired') return holdExpiredPage(view, o);
  const body = html`<h1>${m.alreadyDecided.title}</h1>
<dl>${row(m.fields.decision, decidedLine(view, m, o), 'big')}${view.order ? row(m.fields.order, view.order.id) : ''}</dl>
${details(view, m, o, false)}
${p(m.alreadyDecided.body, 'small')}`;
  return page(409, m, 'warn', m.alreadyDecided.title, body);
}

function holdExpiredPage(view: HoldView, o: PageOptions): Page {
  const m = catalogue(o.locale).pages;
  const body = html`<h1>${m.holdExpired.title}</h1>
${details(view, m, o, false)}
${p(m.holdExpired.body(holdKindOfView(view)))}`;
  return page(410, m, 'warn', m.holdExpired.title, body);
}

function portalErrorPage(
  view: HoldView,
  action: ApprovalAction,
  detail: string | undefined,
  o: PageOptions,
): Page {
  const m = catalogue(o.locale).pages;
  const kind = holdKindOfView(view);
  const until = formatInstant(view.hold.expiresAt ?? undefined, m, o.timeZone ?? 'Asia/Shanghai');
  const steps = m.portalError.nextSteps(view.holdId, action, kind).map((s) => html`<li>${s}</li>`);
  // A kind kept until decided has no end to name; an expiring one without a known end says nothing.
  const stillHeld = until
    ? m.portalError.stillHeld(until, kind)
    : kind.expires
      ? undefined
      : m.portalError.stillHeld(null, kind);
  const body = html`<h1>${m.portalError.title}</h1>
${detail ? p(m.portalError.reason(detail)) : ''}
${view.status === 'held' && stillHeld ? p(stillHeld) : ''}
<ol>${steps}</ol>
${details(view, m, o, false)}`;
  return page(502, m, 'error', m.portalError.title, body);
}

/** The page after the button: what the decider did. */
export function outcomePage(result: DecideResult, action: ApprovalAction, o: PageOptions): Page {
  const m = catalogue(o.locale).pages;
  const { view } = result;
  switch (result.outcome) {
    case 'approved': {
      const kind = holdKindOfView(view);
      // A kind paid afterwards has an order; a registration kept for review or a free seat has none.
      const order = view.order
        ? html`<dl>${row(m.fields.order, html`<span class="order">${view.order.id}</span>`)}</dl>`
        : kind.after === 'payment'
          ? p(m.approved.noOrderNumber)
          : '';
      const title = m.approved.title(kind);
      const body = html`<h1>${title}</h1>
${order}
${p(m.approved.followUp(kind), 'pay')}
${details(view, m, o, false)}`;
      return page(200, m, 'ok', title, body);
    }
    case 'released': {
      const body = html`<h1>${m.released.title}</h1>
${p(m.released.body)}
${details(view, m, o, false)}`;
      return page(200, m, 'ok', m.released.title, body);
    }
    case 'already':
      return decidedPage(view, o);
    case 'expired':
      return holdExpiredPage(view, o);
    case 'failed':
      return portalErrorPage(view, action, result.detail, o);
    case 'interrupted': {
      // jianlou is stopping: a server that will be back, not a portal error.
      const body = html`<h1>${m.interrupted.title}</h1>
${p(m.interrupted.body)}
${details(view, m, o, false)}`;
      return page(503, m, 'warn', m.interrupted.title, body);
    }
  }
}

const NOTICE_STATUS: Record<NoticeKind, number> = {
  invalid_link: 400,
  link_expired: 410,
  already_used: 410,
  wrong_action: 400,
  stale_form: 403,
  not_found: 404,
  rate_limited: 429,
  too_large: 413,
  bad_request: 400,
  server_error: 500,
  release_unsupported: 409,
};

/** A page that only says what happened and what to do next; `lines` add plain-text detail. */
export function noticePage(kind: NoticeKind, o: PageOptions, lines: string[] = []): Page {
  const m = catalogue(o.locale).pages;
  const notice = m.notices[kind];
  const status = NOTICE_STATUS[kind];
  const body = html`<h1>${notice.title}</h1>
${lines.map((l, i) => (i === 0 ? p(l) : html`\n${p(l)}`))}
${p(notice.body)}`;
  return page(status, m, status >= 500 ? 'error' : 'warn', notice.title, body);
}

/** The link was spent already; when the hold is known, say how it ended. */
export function alreadyUsedPage(o: PageOptions, usedAt?: string, view?: HoldView): Page {
  const m = catalogue(o.locale).pages;
  const lines: string[] = [];
  if (view && view.status !== 'held') lines.push(decidedLine(view, m, o));
  const at = formatInstant(usedAt, m, o.timeZone ?? 'Asia/Shanghai');
  if (at) lines.push(m.usedAt(at));
  return noticePage('already_used', o, lines);
}

/** A release link for a hold the portal lets nobody give back: say so, do nothing. */
export function releaseUnsupportedPage(view: HoldView, o: PageOptions): Page {
  const m = catalogue(o.locale).pages;
  const notice = m.notices.release_unsupported;
  const body = html`<h1>${notice.title}</h1>
${p(notice.body)}
${details(view, m, o, false)}`;
  return page(NOTICE_STATUS.release_unsupported, m, 'warn', notice.title, body);
}

export function wrongActionPage(linkAction: ApprovalAction, o: PageOptions): Page {
  return noticePage('wrong_action', o, [catalogue(o.locale).pages.wrongAction(linkAction)]);
}
