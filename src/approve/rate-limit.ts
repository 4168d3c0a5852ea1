import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit } from 'express-rate-limit';

/**
 * The approval server's limiter on opening links (/h/, /s/, /login/): express-rate-limit over its
 * memory store (constant work per request, expired clients dropped in the background). A client is
 * its address as express reads it (`approval.trustProxy` decides which X-Forwarded-For entry that
 * is); IPv6 addresses count by their /64, the block one household or one attacker gets, so
 * walking through the addresses of one /64 does not walk around the limit.
 */

/** IPv6 addresses share a limit by this prefix length. */
export const IPV6_PREFIX = 64;

/** The key a client address counts under: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64. */
export function clientKey(ip: string): string {
  return ipKeyGenerator(ip, IPV6_PREFIX);
}

export interface LinkLimiterOptions {
  /** Requests per client and window. */
  max: number;
  windowMs: number;
  /** The client's address (req.ip, which honours `trust proxy`). */
  clientIp(req: Request): string;
  /** Sends the "too many requests" answer; Retry-After is set already. */
  onLimited(req: Request, res: Response): void;
}

export interface LinkLimiter {
  /** Counts the request against its client; answers 429 past the limit. */
  middleware: RequestHandler;
  /** Stops the store's background timer. */
  close(): void;
}

export function createLinkLimiter(options: LinkLimiterOptions): LinkLimiter {
  const store = new MemoryStore();
  const limiter = rateLimit({
    windowMs: options.windowMs,
    limit: options.max,
    store,
    keyGenerator: (req) => clientKey(options.clientIp(req)),
    standardHeaders: false,
    legacyHeaders: false,
    // Our own answer (a page in the family's language) with a Retry-After in whole seconds.
    handler: (req, res) => {
      const info = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit;
      // Stryker disable next-line OptionalChaining: express-rate-limit sets req.rateLimit before it calls the handler
      const waitMs = info?.resetTime ? info.resetTime.getTime() - Date.now() : options.windowMs;
      res.set('Retry-After', String(Math.max(1, Math.ceil(waitMs / 1000))));
      options.onLimited(req, res);
    },
    // The server's own trustProxySetting never trusts everything; a client's X-Forwarded-For with
    // the setting off is simply not believed (no console warning for it).
    // (Today only the default keyGenerator runs that check, and ours replaces it: kept for a later version.)
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: equivalent today, see above; link-limiter.test.ts watches the console
    validate: { xForwardedForHeader: false },
  });
  return {
    middleware: (req: Request, res: Response, next: NextFunction) => void limiter(req, res, next),
    close: () => void store.shutdown(),
  };
}
