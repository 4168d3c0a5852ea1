/**
 * `/__admin/*` of the legacy style (test mode only): the switches every style shares, same bodies, plus
 * the SMS code last sent to a phone, the organiser cancelling an unpaid order (or its deadline passing),
 * and a payment in the official app. The state lists pre-registrations as `orders` (`carts` is empty).
 */
import type { Router } from 'express';
import { z } from 'zod';
import { adminSwitches, badRequest } from '../routes/admin-routes.js';
import type { LegacyDeps } from './deps.js';
import type { PreRegistration } from './orders.js';

const OrderBody = z.object({ orderId: z.string().min(1) });
const iso = (ms: number) => new Date(ms).toISOString();

export function adminOrderJson(o: PreRegistration) {
  return {
    orderId: o.orderId,
    username: o.username,
    courseId: o.courseId,
    studentId: o.studentId,
    status: o.status,
    createdAt: iso(o.createdAtMs),
    deadline: iso(o.deadlineMs),
    ...(o.cancelledAtMs === undefined ? {} : { cancelledAt: iso(o.cancelledAtMs) }),
    ...(o.cancelReason ? { cancelReason: o.cancelReason } : {}),
  };
}

export function legacyState(deps: LegacyDeps) {
  return {
    courses: deps.store.snapshot().courses.map((c) => ({ ...c, schedule: deps.schedules.get(c.id) })),
    /** No cart in this style: a pre-registration (an order pending payment) holds the seat. */
    carts: [] as never[],
    orders: deps.orders.list().map(adminOrderJson),
    sessions: deps.sessions.size,
    faults: deps.faults.current(),
    settings: { ...deps.settings },
    release: deps.releaser.current(),
  };
}

export type LegacyAdminState = ReturnType<typeof legacyState>;

export function legacyAdminRoutes(deps: LegacyDeps): Router {
  return adminSwitches(
    deps,
    () => legacyState(deps),
    (router) => {
      router.get('/sms', (req, res) => {
        const phone = typeof req.query.phone === 'string' ? req.query.phone : '';
        const sent = deps.pages.lastSms(phone);
        if (!sent) {
          res.status(404).json({ error: 'not_found' });
          return;
        }
        res.json({ phone, code: sent.code, sentAt: iso(sent.sentAtMs) });
      });

      router.post('/cancel-order', (req, res) => {
        const body = OrderBody.safeParse(req.body ?? {});
        if (!body.success) return badRequest(res, body.error);
        const order = deps.orders.cancelOrder(undefined, body.data.orderId);
        if (!order) {
          res.status(404).json({ error: 'not_found' });
          return;
        }
        deps.log(`portal: organiser cancelled ${order.orderId} (${order.courseId}), seat returned`);
        res.json({ ok: true, order: adminOrderJson(order) });
      });

      router.post('/pay', (req, res) => {
        const body = OrderBody.safeParse(req.body ?? {});
        if (!body.success) return badRequest(res, body.error);
        const order = deps.orders.pay(body.data.orderId);
        if (!order) {
          res.status(404).json({ error: 'not_found' });
          return;
        }
        res.json({ ok: true, order: adminOrderJson(order) });
      });
    },
  );
}
