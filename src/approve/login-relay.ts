import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { Locale } from '../i18n/locale.js';
import type { KvStore } from '../store/types.js';
import { type LoginClaims, verifyLoginToken } from './login-tokens.js';
import { RELAY_CSP, type RelayNotice, relayNoticePage, relayPage } from './relay-page.js';
import { actionSchema, createRelayLinks, type LoginRelayOptions, type RelayPort } from './relay-port.js';
import {
  claimSeat,
  frameAfter,
  isPhone,
  linkRefusal,
  mayView,
  mayWatch,
  RELAY_COOKIE,
  type RelaySeat,
  refusedState,
  relayCookieOf,
  relayLimits,
  roomToOpen,
  sameSiteRequest,
  shouldClose,
  type Visitor,
  watchEveryMs,
} from './relay-rules.js';
import { phoneScaleOf } from './relay-scale.js';
import { createSavedNotice, type SavedNotice } from './relay-told.js';
import type { ApprovalLogger } from './types.js';

/**
 * The `/login/<token>` routes of the approval server (issue 15). One relay per account, one phone
 * per relay, a cap on open relays, closed after `idleMs` without an action or when the phone leaves.
 *
 * Opening the link claims nothing (issue 29 item 6): a link preview, a virus scanner or the group
 * app's own browser handing the link over to the system browser all GET it. Every visitor gets a
 * cookie of its own; the first action (a tap, typing, a key) claims the relay for that cookie, and
 * from then on anyone else sees "in use" — except the same phone (same address) in another browser,
 * whose first action takes the relay back. A login of the account by any way (the relay, `jianlou
 * login`, an import) spends every link of the account made before it (item 8); so does a save here, even
 * when the store fails to record it. The approve room knows no browser: the app passes an opener that
 * makes the browser-side session (src/browser/relay.ts). Nothing an action carries is ever logged.
 */

export type { LoginRelayOptions, RelayPort } from './relay-port.js';
export { LOGIN_LINKS_NS } from './relay-port.js';

interface Relay extends RelaySeat {
  accountId: string;
  port: RelayPort;
  watch: NodeJS.Timeout;
  /** The phone was answered "saved", so it shows "已登录". */
  notice: SavedNotice;
}

const visitorOf = (req: Request): Visitor => ({ cookie: relayCookieOf(req.get('cookie')), ip: req.ip });

export interface LoginRelayRoutes {
  router: Router;
  /** Open relays, by account (for tests and `status`). */
  openAccounts(): string[];
  /**
   * Resolves true once the phone of the account's relay was answered "saved" (it shows "已登录"),
   * false after `waitMs`: `login --remote` waits for it before it stops the server (item 7).
   */
  savedSeen(accountId: string, waitMs: number): Promise<boolean>;
  closeAll(): Promise<void>;
}

export function createLoginRelayRoutes(deps: {
  relay: LoginRelayOptions;
  secret: string;
  kv: KvStore;
  locale: Locale;
  log: ApprovalLogger;
  now: () => Date;
}): LoginRelayRoutes {
  const { relay: o, secret, kv, locale, log, now } = deps;
  const relays = new Map<string, Relay>();
  const opening = new Set<string>();
  /** Nonces of the links whose relay saved a session (spent, whatever the store says). */
  const savedHere = new Set<string>();
  const limits = relayLimits(o);
  const links = createRelayLinks(kv);
  const router = express.Router();

  router.use((_req, res, next) => {
    res.set('Content-Security-Policy', RELAY_CSP);
    next();
  });

  const notice = (res: Response, status: number, kind: RelayNotice) =>
    res.status(status).type('html').send(relayNoticePage(locale, kind));

  /** The link's claims, or a notice page sent (never logging the token). */
  const claimsOf = async (req: Request, res: Response, html: boolean): Promise<LoginClaims | undefined> => {
    const verdict = verifyLoginToken(String(req.params.token ?? ''), secret, now());
    if (!verdict.ok) {
      log.warn({ reason: verdict.reason, ip: req.ip }, 'login link refused');
      const refusal = linkRefusal(verdict.reason);
      if (html) notice(res, refusal.status, refusal.notice);
      else res.status(refusal.status).json({ state: 'closed' });
      return undefined;
    }
    const claims = verdict.claims;
    const spent = savedHere.has(claims.nonce) || (await links.spent(claims));
    if (spent) {
      const r = relays.get(claims.accountId);
      if (r && r.nonce === claims.nonce) {
        // Logged in another way meanwhile: this relay has nothing left to do.
        if (r.state === 'open') void r.port.close();
        if (isPhone(r, visitorOf(req))) r.notice.tell();
      }
      if (html) notice(res, 410, 'used');
      else res.status(410).set('X-Relay-State', 'saved').json({ state: 'saved' });
      return undefined;
    }
    return claims;
  };

  const finish = async (r: Relay, saved: boolean) => {
    clearInterval(r.watch);
    if (saved) {
      r.state = 'saved';
      savedHere.add(r.nonce);
      // A store that fails here must neither lose the login (the app checks at once) nor crash the server.
      await links
        .saved(r.accountId, r.nonce, now(), log)
        .catch((error: unknown) =>
          log.error({ err: error, accountId: r.accountId }, 'login relay: link not recorded as spent'),
        );
      log.info({ accountId: r.accountId }, 'login relay: session saved');
      o.onSaved?.(r.accountId);
    } else if (r.state === 'open') {
      r.state = 'closed';
      log.info({ accountId: r.accountId }, 'login relay closed');
    }
    // Keep the finished relay a moment so its phone can read the outcome, then forget it.
    setTimeout(() => {
      if (relays.get(r.accountId) === r) relays.delete(r.accountId);
    }, 30_000).unref();
  };

  /** The relay this request may watch (relay-rules.ts, mayWatch); seen now. */
  const mine = (req: Request, claims: LoginClaims): Relay | undefined => {
    const r = relays.get(claims.accountId);
    const v = visitorOf(req);
    if (!r || !mayWatch(r, claims.nonce, v)) return undefined;
    r.lastSeenMs = Date.now();
    if (isPhone(r, v)) r.leftAtMs = null;
    return r;
  };

  const visitorCookie = (req: Request, res: Response): void => {
    if (relayCookieOf(req.get('cookie'))) return;
    res.cookie(RELAY_COOKIE, randomBytes(18).toString('base64url'), {
      httpOnly: true,
      sameSite: 'strict',
      secure: o.secureCookie ?? false,
      path: '/login/',
      maxAge: limits.idleMs + 60_000,
    });
  };

  router.get('/:token', async (req, res) => {
    const claims = await claimsOf(req, res, true);
    if (!claims) return;
    if (!o.accounts.includes(claims.accountId)) return notice(res, 404, 'unknown_account');
    const existing = relays.get(claims.accountId);
    if (existing && existing.state === 'open') {
      if (mayView(existing, claims.nonce, visitorOf(req))) {
        visitorCookie(req, res);
        return res.type('html').send(relayPage(locale, claims.accountId));
      }
      log.info({ accountId: claims.accountId }, 'login relay: second opener refused');
      return notice(res, 409, 'in_use');
    }
    if (opening.has(claims.accountId)) return notice(res, 409, 'in_use');
    const openCount = [...relays.values()].filter((r) => r.state === 'open').length;
    if (!roomToOpen(openCount, opening.size, limits.maxOpen)) return notice(res, 503, 'busy');
    opening.add(claims.accountId);
    let port: RelayPort;
    try {
      port = await o.open(claims.accountId);
    } catch (error) {
      log.error({ err: error, accountId: claims.accountId }, 'login relay: could not open the browser');
      return notice(res, 502, 'failed');
    } finally {
      opening.delete(claims.accountId);
    }
    const r: Relay = {
      accountId: claims.accountId,
      nonce: claims.nonce,
      phone: null,
      phoneIp: null,
      replaced: new Set(),
      port,
      lastActionMs: Date.now(),
      lastSeenMs: Date.now(),
      leftAtMs: null,
      state: 'open',
      notice: createSavedNotice(),
      watch: setInterval(() => {
        const expired = now().getTime() >= claims.expiresAt.getTime();
        if (shouldClose(r, Date.now(), expired, limits)) void port.close();
      }, watchEveryMs(limits)),
    };
    r.watch.unref();
    relays.set(claims.accountId, r);
    void port.done.then((saved) => finish(r, saved));
    log.info({ accountId: claims.accountId, ip: req.ip }, 'login relay opened');
    visitorCookie(req, res);
    res.type('html').send(relayPage(locale, claims.accountId));
  });

  /** The relay this request may drive, or a 409 with the state it is told. */
  const stateOf = (req: Request, res: Response, claims: LoginClaims): Relay | undefined => {
    const r = mine(req, claims);
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
    const r = mine(req, claims);
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

  return {
    router,
    openAccounts: () => [...relays.values()].filter((r) => r.state === 'open').map((r) => r.accountId),
    savedSeen(accountId, waitMs) {
      const r = relays.get(accountId);
      if (!r || r.phone === null) return Promise.resolve(false);
      return r.notice.seen(waitMs);
    },
    async closeAll() {
      await Promise.all([...relays.values()].map((r) => r.port.close()));
    },
  };
}
