/** Server-rendered pages (behind the session guard). Their scripts talk to the JSON API. */
import express, { type Request, type Router } from 'express';
import { findAccount } from '../accounts.js';
import { queryInt, requestContext, sessionOf } from '../http.js';
import type { CourseRecord } from '../seed.js';
import { cartPage } from '../views/cart-page.js';
import { courseDetailPage } from '../views/course-detail-page.js';
import { courseListPage } from '../views/course-list-page.js';
import { errorPage } from '../views/error-page.js';
import { holdDuration } from '../views/format.js';
import type { Viewer } from '../views/layout.js';
import { ordersPage } from '../views/orders-page.js';
import { courseQuery } from './api-routes.js';
import type { PortalDeps } from './deps.js';

const PAGE_SIZE = 12;

export function pageRoutes(deps: PortalDeps): Router {
  const router = express.Router();

  function viewer(req: Request): Viewer {
    const session = sessionOf(req);
    return {
      name: findAccount(session.username)?.name ?? session.username,
      username: session.username,
      csrfToken: session.csrfToken,
      cartCount: deps.store.cart(session.username).length,
    };
  }

  function studentName(username: string, studentId: string): string {
    return findAccount(username)?.students.find((s) => s.studentId === studentId)?.name ?? studentId;
  }

  /** Orders and cart items keep their course id; the catalogue never loses a course, but stay safe. */
  function withCourse<T extends { courseId: string }>(rows: T[]): { row: T; course: CourseRecord }[] {
    return rows.flatMap((row) => {
      const course = deps.store.getCourse(row.courseId);
      return course ? [{ row, course }] : [];
    });
  }

  router.get('/', (_req, res) => {
    res.redirect(302, '/courses');
  });

  router.get('/courses', (req, res) => {
    const filters = courseQuery(req);
    const all = deps.store.listCourses(filters);
    const pageCount = Math.ceil(all.length / PAGE_SIZE);
    const page = queryInt(req, 'page', 1, 1, Math.max(1, pageCount));
    res.type('html').send(
      courseListPage({
        viewer: viewer(req),
        courses: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
        total: all.length,
        page,
        pageCount,
        filters,
        redesign: requestContext(req).redesign,
        notice: `暑期班补录进行中：名额释放后先到先得，加入购物车后保留 ${holdDuration(deps.settings.holdSeconds)}，请及时提交订单。`,
      }),
    );
  });

  router.get('/courses/:id', (req, res) => {
    const course = deps.store.getCourse(req.params.id);
    if (!course) {
      res
        .status(404)
        .type('html')
        .send(errorPage(404, viewer(req)));
      return;
    }
    res.type('html').send(
      courseDetailPage({
        viewer: viewer(req),
        course,
        students: findAccount(sessionOf(req).username)?.students ?? [],
        holdSeconds: deps.settings.holdSeconds,
        redesign: requestContext(req).redesign,
      }),
    );
  });

  router.get('/cart', (req, res) => {
    const { username } = sessionOf(req);
    const lines = withCourse(deps.store.cart(username)).map(({ row, course }) => ({
      item: row,
      course,
      studentName: studentName(username, row.studentId),
    }));
    res.set('Cache-Control', 'no-store');
    res.type('html').send(
      cartPage({
        viewer: viewer(req),
        lines,
        maxItems: deps.settings.maxCartItems,
        holdSeconds: deps.settings.holdSeconds,
        nowMs: Date.now(),
      }),
    );
  });

  router.get('/orders', (req, res) => {
    const { username } = sessionOf(req);
    const lines = withCourse(deps.store.listOrders(username))
      .map(({ row, course }) => ({ order: row, course, studentName: studentName(username, row.studentId) }))
      .reverse();
    res.set('Cache-Control', 'no-store');
    res.type('html').send(ordersPage(viewer(req), lines));
  });

  router.use((req, res) => {
    res
      .status(404)
      .type('html')
      .send(errorPage(404, viewer(req)));
  });

  return router;
}
