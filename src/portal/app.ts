/** The express app: which routes sit in front of faults and the session guard, and which behind. */
import { fileURLToPath } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { adminRoutes } from './routes/admin-routes.js';
import { apiRoutes } from './routes/api-routes.js';
import { authRoutes, logoutRoute, requireCsrf, requireSession } from './routes/auth-routes.js';
import type { PortalDeps } from './routes/deps.js';
import { pageRoutes } from './routes/page-routes.js';
import { errorPage } from './views/error-page.js';

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

function isHttpError(error: unknown): error is { status: number } {
  return (
    typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number'
  );
}

export function createApp(deps: PortalDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  if (deps.authToken) {
    const token = deps.authToken;
    app.use((_req, res, next) => {
      res.set('X-Auth-Token', token);
      next();
    });
  }

  // Never touched by faults or the session guard.
  app.use('/static', express.static(STATIC_DIR, { maxAge: 0, index: false }));
  if (deps.testMode) app.use('/__admin', adminRoutes(deps));
  else
    app.use('/__admin', (_req, res) => {
      res.status(404).json({ error: 'not_found' });
    });
  app.use(authRoutes(deps));
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });

  app.use(deps.faults.middleware);
  app.use(logoutRoute(deps));
  app.use(requireSession(deps));
  app.use(requireCsrf);
  app.use('/api', apiRoutes(deps));
  app.use(pageRoutes(deps));

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = isHttpError(error) && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) deps.log(`portal: ${req.method} ${req.path} failed: ${String(error)}`);
    if (req.path.startsWith('/api/') || req.path.startsWith('/__admin/'))
      res.status(status).json({ error: status === 500 ? 'internal' : 'bad_request' });
    else
      res
        .status(status)
        .type('html')
        .send(errorPage(status === 500 ? 500 : 404));
  });
  return app;
}
