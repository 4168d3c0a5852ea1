/**
 * Two cookies of one name, as a Tomcat site with an app under it sets them: the site's `JSESSIONID`
 * at path `/` and the app's at `/xk/`. A browser sends both to `/xk/…`, the longer path first; the app
 * reads the FIRST `JSESSIONID` of the Cookie header (a client that sends the site's first is a stranger
 * to the app and gets a new, logged-out session). The app's id is renewed at login.
 */
import type { NextFunction, Request, Response } from 'express';
import { findAccount } from '../accounts.js';
import type { LegacyDeps, LegacyRequest } from './deps.js';
import { APP_PATH, newSessionId, SESSION_COOKIE } from './page-state.js';

const MAX_SITE_SESSIONS = 10_000;

/** Every JSESSIONID value of the Cookie header, in the order the client sent them. */
export function sessionIds(req: Request): string[] {
  return (req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(`${SESSION_COOKIE}=`))
    .map((part) => part.slice(SESSION_COOKIE.length + 1));
}

export function setSessionCookie(res: Response, id: string, path: '/' | typeof APP_PATH): void {
  res.append('Set-Cookie', `${SESSION_COOKIE}=${id}; Path=${path}; HttpOnly`);
}

const requests = new WeakMap<Request, LegacyRequest>();

export function legacyRequest(req: Request): LegacyRequest {
  const found = requests.get(req);
  if (!found) throw new Error(`no legacy session on ${req.method} ${req.path}: middleware not mounted`);
  return found;
}

export function sessionMiddleware(deps: LegacyDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const ids = sessionIds(req);
    if (!ids.some((id) => deps.siteSessions.has(id))) {
      const site = newSessionId();
      if (deps.siteSessions.size >= MAX_SITE_SESSIONS) deps.siteSessions.clear();
      deps.siteSessions.add(site);
      setSessionCookie(res, site, '/');
    }
    if (!req.path.startsWith(APP_PATH)) {
      next();
      return;
    }
    const first = ids[0];
    const known = first !== undefined && (deps.pages.has(first) || deps.sessions.get(first) !== undefined);
    const appId = known ? first : newSessionId();
    if (!known) {
      setSessionCookie(res, appId, APP_PATH);
      // Remember it at once, so the next request with it is not a stranger (a page without a form).
      deps.pages.issueToken(appId);
    }
    const session = deps.sessions.get(appId);
    const account = session ? findAccount(session.username) : undefined;
    requests.set(req, { appId, ...(account ? { account } : {}) });
    next();
  };
}

/** The login renews the app's id: a new JSESSIONID at /xk/, the old one forgotten. */
export function renewAtLogin(deps: LegacyDeps, req: Request, res: Response, username: string): void {
  const before = legacyRequest(req);
  const session = deps.sessions.create(username);
  deps.pages.forget(before.appId);
  setSessionCookie(res, session.token, APP_PATH);
  const account = findAccount(username);
  requests.set(req, { appId: session.token, ...(account ? { account } : {}) });
}
