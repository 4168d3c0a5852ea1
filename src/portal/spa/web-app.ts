/**
 * The spa style's web origin: the single-page app's shells and static files. It holds no session: the
 * page keeps the API's bearer token in localStorage (`jl_token`) and talks to the API origin itself.
 */
import { fileURLToPath } from 'node:url';
import express, { type Express, type Request } from 'express';
import { requestContext } from '../http.js';
import type { SpaDeps } from './deps.js';
import { type ShellParams, spaEventsPage, spaLoginPage, spaNotFoundPage } from './pages.js';
import { langOf } from './text.js';

const STATIC_DIR = fileURLToPath(new URL('../static/', import.meta.url));

export function createWebApp(deps: Pick<SpaDeps, 'testMode' | 'faults'>, apiUrl: () => string): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  const params = (req: Request): ShellParams => ({
    lang: langOf(req),
    apiUrl: apiUrl(),
    testMode: deps.testMode,
    redesign: requestContext(req).redesign,
  });

  // Never touched by faults, like the classic login page and assets.
  app.use('/static', express.static(STATIC_DIR, { maxAge: 0, index: false }));
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  app.get('/login', (req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(spaLoginPage(params(req)));
  });

  app.use(deps.faults.middleware);
  app.get('/', (req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(spaEventsPage(params(req)));
  });
  app.get('/events/:id', (req, res) => {
    res
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(spaEventsPage(params(req), req.params.id));
  });
  app.use((req, res) => {
    res
      .status(404)
      .type('html')
      .send(spaNotFoundPage(params(req)));
  });
  return app;
}
