/**
 * The spa style's JSON API, on its own origin: CORS for the web app's origin only, a bearer token from
 * the login instead of a cookie, registrations instead of a cart. Login, preflights and `/__admin` are
 * never touched by faults; everything else under `/api/` is behind faults and the token guard.
 */
import express, { type Express, type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { checkPassword, findAccount } from '../accounts.js';
import { requestContext, requestedIds } from '../http.js';
import type { Session } from '../sessions.js';
import { spaAdminRoutes } from './admin-routes.js';
import type { SpaDeps } from './deps.js';
import { type EventJson, eventJson, registrationJson } from './json.js';

const LoginBody = z.object({ phone: z.string().trim().min(1), password: z.string().min(1) });
const RegisterBody = z.object({ eventId: z.string().min(1), studentId: z.string().min(1) });

const ALLOWED_METHODS = 'GET, POST, DELETE, OPTIONS';
const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept';

/** Only the web app's origin gets CORS headers; a preflight from anywhere ends here (204). */
function cors(webOrigin: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get('origin');
    res.vary('Origin');
    const allowed = origin === webOrigin;
    if (allowed) res.set('Access-Control-Allow-Origin', origin);
    if (req.method === 'OPTIONS' && req.get('access-control-request-method')) {
      if (allowed) {
        res.set({
          'Access-Control-Allow-Methods': ALLOWED_METHODS,
          'Access-Control-Allow-Headers': ALLOWED_HEADERS,
          'Access-Control-Max-Age': '600',
        });
      }
      res.status(204).end();
      return;
    }
    next();
  };
}

function bearer(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

const sessions = new WeakMap<Request, Session>();

function sessionOf(req: Request): Session {
  const session = sessions.get(req);
  if (!session) throw new Error(`no token session on ${req.method} ${req.path}: guard not mounted`);
  return session;
}

function requireToken(deps: SpaDeps) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const session = deps.sessions.get(bearer(req));
    if (session) {
      sessions.set(req, session);
      next();
      return;
    }
    res.set('WWW-Authenticate', 'Bearer').status(401).json({ error: 'unauthorized' });
  };
}

const isEvent = (e: EventJson | undefined): e is EventJson => e !== undefined;

function loginRoute(deps: SpaDeps): Router {
  const router = express.Router();
  router.post('/api/v1/auth/login', (req, res) => {
    const body = LoginBody.safeParse(req.body ?? {});
    if (!body.success) {
      res.status(400).json({ error: 'bad_request', message: 'phone and password are required' });
      return;
    }
    const account = checkPassword(body.data.phone, body.data.password);
    if (!account) {
      res.status(401).json({ error: 'bad_credentials', message: '手机号或密码错误' });
      return;
    }
    const session = deps.sessions.create(account.username);
    const expiresAtMs = session.createdAtMs + deps.settings.sessionTtlSeconds * 1000;
    res.json({ token: session.token, expiresAt: new Date(expiresAtMs).toISOString() });
  });
  return router;
}

function v1Routes(deps: SpaDeps): Router {
  const router = express.Router();
  const redesign = (req: Request) => requestContext(req).redesign;
  const event = (req: Request, id: string) => {
    const course = deps.store.getCourse(id);
    return course && eventJson(course, deps.dates.get(course.id) ?? '', redesign(req));
  };

  router.post('/auth/logout', (req, res) => {
    deps.sessions.destroy(sessionOf(req).token);
    res.status(204).end();
  });

  router.get('/me', (req, res) => {
    const { username } = sessionOf(req);
    const account = findAccount(username);
    res.json({
      account: { phone: username, name: account?.name ?? '' },
      students: (account?.students ?? []).map((s) => ({ id: s.studentId, name: s.name })),
    });
  });

  router.get('/events', (req, res) => {
    const ids = requestedIds(req);
    if (!ids) {
      res.json({
        events: deps.store
          .listCourses()
          .map((c) => event(req, c.id))
          .filter(isEvent),
      });
      return;
    }
    const found = ids.map((id) => event(req, id));
    res.json({
      events: found.filter(isEvent),
      missing: ids.filter((_, i) => !found[i]),
    });
  });

  router.get('/registrations', (req, res) => {
    res.json({ registrations: deps.registrations.list(sessionOf(req).username).map(registrationJson) });
  });

  router.post('/registrations', (req, res) => {
    const { username } = sessionOf(req);
    const body = RegisterBody.safeParse(req.body ?? {});
    if (!body.success) {
      res.status(400).json({ error: 'bad_request' });
      return;
    }
    if (!findAccount(username)?.students.some((s) => s.studentId === body.data.studentId)) {
      res.status(400).json({ error: 'unknown_student' });
      return;
    }
    const result = deps.registrations.register(username, body.data.eventId, body.data.studentId);
    if (result.ok) res.status(201).json({ registration: registrationJson(result.registration) });
    else if (result.error === 'duplicate')
      res.status(409).json({ error: 'duplicate', registration: registrationJson(result.registration) });
    else if (result.error === 'not_found') res.status(404).json({ error: 'not_found' });
    else res.status(409).json({ error: result.error });
  });

  // Students cannot cancel: the organiser's review is the only way a registration ends.
  router.delete(['/registrations', '/registrations/:id'], (_req, res) => {
    res.set('Allow', 'GET, POST').status(405).json({ error: 'not_allowed' });
  });

  return router;
}

function isHttpError(error: unknown): error is { status: number } {
  return (
    typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number'
  );
}

export function createApiApp(deps: SpaDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  app.use(cors(deps.webOrigin));
  if (deps.testMode) app.use('/__admin', spaAdminRoutes(deps));
  else
    app.use('/__admin', (_req, res) => {
      res.status(404).json({ error: 'not_found' });
    });
  app.use(express.json({ limit: '16kb' }));
  app.use(loginRoute(deps));
  app.use(deps.faults.middleware);
  app.use('/api/v1', requireToken(deps), v1Routes(deps));
  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = isHttpError(error) && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) deps.log(`portal (spa api): ${req.method} ${req.path} failed: ${String(error)}`);
    res.status(status).json({ error: status === 500 ? 'internal' : 'bad_request' });
  });
  return app;
}
