import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { formatListen, type ListenAddress, parseListen } from '../config/listen.js';
import { BadInputError, JianlouError } from '../core/errors.js';
import type { Locale } from '../i18n/locale.js';
import type { KvStore } from '../store/types.js';
import { CONTENT_SECURITY_POLICY } from './html.js';
import { createLoginRelayRoutes, type LoginRelayOptions, type LoginRelayRoutes } from './login-relay.js';
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
import { createRateLimiter } from './rate-limit.js';
import { mountStatusRoutes } from './status-routes.js';
import type { StatusPageData } from './status-types.js';
import { checkFormProof, formProof, type TokenClaims, verifyToken } from './tokens.js';
import { type TrustProxy, trustProxySetting } from './trust-proxy.js';
import { type ApprovalLogger, type HoldDecider, holdKindOfView } from './types.js';

/** Store namespace of spent links: key = the token's nonce. */
export const TOKENS_NS = 'tokens';

export const usedTokenSchema = z.object({
  usedAt: z.string(),
  holdId: z.string(),
  action: z.enum(['approve', 'release']),
});
export type UsedToken = z.infer<typeof usedTokenSchema>;

export interface ApprovalServerOptions {
  /** The config's `approval.listen`, or "HOST:PORT" ("[::1]:PORT" for IPv6); port 0 picks a free one. */
  listen: ListenAddress | string;
  /** Where parents reach the server (links are built from it, never from the Host header), without a trailing slash. */
  publicUrl?: string;
  secret: string;
  kv: KvStore;
  locale?: Locale;
  decider: HoldDecider;
  logger?: ApprovalLogger;
  now?: () => Date;
  /**
   * Behind a reverse proxy: which X-Forwarded-For entries to believe, as express's `trust proxy`
   * takes it (true = the first hop, a hop count, or proxy addresses/subnets). Off: the socket address.
   */
  trustProxy?: TrustProxy;
  /** IANA zone for times on the pages; default Asia/Shanghai. */
  timeZone?: string;
  /** Requests per IP and window on /h/ links; default 30 a minute. */
  rateLimit?: { max: number; windowMs: number };
  /** Serve the family's status page at /s/<token> with this data (read on every request). */
  status?: { load(): Promise<StatusPageData> };
  /** Serves `/login/<token>` relayed login pages (issue 15) when given. */
  loginRelay?: LoginRelayOptions;
}

export interface ApprovalServer {
  /** The address it listens on, e.g. http://127.0.0.1:8787. */
  url: string;
  /** publicUrl, or `url` when none was given. */
  publicUrl: string;
  port: number;
  /** The relayed login routes, when `loginRelay` was given. */
  loginRelays?: LoginRelayRoutes;
  close(): Promise<void>;
}

const BODY_LIMIT = '2kb';
const MAX_USER_AGENT = 300;

/** The config's parsed address, or HOST:PORT text read by the config's own parser. */
function listenAddress(listen: ListenAddress | string): ListenAddress {
  if (typeof listen !== 'string') return listen;
  const parsed = parseListen(listen);
  if ('problem' in parsed) throw new BadInputError(`approval.listen: ${parsed.problem}`);
  return parsed;
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const silent: ApprovalLogger = { info() {}, warn() {}, error() {} };

export async function startApprovalServer(options: ApprovalServerOptions): Promise<ApprovalServer> {
  const { host, port } = listenAddress(options.listen);
  const log = options.logger ?? silent;
  const now = options.now ?? (() => new Date());
  const { secret, kv, decider } = options;
  const limit = options.rateLimit ?? { max: 30, windowMs: 60_000 };
  const limiter = createRateLimiter(limit);
  const pageOptions = (): PageOptions => ({
    locale: options.locale ?? 'zh',
    now: now(),
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
  });
  const send = (res: Response, page: Page) => res.status(page.status).type('html').send(page.html);

  const app = express();
  app.disable('x-powered-by');
  // Only the entries added by proxies we were told to trust: a client can forge the rest.
  app.set('trust proxy', trustProxySetting(options.trustProxy));

  app.use((_req, res, next) => {
    res.set({
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ ok: true });
  });

  const clientIp = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

  app.use(['/h', '/s'], (req, res, next) => {
    const verdict = limiter.hit(clientIp(req), now().getTime());
    if (verdict.ok) return next();
    log.warn({ ip: clientIp(req) }, 'approval server: rate limit hit');
    res.set('Retry-After', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
    send(res, noticePage('rate_limited', pageOptions()));
  });

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
    if (result.outcome === 'failed' && result.view.status === 'held') {
      // A portal hiccup: the seat is still held, so the same link may try again.
      await kv.delete(TOKENS_NS, claims.nonce);
    }
    log.info(
      { holdId: claims.holdId, action: claims.action, ip, outcome: result.outcome, detail: result.detail },
      'approval decided',
    );
    send(res, outcomePage(result, claims.action, pageOptions()));
  });

  if (options.status) {
    mountStatusRoutes(app, {
      secret,
      kv,
      locale: options.locale ?? 'zh',
      decider,
      log,
      load: options.status.load,
      clientIp,
      pageOptions,
    });
  }

  const loginRelays = options.loginRelay
    ? createLoginRelayRoutes({
        relay: options.loginRelay,
        secret,
        kv,
        locale: options.locale ?? 'zh',
        log,
        now,
      })
    : undefined;
  if (loginRelays) {
    // Opening a link counts against the rate limit; the page's own frame and action requests do not.
    app.use('/login', (req, res, next) => {
      if (req.method !== 'GET' || req.path.split('/').filter(Boolean).length !== 1) return next();
      const verdict = limiter.hit(clientIp(req), now().getTime());
      if (verdict.ok) return next();
      res.set('Retry-After', String(Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))));
      send(res, noticePage('rate_limited', pageOptions()));
    });
    app.use('/login', loginRelays.router);
  }

  app.use((_req, res) => {
    const page = noticePage('invalid_link', pageOptions());
    send(res, { ...page, status: 404 });
  });

  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e: { status?: unknown; type?: unknown } = typeof err === 'object' && err !== null ? err : {};
    const { status, type } = e;
    if (status === 413 || type === 'entity.too.large' || type === 'parameters.too.many') {
      return send(res, noticePage('too_large', pageOptions()));
    }
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return send(res, { ...noticePage('bad_request', pageOptions()), status });
    }
    log.error({ err, method: req.method, ip: clientIp(req) }, 'approval server: request failed');
    send(res, noticePage('server_error', pageOptions()));
  });

  const server: Server = createServer(app);
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) =>
      reject(
        new JianlouError(
          `approval server could not listen on ${formatListen({ host, port })}: ${err.code ?? err.message} — choose another approval.listen`,
          { cause: err },
        ),
      );
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  const publicUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  if (!isLoopback(host)) {
    log.warn(
      { listen: `${host}:${actualPort}`, publicUrl },
      'approval server listens beyond this machine: anyone who can reach it can open approval pages; serve it over HTTPS (a reverse proxy) before exposing it to the internet',
    );
  }
  log.info({ url, publicUrl }, 'approval server listening');
  return {
    url,
    publicUrl,
    port: actualPort,
    ...(loginRelays ? { loginRelays } : {}),
    // Idle keep-alive connections go at once; a request in flight (a decision at the portal) may
    // finish for up to 30 s before its connection is cut.
    close: () =>
      new Promise<void>((resolve, reject) => {
        void loginRelays?.closeAll();
        const force = setTimeout(() => server.closeAllConnections(), 30_000);
        force.unref();
        server.close((err) => {
          clearTimeout(force);
          if (err) reject(err);
          else resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
