import express, { type Express, type Request, type Response } from 'express';
import { html } from '../core/html.js';
import { isCartPaidAfter } from '../core/types.js';
import { catalogue } from '../i18n/catalogue.js';
import type { Locale as ApprovalLocale } from '../i18n/locale.js';
import type { KvStore } from '../store/types.js';
import { layout } from './html.js';
import { confirmPage, type PageOptions } from './pages.js';
import { checkStatusFormProof, statusFormProof, verifyStatusToken } from './status-link.js';
import { renderStatusPage, STATUS_CONTENT_SECURITY_POLICY } from './status-page.js';
import { statusMessagesFor } from './status-text/status-messages.js';
import type { StatusPageData } from './status-types.js';
import { type ApprovalLogger, type DecideResult, type HoldDecider, holdKindOfView } from './types.js';

export interface StatusRouteDeps {
  secret: string;
  kv: KvStore;
  locale: ApprovalLocale;
  decider: HoldDecider;
  log: ApprovalLogger;
  /** The page's data, read from the store on every GET (the page is never cached). */
  load(): Promise<StatusPageData>;
  clientIp(req: Request): string;
  /** The approval pages' options (locale, clock, zone) for the confirm page of a button. */
  pageOptions(): PageOptions;
}

const MAX_USER_AGENT = 300;

/**
 * `GET /s/<token>` shows the status page; `POST /s/<token>/decide` is a hold button. GET never acts.
 * A button never decides on its own: its first POST answers with the confirm page the alert links
 * have (the same words, the hold's facts, one button), and only that page's POST, carrying
 * `confirmed=yes`, decides — a stray tap on the status page loses no seat. A button decides through the same decider as the alert links, so a hold decided here is "already
 * decided" on its links and the other way round; its proof binds link, hold and action.
 */
export function mountStatusRoutes(app: Express, deps: StatusRouteDeps): void {
  const m = statusMessagesFor(deps.locale);
  const brand = m.brand;
  const notice = (
    res: Response,
    status: number,
    title: string,
    body: string,
    tone: 'warn' | 'ok' | 'error',
    back?: string,
  ) =>
    res
      .status(status)
      .type('html')
      .send(
        layout({
          lang: m.lang,
          title,
          brand,
          tone,
          body: html`<h1>${title}</h1><p class="note">${body}</p>${
            back ? html`<p><a href="${back}">${m.decision.back}</a></p>` : ''
          }`,
        }),
      );

  const linkOf = async (req: Request, res: Response): Promise<{ id: string; token: string } | undefined> => {
    const token = String(req.params.token ?? '');
    const verdict = await verifyStatusToken(token, deps.secret, deps.kv);
    if (verdict.ok) return { id: verdict.id, token };
    deps.log.warn(
      { reason: verdict.reason, ip: deps.clientIp(req), method: req.method },
      'status link refused',
    );
    notice(res, 404, m.refused.title, m.refused.body, 'warn');
    return undefined;
  };

  app.get('/s/:token', async (req, res) => {
    const link = await linkOf(req, res);
    if (!link) return;
    const data = await deps.load();
    const html = renderStatusPage(data, {
      locale: deps.locale,
      decidePath: `/s/${link.token}/decide`,
      proof: (holdId, action) => statusFormProof(link.id, holdId, action, deps.secret),
    });
    res.set('Content-Security-Policy', STATUS_CONTENT_SECURITY_POLICY).type('html').send(html);
  });

  const form = express.urlencoded({ extended: false, limit: '2kb', parameterLimit: 10 });
  app.post('/s/:token/decide', form, async (req, res) => {
    const link = await linkOf(req, res);
    if (!link) return;
    const back = `/s/${link.token}`;
    const body: Record<string, unknown> = req.body ?? {};
    const { hold, action, proof, confirmed } = body;
    const site = req.get('sec-fetch-site');
    if (
      typeof hold !== 'string' ||
      (action !== 'approve' && action !== 'release') ||
      !checkStatusFormProof(link.id, hold, action, deps.secret, proof) ||
      (site !== undefined && site !== 'same-origin')
    ) {
      deps.log.warn({ ip: deps.clientIp(req) }, 'status page form refused');
      return notice(res, 400, m.refused.title, m.decision.failed, 'error', back);
    }
    const view = await deps.decider.describe(hold);
    if (!view) return notice(res, 404, m.title, m.decision.already, 'warn', back);
    if (view.status !== 'held') return notice(res, 409, m.title, m.decision.already, 'warn', back);
    if (action === 'release' && !holdKindOfView(view).release) {
      const refused = catalogue(deps.locale).pages.notices.release_unsupported;
      return notice(res, 409, refused.title, refused.body, 'warn', back);
    }
    if (confirmed !== 'yes') {
      const page = confirmPage(view, action, String(proof), deps.pageOptions(), {
        fields: { hold, confirmed: 'yes' },
        back: { href: back, label: m.decision.back },
      });
      return res.status(page.status).type('html').send(page.html);
    }
    const ip = deps.clientIp(req);
    const result: DecideResult = await deps.decider.decide(hold, action, {
      ip,
      userAgent: (req.get('user-agent') ?? '').slice(0, MAX_USER_AGENT),
      via: 'status_page',
    });
    deps.log.info({ holdId: hold, action, ip, outcome: result.outcome }, 'status page decision');
    if (result.outcome === 'approved' || result.outcome === 'released') {
      const kind = holdKindOfView(result.view);
      // What follows an approval depends on the hold kind (pay in the app, wait for the review, nothing).
      const done =
        result.outcome === 'approved' && !isCartPaidAfter(kind)
          ? catalogue(deps.locale).pages.approved.followUp(kind)
          : m.decision.done[result.outcome];
      return notice(res, 200, done, result.view.observation.title, 'ok', back);
    }
    if (result.outcome === 'already') return notice(res, 409, m.title, m.decision.already, 'warn', back);
    if (result.outcome === 'expired') return notice(res, 410, m.title, m.decision.expired, 'warn', back);
    return notice(res, 502, m.title, result.detail ?? m.decision.failed, 'error', back);
  });
}
