import { randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Locale } from '../i18n/locale.js';
import { createLoginLog } from '../store/logins.js';
import type { KvStore } from '../store/types.js';
import { type LoginClaims, verifyLoginToken } from './login-tokens.js';
import { RELAY_CSP, type RelayNotice, relayNoticePage, relayPage } from './relay-page.js';
import { sameString } from './tokens.js';
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
 * login`, an import) spends every link of the account made before it (item 8). The approve room knows no
 * browser: the app passes an opener that makes the browser-side session (src/browser/relay.ts).
 * Nothing an action carries is ever logged.
 */

/** What the server needs of a relayed browser session (src/browser/relay.ts makes one). */
export interface RelayPort {
  act(action: z.infer<typeof actionSchema>): Promise<number>;
  frame(
    after: number,
    waitMs?: number,
  ): Promise<{ jpeg: Buffer; seq: number; field?: 'password' | 'text' } | undefined>;
  readonly done: Promise<boolean>;
  isOpen(): boolean;
  close(): Promise<void>;
}

export interface LoginRelayOptions {
  /** Opens a relayed browser at the account's login page; the session saves itself on success. */
  open(accountId: string): Promise<RelayPort>;
  accounts: readonly string[];
  /** Told once per saved session (the app alerts "login restored" and checks at once). */
  onSaved?(accountId: string): void;
  /** Most relays open at a time; default 2. */
  maxOpen?: number;
  /** Closed after this long without an action; default 10 minutes. */
  idleMs?: number;
  /** Closed when the phone stopped asking for frames this long; default 60 s. */
  goneMs?: number;
  /** Cookies get `Secure` when the public URL is HTTPS. */
  secureCookie?: boolean;
  /** Closed this long after its phone left the page (another browser may take it back meanwhile); default 15 s. */
  leftMs?: number;
}

/** Store namespace of spent re-login links: key = the link's nonce. */
export const LOGIN_LINKS_NS = 'login-links';
const spentSchema = z.object({ usedAt: z.string(), accountId: z.string() });
const COOKIE = 'jl_relay';

const point = z.object({ x: z.number().finite(), y: z.number().finite() });
const actionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tap'), x: z.number().finite(), y: z.number().finite() }),
  z.strictObject({ kind: z.literal('type'), text: z.string().min(1).max(500) }),
  z.strictObject({ kind: z.literal('key'), key: z.enum(['Enter', 'Backspace', 'Tab']) }),
  z.strictObject({ kind: z.literal('scroll'), dy: z.number().finite() }),
  z.strictObject({ kind: z.literal('drag'), points: z.array(point).min(2).max(200) }),
  z.strictObject({ kind: z.literal('reload') }),
]);

interface Relay {
  accountId: string;
  nonce: string;
  /** The visitor cookie of the first action; null until someone acts. */
  phone: string | null;
  /** Where that action came from: the same phone in another browser may take the relay back. */
  phoneIp: string | null;
  /** Browsers whose relay the same phone took back in another browser: they see "in use". */
  replaced: Set<string>;
  port: RelayPort;
  lastActionMs: number;
  lastSeenMs: number;
  /** When the phone left the page (pagehide); null while it is there. */
  leftAtMs: number | null;
  state: 'open' | 'saved' | 'closed';
  watch: NodeJS.Timeout;
  /** The phone was answered "saved", so it shows "已登录"; told once it is. */
  told: boolean;
  onTold: Set<() => void>;
}

function cookieOf(req: Request): string | undefined {
  const header = req.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return undefined;
}

const same = (a: string | undefined, b: string) => a !== undefined && sameString(a, b);

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
  const idleMs = o.idleMs ?? 600_000;
  const goneMs = o.goneMs ?? 60_000;
  const leftMs = o.leftMs ?? 15_000;
  const logins = createLoginLog(kv);
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
      if (html)
        notice(
          res,
          verdict.reason === 'expired' ? 410 : 400,
          verdict.reason === 'expired' ? 'expired' : 'invalid',
        );
      else res.status(verdict.reason === 'expired' ? 410 : 400).json({ state: 'closed' });
      return undefined;
    }
    const claims = verdict.claims;
    const spent =
      (await kv.get(LOGIN_LINKS_NS, claims.nonce, spentSchema)) !== undefined ||
      (await loggedInSince(claims));
    if (spent) {
      const r = relays.get(claims.accountId);
      if (r && r.nonce === claims.nonce) {
        // Logged in another way meanwhile: this relay has nothing left to do.
        if (r.state === 'open') void r.port.close();
        if (isPhone(req, r)) tell(r);
      }
      if (html) notice(res, 410, 'used');
      else res.status(410).set('X-Relay-State', 'saved').json({ state: 'saved' });
      return undefined;
    }
    return claims;
  };

  /** A login of the account recorded at or after the link was made spends the link. */
  const loggedInSince = async (claims: LoginClaims): Promise<boolean> => {
    const last = await logins.last(claims.accountId).catch(() => undefined);
    const issued = claims.issuedAt?.getTime() ?? 0;
    return last !== undefined && Date.parse(last.at) >= issued;
  };

  const isPhone = (req: Request, r: Relay) => r.phone !== null && same(cookieOf(req), r.phone);

  const tell = (r: Relay) => {
    if (r.told) return;
    r.told = true;
    for (const f of r.onTold) f();
    r.onTold.clear();
  };

  const finish = async (r: Relay, saved: boolean) => {
    clearInterval(r.watch);
    if (saved) {
      r.state = 'saved';
      await kv.add(LOGIN_LINKS_NS, r.nonce, { usedAt: now().toISOString(), accountId: r.accountId });
      await logins
        .record(r.accountId, { at: now().toISOString(), via: 'relay', expiresAt: null })
        .catch((error: unknown) =>
          log.error({ err: error, accountId: r.accountId }, 'login relay: login not recorded'),
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

  /**
   * The relay this request may watch: same link, and nobody claimed it yet, or this is its phone,
   * or the same phone in another browser (same address), which its first action takes back.
   */
  const mine = (req: Request, claims: LoginClaims): Relay | undefined => {
    const r = relays.get(claims.accountId);
    const cookie = cookieOf(req);
    if (!r || r.nonce !== claims.nonce || cookie === undefined || r.replaced.has(cookie)) return undefined;
    if (r.phone !== null && !isPhone(req, r) && req.ip !== r.phoneIp) return undefined;
    r.lastSeenMs = Date.now();
    if (isPhone(req, r)) r.leftAtMs = null;
    return r;
  };

  /** The first action claims the relay for this browser; the same phone in another one takes it back. */
  const claim = (req: Request, r: Relay): void => {
    if (isPhone(req, r)) return;
    const taken = r.phone !== null;
    if (r.phone !== null) r.replaced.add(r.phone);
    r.phone = cookieOf(req) ?? null;
    r.phoneIp = req.ip ?? null;
    r.leftAtMs = null;
    log.info(
      { accountId: r.accountId, ip: req.ip },
      taken ? 'login relay taken back' : 'login relay claimed',
    );
  };

  const visitorCookie = (req: Request, res: Response): void => {
    if (cookieOf(req)) return;
    res.cookie(COOKIE, randomBytes(18).toString('base64url'), {
      httpOnly: true,
      sameSite: 'strict',
      secure: o.secureCookie ?? false,
      path: '/login/',
      maxAge: idleMs + 60_000,
    });
  };

  router.get('/:token', async (req, res) => {
    const claims = await claimsOf(req, res, true);
    if (!claims) return;
    if (!o.accounts.includes(claims.accountId)) return notice(res, 404, 'unknown_account');
    const existing = relays.get(claims.accountId);
    if (existing && existing.state === 'open') {
      const viewer =
        existing.nonce === claims.nonce &&
        (existing.phone === null || isPhone(req, existing) || req.ip === existing.phoneIp);
      if (viewer) {
        visitorCookie(req, res);
        return res.type('html').send(relayPage(locale, claims.accountId));
      }
      log.info({ accountId: claims.accountId }, 'login relay: second opener refused');
      return notice(res, 409, 'in_use');
    }
    if (opening.has(claims.accountId)) return notice(res, 409, 'in_use');
    const openCount = [...relays.values()].filter((r) => r.state === 'open').length + opening.size;
    if (openCount >= (o.maxOpen ?? 2)) return notice(res, 503, 'busy');
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
      told: false,
      onTold: new Set(),
      watch: setInterval(
        () => {
          const t = Date.now();
          const expired = now().getTime() >= claims.expiresAt.getTime();
          const left = r.leftAtMs !== null && t - r.leftAtMs >= leftMs;
          if (t - r.lastActionMs >= idleMs || t - r.lastSeenMs >= goneMs || expired || left)
            void port.close();
        },
        Math.min(5000, idleMs, goneMs, leftMs),
      ),
    };
    r.watch.unref();
    relays.set(claims.accountId, r);
    void port.done.then((saved) => finish(r, saved));
    log.info({ accountId: claims.accountId, ip: req.ip }, 'login relay opened');
    visitorCookie(req, res);
    res.type('html').send(relayPage(locale, claims.accountId));
  });

  const stateOf = (req: Request, res: Response, claims: LoginClaims): Relay | undefined => {
    const r = mine(req, claims);
    if (r && r.state === 'open' && r.port.isOpen()) return r;
    const other = relays.get(claims.accountId);
    const state =
      r?.state === 'saved'
        ? 'saved'
        : !r && other?.nonce === claims.nonce && other.state === 'open'
          ? 'in_use'
          : 'closed';
    if (r && state === 'saved' && isPhone(req, r)) tell(r);
    res.status(409).set('X-Relay-State', state).json({ state });
    return undefined;
  };

  router.get('/:token/frame', async (req, res) => {
    const claims = await claimsOf(req, res, false);
    if (!claims) return;
    const r = stateOf(req, res, claims);
    if (!r) return;
    const after = Number(req.query.after ?? 0);
    const frame = await r.port.frame(Number.isFinite(after) ? after : 0);
    if (r.state !== 'open') {
      if (r.state === 'saved' && isPhone(req, r)) tell(r);
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

  const sameSite = (req: Request) => {
    const site = req.get('sec-fetch-site');
    return site === undefined || site === 'same-origin';
  };

  router.post('/:token/act', express.json({ limit: '16kb' }), async (req, res) => {
    const claims = await claimsOf(req, res, false);
    if (!claims) return;
    if (!sameSite(req)) return res.status(403).json({ state: 'open', error: 'cross-site' });
    const r = stateOf(req, res, claims);
    if (!r) return;
    const parsed = actionSchema.safeParse(req.body);
    // Only the kind is ever reported: the text of a 'type' action is what the person typed.
    if (!parsed.success) return res.status(400).json({ state: 'open', error: 'bad action' });
    claim(req, r);
    r.lastActionMs = Date.now();
    const seq = await r.port.act(parsed.data);
    const state = r.port.isOpen() ? 'open' : r.state;
    if (state === 'saved') tell(r);
    res.json({ state, seq });
  });

  router.post('/:token/cancel', async (req, res) => {
    const claims = await claimsOf(req, res, false);
    if (!claims) return;
    if (!sameSite(req)) return res.status(403).json({ state: 'open', error: 'cross-site' });
    const r = mine(req, claims);
    if (r && r.state === 'open' && req.query.leave !== undefined) {
      // The page went away (closed, or handed over to another browser): only its phone's leaving
      // counts, and the relay waits a moment for the same phone to take it back.
      if (isPhone(req, r)) r.leftAtMs = Date.now();
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
      if (r.told) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const t = setTimeout(() => {
          r.onTold.delete(done);
          resolve(false);
        }, waitMs);
        const done = () => {
          clearTimeout(t);
          resolve(true);
        };
        r.onTold.add(done);
      });
    },
    async closeAll() {
      await Promise.all([...relays.values()].map((r) => r.port.close()));
    },
  };
}
