import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { Locale } from '../i18n/locale.js';
import type { KvStore } from '../store/types.js';
import { mountDriveRoutes, type Relay, visitorOf } from './login-relay-drive.js';
import { type LoginClaims, verifyLoginToken } from './login-tokens.js';
import { RELAY_CSP, type RelayNotice, relayNoticePage, relayPage } from './relay-page.js';
import { createRelayLinks, type LoginRelayOptions, type RelayPort } from './relay-port.js';
import {
  isPhone,
  linkRefusal,
  mayView,
  RELAY_COOKIE,
  relayCookieOf,
  relayLimits,
  roomToOpen,
  shouldClose,
  watchEveryMs,
} from './relay-rules.js';
import { createSavedNotice } from './relay-told.js';
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
 * Here: the link checks, opening a relay and its end; the phone's routes on an open relay (its
 * picture, actions, leaving) are in login-relay-drive.ts.
 */

export type { LoginRelayOptions, RelayPort } from './relay-port.js';
export { LOGIN_LINKS_NS } from './relay-port.js';

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

  mountDriveRoutes(router, { relays, claimsOf, log });

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
