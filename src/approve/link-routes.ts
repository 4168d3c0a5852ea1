import express, { type Express, type Request, type Response } from 'express';
import { z } from 'zod';
import type { KvStore } from '../store/types.js';
import {
  alreadyUsedPage,
  confirmPage,
  decidedPage,
  noticePage,
  outcomePage,
  type Page,
  type PageOptions,
  releaseUnsupportedPage,
  wrongActionPage,
} from './pages.js';
import { checkFormProof, formProof, type TokenClaims, verifyToken } from './tokens.js';
import { type ApprovalLogger, type HoldDecider, holdKindOfView } from './types.js';

/**
 * The approval links (`/h/<token>`): GET shows the hold and a confirm button, POST from that page
 * decides, once. Mounted by the approval server (src/approve/server.ts) behind its link limiter.
 */

/** Store namespace of spent links: key = the token's nonce. */
export const TOKENS_NS = 'tokens';

export const usedTokenSchema = z.object({
  usedAt: z.string(),
  holdId: z.string(),
  action: z.enum(['approve', 'release']),
});
export type UsedToken = z.infer<typeof usedTokenSchema>;

const BODY_LIMIT = '2kb';
const MAX_USER_AGENT = 300;

export interface LinkRouteDeps {
  secret: string;
  kv: KvStore;
  decider: HoldDecider;
  log: ApprovalLogger;
  now: () => Date;
  clientIp: (req: Request) => string;
  send: (res: Response, page: Page) => void;
  pageOptions: () => PageOptions;
}

export function mountLinkRoutes(app: Express, deps: LinkRouteDeps): void {
  const { secret, kv, decider, log, now, clientIp, send, pageOptions } = deps;

  /** Verifies the link; on failure sends the page and returns undefined. Never logs the token. */
  const claimsOf = (req: Request, res: Response): TokenClaims | undefined => {
    const token = String(req.params.token ?? '');
    const verdict = verifyToken(token, secret, now());
    if (verdict.ok) return verdict.claims;
    log.warn({ reason: verdict.reason, ip: clientIp(req), method: req.method }, 'approval link refused');
    send(res, noticePage(verdict.reason === 'expired' ? 'link_expired' : 'invalid_link', pageOptions()));
    return undefined;
  };

  const sendAlreadyUsed = async (res: Response, claims: TokenClaims) => {
    const used = await kv.get(TOKENS_NS, claims.nonce, usedTokenSchema);
    const view = await decider.describe(claims.holdId);
    send(res, alreadyUsedPage(pageOptions(), used?.usedAt, view));
  };

  // GET only shows: link previews and prefetchers must never decide anything.
  app.get('/h/:token', async (req, res) => {
    const claims = claimsOf(req, res);
    if (!claims) return;
    if (await kv.get(TOKENS_NS, claims.nonce, usedTokenSchema)) return sendAlreadyUsed(res, claims);
    const view = await decider.describe(claims.holdId);
    if (!view) return send(res, noticePage('not_found', pageOptions()));
    if (view.status !== 'held') return send(res, decidedPage(view, pageOptions()));
    // No alert carries a release link for such a hold: a hand-made or old one gets a page, no button.
    if (claims.action === 'release' && !holdKindOfView(view).release) {
      return send(res, releaseUnsupportedPage(view, pageOptions()));
    }
    send(res, confirmPage(view, claims.action, formProof(claims, secret), pageOptions()));
  });

  const form = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 10 });

  app.post('/h/:token', form, async (req, res) => {
    const claims = claimsOf(req, res);
    if (!claims) return;
    const body: Record<string, unknown> = req.body ?? {};
    if (typeof body.action !== 'string') return send(res, noticePage('bad_request', pageOptions()));
    // The action comes from the signed token; a form asking for the other one was tampered with.
    if (body.action !== claims.action) return send(res, wrongActionPage(claims.action, pageOptions()));
    // Browsers say where a POST came from; only our own page may send it (absent: not a browser).
    const site = req.get('sec-fetch-site');
    if (!checkFormProof(claims, secret, body.proof) || (site !== undefined && site !== 'same-origin')) {
      log.warn({ holdId: claims.holdId, action: claims.action, ip: clientIp(req) }, 'approval form refused');
      return send(res, noticePage('stale_form', pageOptions()));
    }
    if (await kv.get(TOKENS_NS, claims.nonce, usedTokenSchema)) return sendAlreadyUsed(res, claims);
    const view = await decider.describe(claims.holdId);
    if (!view) return send(res, noticePage('not_found', pageOptions()));
    if (view.status !== 'held') return send(res, decidedPage(view, pageOptions()));
    // Refused before the link is spent: nothing was done, nothing can be.
    if (claims.action === 'release' && !holdKindOfView(view).release) {
      log.warn(
        { holdId: claims.holdId, ip: clientIp(req) },
        'release link for a hold that cannot be released',
      );
      return send(res, releaseUnsupportedPage(view, pageOptions()));
    }

    const ip = clientIp(req);
    const record: UsedToken = { usedAt: now().toISOString(), holdId: claims.holdId, action: claims.action };
    // The first POST wins; a replay or a racing double tap gets "already used" and decides nothing.
    if (!(await kv.add(TOKENS_NS, claims.nonce, record))) {
      log.info({ holdId: claims.holdId, action: claims.action, ip }, 'approval link replayed');
      return sendAlreadyUsed(res, claims);
    }
    const who = {
      ip,
      userAgent: (req.get('user-agent') ?? '').slice(0, MAX_USER_AGENT),
      via: 'link' as const,
    };
    log.info({ holdId: claims.holdId, action: claims.action, ip }, 'approval link used');
    let result: Awaited<ReturnType<HoldDecider['decide']>>;
    try {
      result = await decider.decide(claims.holdId, claims.action, who);
    } catch (err) {
      // Nothing known to be done: give the link back so the parent can retry (the decider keeps one order).
      await kv.delete(TOKENS_NS, claims.nonce);
      throw err;
    }
    if ((result.outcome === 'failed' || result.outcome === 'interrupted') && result.view.status === 'held') {
      // A portal hiccup or a stop: the seat is still held, so the same link may try again.
      await kv.delete(TOKENS_NS, claims.nonce);
    }
    log.info(
      { holdId: claims.holdId, action: claims.action, ip, outcome: result.outcome, detail: result.detail },
      'approval decided',
    );
    send(res, outcomePage(result, claims.action, pageOptions()));
  });
}
