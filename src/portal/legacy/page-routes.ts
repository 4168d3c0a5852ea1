/**
 * The legacy style's pages behind the fault switches: the public catalogue, and (logged in) the parent's
 * page, pre-registration (`/xk/ybm.do`), the orders, cancelling, and the page that sends parents to the
 * official app to pay. Logged out, a page that needs the login answers the alert script
 * `登录超时，请重新登录` with HTTP 200, as such portals do.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { Account } from '../accounts.js';
import type { LegacyDeps } from './deps.js';
import { queryOf, sendGbk } from './gbk.js';
import { loginTimeout } from './layout.js';
import type { PreRegisterResult } from './orders.js';
import { frameFor, postedForm, redesigned, sendAlert, sendPage } from './respond.js';
import { legacyRequest } from './session-cookies.js';
import { homeOfParent, ordersPage, payPage, preRegisteredPage } from './views-account.js';
import { type CourseView, detailPage, homePage, listPage, PAGE_SIZE } from './views-catalogue.js';

type Refusal = Exclude<PreRegisterResult, { ok: true }>['error'];

const REFUSALS: Record<Refusal, (deps: LegacyDeps) => string> = {
  not_found: () => '该课程不存在',
  already: () => '该学员已预报名此课程，请勿重复提交',
  not_open: () => '该课程当前不在报名时间内',
  limit: (deps) => `每位学员最多报名${deps.settings.maxCartItems}门课程`,
  full: () => '该课程名额已满',
};

/** The parent behind this request; otherwise the login-timeout alert is sent and undefined returned. */
function parent(req: Request, res: Response): Account | undefined {
  const { account } = legacyRequest(req);
  if (!account) sendGbk(res, loginTimeout());
  return account;
}

export function pageRoutes(deps: LegacyDeps): Router {
  const router = express.Router();
  const views = (): CourseView[] =>
    deps.store.listCourses().flatMap((course) => {
      const schedule = deps.schedules.get(course.id);
      return schedule ? [{ course, schedule }] : [];
    });
  const title = (id: string) => deps.store.getCourse(id)?.title ?? id;

  // The site's home page (outside the app): its JSESSIONID is the one at path /.
  router.get('/', (_req, res) => sendGbk(res, homePage({ title: '首页', declared: 'meta' }), 'meta'));

  router.get(['/xk', '/xk/'], (_req, res) => res.redirect(302, '/xk/kclist.jsp'));

  router.get('/xk/kclist.jsp', (req, res) => {
    const all = views();
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    const asked = Number.parseInt(queryOf(req).page ?? '1', 10);
    const current = Number.isFinite(asked) ? Math.min(pages, Math.max(1, asked)) : 1;
    const frame = frameFor(deps, req, '课程查询');
    sendPage(res, frame, listPage(frame, all, current, redesigned(req)));
  });

  router.get('/xk/kcxx.jsp', (req, res) => {
    const id = queryOf(req).kcid ?? '';
    const course = deps.store.getCourse(id);
    const schedule = deps.schedules.get(id);
    if (!course || !schedule) return sendAlert(res, '该课程不存在', { href: '/xk/kclist.jsp' });
    const frame = frameFor(deps, req, course.title, 'meta');
    const { account } = legacyRequest(req);
    const students = account?.students;
    sendPage(
      res,
      frame,
      detailPage(
        frame,
        { course, schedule },
        { redesign: redesigned(req), ...(students ? { students } : {}) },
      ),
    );
  });

  router.get('/xk/index.jsp', (req, res) => {
    const account = parent(req, res);
    if (!account) return;
    const frame = frameFor(deps, req, '个人中心');
    sendPage(res, frame, homeOfParent(frame, account));
  });

  router.post('/xk/ybm.do', (req, res) => {
    const account = parent(req, res);
    if (!account) return;
    const form = postedForm(deps, req, res);
    if (!form) return;
    const studentId = form.xsid ?? '';
    if (!account.students.some((s) => s.studentId === studentId))
      return sendAlert(res, '学员信息有误', 'back');
    const result = deps.orders.preRegister(account.username, form.kcid ?? '', studentId);
    if (!result.ok) return sendAlert(res, REFUSALS[result.error](deps), 'back');
    deps.log(
      `portal: pre-registration ${result.order.orderId}: ${result.order.courseId} for ${studentId}, unpaid`,
    );
    const frame = frameFor(deps, req, '预报名成功');
    sendPage(res, frame, preRegisteredPage(frame, result.order, title(result.order.courseId)));
  });

  router.get('/xk/wddd.jsp', (req, res) => {
    const account = parent(req, res);
    if (!account) return;
    const frame = frameFor(deps, req, '我的订单');
    const student = (id: string) => account.students.find((s) => s.studentId === id)?.name ?? id;
    sendPage(res, frame, ordersPage(frame, deps.orders.list(account.username), { course: title, student }));
  });

  router.post('/xk/qxdd.do', (req, res) => {
    const account = parent(req, res);
    if (!account) return;
    const form = postedForm(deps, req, res);
    if (!form) return;
    const order = deps.orders.cancelOrder(account.username, form.ddbh ?? '');
    if (!order) return sendAlert(res, '订单不存在', { href: '/xk/wddd.jsp' });
    sendAlert(res, order.status === 'paid' ? '已缴费订单请在官方App中申请退费' : '订单已取消', {
      href: '/xk/wddd.jsp',
    });
  });

  router.get('/xk/zf.jsp', (req, res) => {
    const account = parent(req, res);
    if (!account) return;
    const order = deps.orders.get(queryOf(req).ddbh ?? '');
    const frame = frameFor(deps, req, '缴费');
    sendPage(res, frame, payPage(frame, order?.username === account.username ? order : undefined));
  });

  return router;
}
