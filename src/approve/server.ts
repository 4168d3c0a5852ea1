import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { formatListen, type ListenAddress, parseListen } from '../config/listen.js';
import { BadInputError, JianlouError } from '../core/errors.js';
import type { Locale } from '../i18n/locale.js';
import type { KvStore } from '../store/types.js';
import { CONTENT_SECURITY_POLICY } from './html.js';
import { mountLinkRoutes } from './link-routes.js';
import { createLoginRelayRoutes, type LoginRelayOptions, type LoginRelayRoutes } from './login-relay.js';
import { noticePage, type Page, type PageOptions } from './pages.js';
import { createLinkLimiter } from './rate-limit.js';
import { mountStatusRoutes } from './status-routes.js';
import type { StatusPageData } from './status-types.js';
import { type TrustProxy, trustProxySetting } from './trust-proxy.js';
import type { ApprovalLogger, HoldDecider } from './types.js';

export { TOKENS_NS, type UsedToken, usedTokenSchema } from './link-routes.js';

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

  const limiter = createLinkLimiter({
    ...limit,
    clientIp,
    onLimited: (req, res) => {
      log.warn({ ip: clientIp(req) }, 'approval server: rate limit hit');
      send(res, noticePage('rate_limited', pageOptions()));
    },
  });
  app.use(['/h', '/s'], limiter.middleware);

  mountLinkRoutes(app, { secret, kv, decider, log, now, clientIp, send, pageOptions });

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
      limiter.middleware(req, res, next);
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
        limiter.close();
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
