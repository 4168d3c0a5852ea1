/**
 * The two HTML shells of the single-page app. The server renders only the frame; `/static/spa.js` does
 * the rest from the JSON API, reading its settings from the `#spa-config` JSON block.
 */
import { html, raw, type SafeHtml } from '../views/html.js';
import { SPA_TEXT, type SpaLang } from './text.js';

export interface ShellParams {
  lang: SpaLang;
  apiUrl: string;
  testMode: boolean;
  /** The redesign fault on pages: the script renders other class names and wording. */
  redesign: boolean;
}

/** JSON inside <script>: no `<` may close the element early. */
function configBlock(params: ShellParams, page: 'login' | 'events', eventId?: string): SafeHtml {
  const json = JSON.stringify({
    page,
    eventId: eventId ?? null,
    apiUrl: params.apiUrl,
    lang: params.lang,
    redesign: params.redesign,
    text: SPA_TEXT[params.lang],
  }).replace(/</g, '\\u003c');
  return raw(`<script id="spa-config" type="application/json">${json}</script>`);
}

function shell(params: ShellParams, title: string, config: SafeHtml, header: SafeHtml, body: SafeHtml) {
  const t = SPA_TEXT[params.lang];
  return `<!doctype html>${html`<html lang="${t.htmlLang}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} - ${t.siteTitle}</title>
  <link rel="stylesheet" href="/static/portal.css">
  ${config}
  <script src="/static/spa.js" defer></script>
</head>
<body>
  <header class="site-header">
    <div class="wrap header-row">
      <a class="logo" href="${params.lang === 'en' ? '/?lang=en' : '/'}"><span class="logo-mark">宫</span><span class="logo-text">${t.siteName}</span><span class="logo-sub">${t.siteSub}</span></a>
      ${header}
    </div>
  </header>
  ${body}
  <footer class="site-footer"><div class="wrap">
    <p>${t.footer}</p>
    <p class="demo-note">${t.demoNote}</p>
  </div></footer>
</body>
</html>`}`;
}

export function spaLoginPage(params: ShellParams): string {
  const t = SPA_TEXT[params.lang];
  const body = html`<main class="login-page">
    <section class="login-card">
      <h1>${t.loginTitle}</h1>
      <p class="login-sub">${t.loginSub}</p>
      <p class="form-error" role="alert" hidden></p>
      <form id="login-form" class="login-form" autocomplete="off">
        <label class="field"><span>${t.phone}</span>
          <input id="phone" name="phone" type="text" inputmode="numeric" maxlength="11" placeholder="${t.phonePlaceholder}" required></label>
        <label class="field"><span>${t.password}</span>
          <input id="password" name="password" type="password" placeholder="${t.passwordPlaceholder}" required></label>
        <button id="login" type="submit" class="btn btn-primary btn-block">${t.loginButton}</button>
      </form>
      ${params.testMode ? html`<p class="test-hint">${t.testHint}</p>` : ''}
    </section>
  </main>`;
  return shell(params, t.loginTitle, configBlock(params, 'login'), html``, body);
}

/** The events list (`/`) or one event (`/events/:id`): the script fills `#events` and `#registrations`. */
export function spaEventsPage(params: ShellParams, eventId?: string): string {
  const t = SPA_TEXT[params.lang];
  const header = html`<nav class="main-nav"><a href="${params.lang === 'en' ? '/?lang=en' : '/'}" class="active">${t.allEvents}</a></nav>
      <div class="user-box" hidden>
        <span class="user-name" id="user-name"></span>
        <span class="user-phone" id="user-phone"></span>
        <button type="button" id="logout" class="link-btn">${t.logout}</button>
      </div>`;
  const body = html`<div class="notice-bar"><div class="wrap"><span class="notice-label">${t.noticeLabel}</span>${t.notice}</div></div>
  <div class="wrap content">
    <main class="spa-main" data-page="events">
      <h1>${eventId ? t.eventTitle : t.eventsTitle}</h1>
      <p class="page-message" id="message" role="status">${t.loading}</p>
      <section id="events" class="course-grid"></section>
      <h2>${t.myRegistrations}</h2>
      <section id="registrations"></section>
    </main>
  </div>`;
  return shell(
    params,
    eventId ? t.eventTitle : t.eventsTitle,
    configBlock(params, 'events', eventId),
    header,
    body,
  );
}

export function spaNotFoundPage(params: ShellParams): string {
  const t = SPA_TEXT[params.lang];
  const body = html`<div class="wrap content"><main class="not-found error-box" data-status="404">
    <h1>${t.notFoundTitle}</h1>
    <p>${t.notFoundMessage}</p>
    <p><a class="btn" href="${params.lang === 'en' ? '/?lang=en' : '/'}">${t.allEvents}</a></p>
  </main></div>`;
  return shell(params, t.notFoundTitle, html``, html``, body);
}
