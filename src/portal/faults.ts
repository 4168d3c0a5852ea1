/**
 * Fault switches of the demo portal (test mode): each hostile behaviour a flow must survive is one
 * switch, per target (the JSON API or the HTML pages).
 *
 * - `maintenance`: HTTP 200 "系统维护中" (a standalone page on pages, `{ "error": "maintenance",
 *   "message": … }` on the API), as portals answer during maintenance; `busy`: the same with
 *   "系统繁忙"; `503`: the maintenance answer with HTTP 503 and Retry-After. None of them is a redesign.
 * - `cut`: the connection is closed without an answer.
 */
import type { NextFunction, Request, Response } from 'express';
import { requestContext } from './http.js';
import { errorPage } from './views/error-page.js';

export const FAULTS = [
  'none',
  '500',
  'hang',
  '429',
  'slow',
  'redesign',
  'maintenance',
  'busy',
  '503',
  'cut',
] as const;
export type Fault = (typeof FAULTS)[number];
export type FaultTarget = 'api' | 'pages';

export interface FaultSetting {
  fault: Fault;
  retryAfterSeconds: number;
  delayMs: number;
}

const OFF: FaultSetting = { fault: 'none', retryAfterSeconds: 30, delayMs: 2000 };

/** What the portal says while it is down for a while (the texts flows recognise). */
export const DOWN_NOTICE = {
  maintenance: { error: 'maintenance', title: '系统维护中', message: '系统维护中，请稍后再试。' },
  busy: { error: 'busy', title: '系统繁忙', message: '系统繁忙，请稍后再试。' },
} as const;

/** A standalone notice page, as a maintenance proxy in front of a portal serves it. */
function noticePage(notice: (typeof DOWN_NOTICE)[keyof typeof DOWN_NOTICE]): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${notice.title}</title></head><body><main class="notice" data-notice="${notice.error}"><h1>${notice.title}</h1><p>${notice.message}</p></main></body></html>`;
}

function sendNotice(res: Response, api: boolean, status: 200 | 503, kind: keyof typeof DOWN_NOTICE): void {
  const notice = DOWN_NOTICE[kind];
  if (api) res.status(status).json({ error: notice.error, message: notice.message });
  else res.status(status).type('html').send(noticePage(notice));
}

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
      case 'maintenance':
      case 'busy':
        sendNotice(res, api, 200, setting.fault);
        return;
      case '503':
        res.set('Retry-After', String(setting.retryAfterSeconds));
        sendNotice(res, api, 503, 'maintenance');
        return;
      case 'cut':
        // Closed without a word: the client sees a reset connection, not an answer.
        req.socket.destroy();
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
