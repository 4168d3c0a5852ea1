/** The legacy style's express app: what sits in front of the fault switches and what behind them. */
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { legacyAdminRoutes } from './admin-routes.js';
import { authRoutes } from './auth-routes.js';
import type { LegacyDeps } from './deps.js';
import { sendGbk } from './gbk.js';
import { noticePage, wechatOnlyPage } from './layout.js';
import { pageRoutes } from './page-routes.js';
import { sessionMiddleware } from './session-cookies.js';

const WECHAT = /MicroMessenger/i;

export function createLegacyApp(deps: LegacyDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  if (deps.testMode) app.use('/__admin', legacyAdminRoutes(deps));
  else
    app.use('/__admin', (_req, res) => {
      res.status(404).json({ error: 'not_found' });
    });
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  if (deps.wechatOnly) {
    app.use((req, res, next) => {
      if (WECHAT.test(req.get('user-agent') ?? '')) next();
      else sendGbk(res, wechatOnlyPage());
    });
  }
  // Forms arrive percent-encoded in GBK: kept as bytes here, decoded by gbk.ts.
  app.use(express.raw({ type: 'application/x-www-form-urlencoded', limit: '16kb' }));
  app.use(sessionMiddleware(deps));
  // The login steps and the captcha picture are never touched by faults.
  app.use(authRoutes(deps));
  app.use(deps.faults.middleware);
  app.use(pageRoutes(deps));

  app.use((_req, res) => {
    res.status(404);
    sendGbk(res, noticePage('404 页面不存在', '您访问的页面不存在或已被删除。'));
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    deps.log(`portal: ${req.method} ${req.path} failed: ${String(error)}`);
    res.status(500);
    sendGbk(res, noticePage('500 服务器错误', '系统出现异常，请稍后再试。'));
  });
  return app;
}
