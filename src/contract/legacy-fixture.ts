import type { Browser } from 'playwright';
import type { Child, Credentials } from '../core/types.js';
import type { FlowContext } from '../flow/types.js';
import { type AdminRoutesPortal, courseRoles } from './fixtures.js';
import type { FlowFixture, RunningFixture } from './portal.js';
import { portalAdmin } from './portal-admin.js';

/**
 * The demo portal's legacy style (or a fake of yours with its admin routes): a pre-registration (an
 * order pending payment) is the hold; the organiser (or the payment deadline) can cancel one
 * (`POST /__admin/cancel-order`); `maxCartItems` is the limit per student.
 */
export function legacyFixture(options: {
  start(): Promise<AdminRoutesPortal>;
  login: Credentials | ((ctx: FlowContext) => Promise<void>);
  child: Child;
  launch?: () => Promise<Browser>;
  /** `portal.options` for the flow. */
  options?: unknown;
}): FlowFixture {
  let admin: ReturnType<typeof portalAdmin> | undefined;
  let root = '';
  const need = () => {
    if (!admin) throw new Error('the fixture was not started');
    return admin;
  };
  return {
    login: options.login,
    child: options.child,
    ...(options.launch ? { launch: options.launch } : {}),
    async start(): Promise<RunningFixture> {
      const portal = await options.start();
      root = portal.adminUrl ?? portal.url;
      admin = portalAdmin(root);
      await admin.reset();
      return {
        url: portal.url,
        ...(options.options === undefined ? {} : { options: options.options }),
        courses: courseRoles((await admin.state()).courses),
        close: portal.close,
      };
    },
    reset: () => need().reset(),
    setSeats: (id, seats) => need().setSeats(id, seats),
    expireSession: () => need().expireSessions(),
    fault: (fault, extra) => need().fault('all', fault, extra),
    limitHolds: (max) => need().config({ maxCartItems: max }),
    async dropHold(orderId) {
      const response = await fetch(`${root}/__admin/cancel-order`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orderId }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`POST /__admin/cancel-order answered ${response.status}`);
    },
    async truth() {
      const state = await need().state();
      const unpaid = state.orders.filter((o) => o.status === 'pending_payment');
      return {
        seats: Object.fromEntries(state.courses.map((c) => [c.id, c.seats])),
        holds: unpaid.map((o) => ({
          ...(o.orderId ? { id: o.orderId } : {}),
          courseId: o.courseId,
          studentId: o.studentId,
        })),
        // Paid and cancelled orders are not holds; this flow never submits orders itself.
        orders: state.orders.filter((o) => o.status !== 'pending_payment'),
      };
    },
  };
}
