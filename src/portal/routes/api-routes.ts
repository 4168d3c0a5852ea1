/** The JSON API the site's own pages use (and a flow may use too). Mounted behind session and CSRF guards. */
import express, { type Request, type Router } from 'express';
import { z } from 'zod';
import { findAccount } from '../accounts.js';
import { queryInt, queryString, requestContext, requestedIds, sessionOf } from '../http.js';
import type { CourseQuery } from '../store.js';
import { cartItemJson, courseJson, orderJson } from './course-json.js';
import type { PortalDeps } from './deps.js';

const AddToCartBody = z.object({ courseId: z.string().min(1), studentId: z.string().min(1) });
const PlaceOrderBody = z.object({ itemId: z.string().min(1) });

export function courseQuery(req: Request): CourseQuery {
  const weekday = queryInt(req, 'weekday', 0, 0, 7);
  return {
    category: queryString(req, 'category'),
    campus: queryString(req, 'campus'),
    weekday: weekday || undefined,
    q: queryString(req, 'q'),
  };
}

export function apiRoutes(deps: PortalDeps): Router {
  const router = express.Router();
  router.use(express.json({ limit: '16kb' }));
  const redesign = (req: Request) => requestContext(req).redesign;

  router.get('/session', (req, res) => {
    const session = sessionOf(req);
    const account = findAccount(session.username);
    res.json({
      user: { name: account?.name ?? '', username: session.username },
      csrfToken: session.csrfToken,
      students: account?.students ?? [],
    });
  });

  router.get('/courses', (req, res) => {
    const ids = requestedIds(req);
    if (ids) {
      const found = ids.map((id) => deps.store.getCourse(id));
      res.json({
        courses: found.flatMap((c) => (c ? [courseJson(c, redesign(req))] : [])),
        missing: ids.filter((_, i) => !found[i]),
      });
      return;
    }
    const all = deps.store.listCourses(courseQuery(req));
    const pageSize = queryInt(req, 'pageSize', 12, 1, 100);
    const page = queryInt(req, 'page', 1, 1, 10_000);
    res.json({
      total: all.length,
      page,
      pageSize,
      courses: all.slice((page - 1) * pageSize, page * pageSize).map((c) => courseJson(c, redesign(req))),
    });
  });

  router.get('/courses/:id', (req, res) => {
    const course = deps.store.getCourse(req.params.id);
    if (!course) res.status(404).json({ error: 'not_found' });
    else res.json({ course: courseJson(course, redesign(req)) });
  });

  router.get('/cart', (req, res) => {
    const items = deps.store.cart(sessionOf(req).username);
    res.json({ items: items.map(cartItemJson), maxItems: deps.settings.maxCartItems });
  });

  router.post('/cart', (req, res) => {
    const session = sessionOf(req);
    const body = AddToCartBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: 'bad_request' });
      return;
    }
    const account = findAccount(session.username);
    if (!account?.students.some((s) => s.studentId === body.data.studentId)) {
      res.status(400).json({ error: 'unknown_student' });
      return;
    }
    const result = deps.store.addToCart(session.username, body.data.courseId, body.data.studentId);
    if (result.ok) res.status(201).json({ item: cartItemJson(result.item) });
    else if (result.error === 'not_found') res.status(404).json({ error: 'not_found' });
    else if (result.error === 'already_in_cart')
      res.status(409).json({ error: result.error, item: cartItemJson(result.item) });
    else if (result.error === 'already_ordered')
      res.status(409).json({ error: result.error, order: orderJson(result.order) });
    else res.status(409).json({ error: result.error });
  });

  router.delete('/cart/:itemId', (req, res) => {
    if (deps.store.removeFromCart(sessionOf(req).username, req.params.itemId)) res.status(204).end();
    else res.status(404).json({ error: 'not_found' });
  });

  router.get('/orders', (req, res) => {
    res.json({ orders: deps.store.listOrders(sessionOf(req).username).map(orderJson) });
  });

  router.post('/orders', (req, res) => {
    const body = PlaceOrderBody.safeParse(req.body);
    if (!body.success) {
      res.status(400).json({ error: 'bad_request' });
      return;
    }
    const order = deps.store.placeOrder(sessionOf(req).username, body.data.itemId);
    if (order) res.status(201).json({ order: orderJson(order) });
    else res.status(404).json({ error: 'not_found' });
  });

  router.post('/orders/:orderId/cancel', (req, res) => {
    const order = deps.store.cancelOrder(sessionOf(req).username, req.params.orderId);
    if (order) res.json({ order: orderJson(order) });
    else res.status(404).json({ error: 'not_found' });
  });

  router.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });

  return router;
}
