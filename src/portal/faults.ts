/**
 * Fault switches of the demo portal (test mode): each hostile behaviour a flow must survive is one
 * switch, per target (the JSON API or the HTML pages).
 */
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from './http.js';
import { errorPage } from './views/error-page.js';

export const FAULTS = ['none', '500', 'hang', '429', 'slow', 'redesign'] as const;
export type Fault = (typeof FAULTS)[number];
export type FaultTarget = 'api' | 'pages';

export interface FaultSetting {
  fault: Fault;
  retryAfterSeconds: number;
  delayMs: number;
}

const OFF: FaultSetting = { fault: 'none', retryAfterSeconds: 30, delayMs: 2000 };

/** The HTML answer of a page fault; the spa style brings its own pages. */
export type ErrorPageFor = (status: 429 | 500, req: Request) => string;

export function createFaults(page: ErrorPageFor = (status) => errorPage(status)) {
  const settings: Record<FaultTarget, FaultSetting> = { api: { ...OFF }, pages: { ...OFF } };
  const timers = new Set<NodeJS.Timeout>();

  function set(
    target: FaultTarget | 'all',
    fault: Fault,
    options: { retryAfterSeconds?: number; delayMs?: number } = {},
  ): void {
    const setting: FaultSetting = {
      fault,
      retryAfterSeconds: options.retryAfterSeconds ?? OFF.retryAfterSeconds,
      delayMs: options.delayMs ?? OFF.delayMs,
    };
    for (const t of target === 'all' ? (['api', 'pages'] as const) : [target]) settings[t] = { ...setting };
  }

  /** Mounted after /login, /captcha.svg, static assets and /__admin, which faults never touch. */
  function middleware(req: Request, res: Response, next: NextFunction): void {
    const api = req.path.startsWith('/api/') || req.path === '/api';
    const setting = settings[api ? 'api' : 'pages'];
    switch (setting.fault) {
      case 'none':
        next();
        return;
      case 'redesign':
        requestContext(req).redesign = true;
        next();
        return;
      case 'hang':
        // Never answer: the client must give up on its own; close() destroys the socket.
        return;
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          next();
        }, setting.delayMs);
        timers.add(timer);
        return;
      }
      case '429':
        res.set('Retry-After', String(setting.retryAfterSeconds));
        if (api) res.status(429).json({ error: 'rate_limited' });
        else res.status(429).type('html').send(page(429, req));
        return;
      case '500':
        if (api) res.status(500).json({ error: 'internal' });
        else res.status(500).type('html').send(page(500, req));
        return;
    }
  }

  return {
    set,
    middleware,
    current: (): Record<FaultTarget, FaultSetting> => ({
      api: { ...settings.api },
      pages: { ...settings.pages },
    }),
    reset: () => set('all', 'none'),
    /** Drops delayed requests (their sockets are destroyed by the server). */
    dispose(): void {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

export type FaultSwitches = ReturnType<typeof createFaults>;
