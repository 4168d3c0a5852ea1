import express, { type Request, type Response, type Router } from 'express';
import type { LoginClaims } from './login-tokens.js';
import { actionSchema, type RelayPort } from './relay-port.js';
import {
  claimSeat,
  frameAfter,
  isPhone,
  mayWatch,
  type RelaySeat,
  refusedState,
  relayCookieOf,
  sameSiteRequest,
  type Visitor,
} from './relay-rules.js';
import { phoneScaleOf } from './relay-scale.js';
import type { SavedNotice } from './relay-told.js';
import type { ApprovalLogger } from './types.js';

/**
 * The routes a phone drives an open relay with (src/approve/login-relay.ts opens it): the picture of
 * the portal's page (`frame`), an action (`act`: a tap, typing, a key) and leaving or cancelling
 * (`cancel`). Each serves only the relay its link and visitor may watch (relay-rules.ts); nothing an
 * action carries is ever logged.
 */

/** An open (or just finished) relay of one account. */
export interface Relay extends RelaySeat {
  accountId: string;
  port: RelayPort;
  watch: NodeJS.Timeout;
  /** The phone was answered "saved", so it shows "已登录". */
  notice: SavedNotice;
}

export const visitorOf = (req: Request): Visitor => ({
  cookie: relayCookieOf(req.get('cookie')),
  ip: req.ip,
});

export interface DriveDeps {
  /** Open relays, by account. */
  relays: Map<string, Relay>;
  /** The link's claims, or a refusal sent (never logging the token). */
  claimsOf(req: Request, res: Response, html: boolean): Promise<LoginClaims | undefined>;
  log: ApprovalLogger;
}

/** The relay this request may watch (relay-rules.ts, mayWatch); seen now. */
function mine(relays: Map<string, Relay>, req: Request, claims: LoginClaims): Relay | undefined {
  const r = relays.get(claims.accountId);
  const v = visitorOf(req);
  if (!r || !mayWatch(r, claims.nonce, v)) return undefined;
  r.lastSeenMs = Date.now();
  if (isPhone(r, v)) r.leftAtMs = null;
  return r;
}

export function mountDriveRoutes(router: Router, deps: DriveDeps): void {
  const { relays, claimsOf, log } = deps;

  /** The relay this request may drive, or a 409 with the state it is told. */
  const stateOf = (req: Request, res: Response, claims: LoginClaims): Relay | undefined => {
    const r = mine(relays, req, claims);
    if (r && r.state === 'open' && r.port.isOpen()) return r;
    const state = refusedState(r, relays.get(claims.accountId), claims.nonce);
    res.status(409).set('X-Relay-State', state).json({ state });
    return undefined;
  };

  router.get('/:token/frame', async (req, res) => {
    const claims = await claimsOf(req, res, false);
    if (!claims) return;
    const r = stateOf(req, res, claims);
    if (!r) return;
    const scale = phoneScaleOf(req.query.dpr);
    if (scale !== undefined) r.port.scale?.(scale);
    const frame = await r.port.frame(frameAfter(req.query.after));
    if (r.state !== 'open') {
      if (r.state === 'saved' && isPhone(r, visitorOf(req))) r.notice.tell();
      return res.status(409).set('X-Relay-State', r.state).json({ state: r.state });
    }
    if (!frame) return res.status(204).set('X-Relay-State', 'open').end();
    res
      .set({
        'X-Relay-State': 'open',
        'X-Frame-Seq': String(frame.seq),
        'X-Relay-Field': frame.field ?? 'text',
      })
      .type('image/jpeg')
      .send(frame.jpeg);
  });

  const crossSite = (req: Request, res: Response): boolean => {
    if (sameSiteRequest(req.get('sec-fetch-site'))) return false;
    res.status(403).json({ state: 'open', error: 'cross-site' });
    return true;
  };

  router.post('/:token/act', express.json({ limit: '16kb' }), async (req, res) => {
    const claims = await claimsOf(req, res, false);
    if (!claims || crossSite(req, res)) return;
    const r = stateOf(req, res, claims);
    if (!r) return;
    const parsed = actionSchema.safeParse(req.body);
    // Only the kind is ever reported: the text of a 'type' action is what the person typed.
    if (!parsed.success) return res.status(400).json({ state: 'open', error: 'bad action' });
    const claimed = claimSeat(r, visitorOf(req));
    if (claimed !== 'mine') {
      log.info(
        { accountId: r.accountId, ip: req.ip },
        claimed === 'taken back' ? 'login relay taken back' : 'login relay claimed',
      );
    }
    r.lastActionMs = Date.now();
    const seq = await r.port.act(parsed.data);
    const state = r.port.isOpen() ? 'open' : r.state;
    if (state === 'saved') r.notice.tell();
    res.json({ state, seq });
  });

  router.post('/:token/cancel', async (req, res) => {
    const claims = await claimsOf(req, res, false);
    if (!claims || crossSite(req, res)) return;
    const r = mine(relays, req, claims);
    if (r && r.state === 'open' && req.query.leave !== undefined) {
      // The page went away (closed, or handed over to another browser): only its phone's leaving
      // counts, and the relay waits a moment for the same phone to take it back.
      if (isPhone(r, visitorOf(req))) r.leftAtMs = Date.now();
      return res.json({ state: 'open' });
    }
    if (r && r.state === 'open') {
      log.info({ accountId: r.accountId }, 'login relay cancelled');
      await r.port.close();
    }
    res.json({ state: r?.state === 'saved' ? 'saved' : 'closed' });
  });
}
