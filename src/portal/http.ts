/** Small HTTP helpers: cookies, query strings, per-request context. */
import type { Request, Response } from 'express';
import type { Session } from './sessions.js';

export const SESSION_COOKIE = 'yp_session';
export const PRE_LOGIN_COOKIE = 'yp_pre';

export interface RequestContext {
  session?: Session;
  /** The redesign fault is on for this request. */
  redesign: boolean;
}

const contexts = new WeakMap<Request, RequestContext>();

export function requestContext(req: Request): RequestContext {
  let context = contexts.get(req);
  if (!context) {
    context = { redesign: false };
    contexts.set(req, context);
  }
  return context;
}

/** The session the auth middleware attached; routes after it may rely on it. */
export function sessionOf(req: Request): Session {
  const session = requestContext(req).session;
  if (!session) throw new Error(`no session on ${req.method} ${req.path}: auth middleware not mounted`);
  return session;
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function setCookie(res: Response, name: string, value: string, maxAgeSeconds?: number): void {
  res.cookie(name, value, {
    httpOnly: true,
    path: '/',
    sameSite: 'lax',
    ...(maxAgeSeconds === undefined ? {} : { maxAge: Math.round(maxAgeSeconds * 1000) }),
  });
}

/** First string value of a query parameter ('' and absent both mean "not given"). */
export function queryString(req: Request, key: string): string | undefined {
  const raw = req.query[key];
  const value = Array.isArray(raw) ? raw[0] : raw;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function queryInt(req: Request, key: string, fallback: number, min: number, max: number): number {
  const parsed = Number.parseInt(queryString(req, key) ?? '', 10);
  return Number.isFinite(parsed) ? Math.min(max, Math.max(min, parsed)) : fallback;
}

/** Only local paths, so the login form cannot be used as an open redirect. */
export function safeReturnUrl(value: unknown): string {
  return typeof value === 'string' &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.includes('\\')
    ? value
    : '/courses';
}

export function loginRedirect(req: Request): string {
  return `/login?returnUrl=${encodeURIComponent(req.originalUrl)}`;
}

/** `ids=A,B` and `ids=A&ids=B` both work; absent (undefined) means every course. */
export function requestedIds(req: Request): string[] | undefined {
  const raw = req.query.ids;
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
  return values
    .flatMap((v) => v.split(','))
    .map((id) => id.trim())
    .filter(Boolean);
}
