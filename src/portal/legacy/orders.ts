/**
 * Pre-registrations (预报名) of the legacy style: an unpaid order takes its seat at once and keeps it until
 * its payment deadline (`holdSeconds` after it was made); unpaid by then, the portal cancels it and the
 * seat returns. Payment happens only in the official app (the admin route `pay` stands in for it). At most
 * `maxCartItems` courses per student (unpaid and paid orders count). Synchronous, like the classic store,
 * so two families racing for the last seat cannot both win.
 */
import type { PortalSettings } from '../config.js';
import type { PortalStore } from '../store.js';

export type PreRegistrationStatus = 'pending_payment' | 'cancelled' | 'paid';
/** Who ended an order: the deadline passed, the parent cancelled it, or the organiser did. */
export type CancelReason = 'timeout' | 'user' | 'admin';

export interface PreRegistration {
  orderId: string;
  username: string;
  courseId: string;
  studentId: string;
  status: PreRegistrationStatus;
  createdAtMs: number;
  deadlineMs: number;
  cancelledAtMs?: number;
  cancelReason?: CancelReason;
}

export type PreRegisterResult =
  | { ok: true; order: PreRegistration }
  | { ok: false; error: 'already'; order: PreRegistration }
  | { ok: false; error: 'not_found' | 'not_open' | 'limit' | 'full' };

export function createPreRegistrations(
  store: PortalStore,
  settings: PortalSettings,
  log: (line: string) => void = () => {},
  now: () => number = Date.now,
) {
  let orders = new Map<string, PreRegistration>();
  let next = 1;

  function cancel(order: PreRegistration, reason: CancelReason): void {
    order.status = 'cancelled';
    order.cancelledAtMs = now();
    order.cancelReason = reason;
    store.returnSeat(order.courseId);
  }

  /** Cancels the unpaid orders past their deadline; their seats return. */
  function sweep(): PreRegistration[] {
    const at = now();
    const late = [...orders.values()].filter((o) => o.status === 'pending_payment' && o.deadlineMs <= at);
    for (const order of late) {
      cancel(order, 'timeout');
      log(
        `portal: pre-registration ${order.orderId} (${order.courseId}) unpaid at its deadline, cancelled; seat returned`,
      );
    }
    return late;
  }

  function list(username?: string): PreRegistration[] {
    sweep();
    return [...orders.values()].filter((o) => username === undefined || o.username === username);
  }

  function preRegister(username: string, courseId: string, studentId: string): PreRegisterResult {
    sweep();
    const course = store.getCourse(courseId);
    if (!course) return { ok: false, error: 'not_found' };
    const live = [...orders.values()].filter((o) => o.studentId === studentId && o.status !== 'cancelled');
    const already = live.find((o) => o.courseId === courseId);
    if (already) return { ok: false, error: 'already', order: already };
    if (course.phase !== 'open') return { ok: false, error: 'not_open' };
    if (live.length >= settings.maxCartItems) return { ok: false, error: 'limit' };
    if (!store.takeSeat(courseId)) return { ok: false, error: 'full' };
    const createdAtMs = now();
    const order: PreRegistration = {
      orderId: `YB${String(next++).padStart(6, '0')}`,
      username,
      courseId,
      studentId,
      status: 'pending_payment',
      createdAtMs,
      deadlineMs: createdAtMs + settings.holdSeconds * 1000,
    };
    orders.set(order.orderId, order);
    return { ok: true, order };
  }

  /** The parent cancels an unpaid order (or the organiser any unpaid one: `username` undefined). */
  function cancelOrder(username: string | undefined, orderId: string): PreRegistration | undefined {
    sweep();
    const order = orders.get(orderId);
    if (!order || (username !== undefined && order.username !== username)) return undefined;
    if (order.status === 'pending_payment') cancel(order, username === undefined ? 'admin' : 'user');
    return order;
  }

  /** Paid in the official app (the admin route's stand-in): the seat is the family's for good. */
  function pay(orderId: string): PreRegistration | undefined {
    sweep();
    const order = orders.get(orderId);
    if (order?.status === 'pending_payment') order.status = 'paid';
    return order;
  }

  return {
    sweep,
    list,
    get: (orderId: string) => {
      sweep();
      return orders.get(orderId);
    },
    preRegister,
    cancelOrder,
    pay,
    reset(): void {
      orders = new Map();
      next = 1;
    },
  };
}

export type PreRegistrations = ReturnType<typeof createPreRegistrations>;
