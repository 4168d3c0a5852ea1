/** Login with password and image captcha, logout, and the session / CSRF guards for everything else. */
import { randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { checkPassword } from '../accounts.js';
import { renderCaptchaSvg } from '../captcha.js';
import {
  loginRedirect,
  PRE_LOGIN_COOKIE,
  readCookie,
  requestContext,
  SESSION_COOKIE,
  safeReturnUrl,
  setCookie,
} from '../http.js';
import { loginPage } from '../views/login-page.js';
import type { PortalDeps } from './deps.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function preLoginId(req: Request, res: Response, deps: PortalDeps): string {
  const existing = readCookie(req, PRE_LOGIN_COOKIE);
  if (existing) return existing;
  const id = deps.captchas.newPreLoginId();
  setCookie(res, PRE_LOGIN_COOKIE, id);
  return id;
}

function field(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}

/** Routes that work without a session and are never hit by faults. */
export function authRoutes(deps: PortalDeps): Router {
  const router = express.Router();

  function showForm(
    req: Request,
    res: Response,
    status: number,
    extra: { error?: string; username?: string },
  ) {
    const id = preLoginId(req, res, deps);
    // A fresh code per login page, remembered for this browser's pre-login cookie.
    deps.captchas.issue(id);
    res.set('Cache-Control', 'no-store');
    res
      .status(status)
      .type('html')
      .send(
        loginPage({
          returnUrl: safeReturnUrl(field(req.body, 'returnUrl') || req.query.returnUrl),
          testMode: deps.testMode,
          captchaNonce: randomBytes(4).toString('hex'),
          ...extra,
        }),
      );
  }

  router.get('/login', (req, res) => {
    if (deps.sessions.get(readCookie(req, SESSION_COOKIE))) {
      res.redirect(safeReturnUrl(req.query.returnUrl));
      return;
    }
    showForm(req, res, 200, {});
  });

  router.get('/captcha.svg', (req, res) => {
    const id = preLoginId(req, res, deps);
    const code = req.query.refresh ? deps.captchas.issue(id) : deps.captchas.current(id);
    res.set('Cache-Control', 'no-store').type('image/svg+xml').send(renderCaptchaSvg(code));
  });

  router.post('/login', express.urlencoded({ extended: false }), (req, res) => {
    const username = field(req.body, 'username').trim();
    if (!deps.captchas.verify(readCookie(req, PRE_LOGIN_COOKIE), field(req.body, 'captcha'))) {
      showForm(req, res, 401, { error: '验证码错误', username });
      return;
    }
    const account = checkPassword(username, field(req.body, 'password'), deps.passwords);
    if (!account) {
      showForm(req, res, 401, { error: '用户名或密码错误', username });
      return;
    }
    const session = deps.sessions.create(account.username);
    setCookie(res, SESSION_COOKIE, session.token, deps.settings.sessionTtlSeconds);
    res.redirect(302, safeReturnUrl(field(req.body, 'returnUrl')));
  });

  return router;
}

export function logoutRoute(deps: PortalDeps): Router {
  const router = express.Router();
  router.post('/logout', (req, res) => {
    const token = readCookie(req, SESSION_COOKIE);
    if (token) deps.sessions.destroy(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(302, '/login');
  });
  return router;
}

/** No live session: pages go to the login page (coming back afterwards), the API answers 401. */
export function requireSession(deps: PortalDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const session = deps.sessions.get(readCookie(req, SESSION_COOKIE));
    if (session) {
      requestContext(req).session = session;
      next();
      return;
    }
    if (req.path.startsWith('/api/')) res.status(401).json({ error: 'unauthenticated' });
    else res.redirect(302, loginRedirect(req));
  };
}

/** API writes need the session's CSRF token in `X-CSRF-Token`. */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  const session = requestContext(req).session;
  if (SAFE_METHODS.has(req.method) || !req.path.startsWith('/api/')) {
    next();
    return;
  }
  if (!session || req.get('x-csrf-token') !== session.csrfToken) {
    res.status(403).json({ error: 'csrf' });
    return;
  }
  next();
}
