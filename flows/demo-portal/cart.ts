import { z } from 'zod';
import { ActionRefusedError, PortalChangedError, SessionExpiredError } from '../../src/core/errors.js';
import type { Child, CourseRef, Hold, Order } from '../../src/core/types.js';
import { errorCode, portalFetch, readJson } from '../../src/flow/http.js';
import type { FlowContext } from '../../src/flow/types.js';
import { parseAnswer, type StepOptions } from './api.js';

const sessionAnswer = z.object({
  user: z.object({ username: z.string().optional(), name: z.string().optional() }),
  csrfToken: z.string().min(1),
});

const cartItem = z.object({
  itemId: z.string().min(1),
  courseId: z.string(),
  studentId: z.string(),
  heldAt: z.string(),
  expiresAt: z.string().nullable().optional(),
});
const cartAnswer = z.object({ items: z.array(cartItem) });
const itemAnswer = z.object({ item: cartItem });

const order = z.object({
  orderId: z.string().min(1),
  courseId: z.string(),
  studentId: z.string(),
  status: z.enum(['pending_payment', 'paid', 'cancelled']),
  createdAt: z.string(),
});
const ordersAnswer = z.object({ orders: z.array(order) });
const orderAnswer = z.object({ order });

function toHold(item: z.infer<typeof cartItem>): Hold {
  return {
    id: item.itemId,
    courseId: item.courseId,
    studentId: item.studentId,
    heldAt: item.heldAt,
    expiresAt: item.expiresAt ?? null,
  };
}

function toOrder(o: z.infer<typeof order>): Order {
  return {
    id: o.orderId,
    courseId: o.courseId,
    studentId: o.studentId,
    status: o.status,
    createdAt: o.createdAt,
  };
}

function unexpected(label: string, status: number, body: unknown): PortalChangedError {
  const code = errorCode(body);
  return new PortalChangedError(
    `${label} answered HTTP ${status}${code ? ` (${code})` : ''} — has the portal changed?`,
  );
}

/** 'expired' on 401 or a login redirect; other failures throw (the portal may just be down). */
export async function checkSession(ctx: FlowContext, options: StepOptions): Promise<'ok' | 'expired'> {
  try {
    await csrfToken(ctx, options);
    return 'ok';
  } catch (error) {
    if (error instanceof SessionExpiredError) return 'expired';
    throw error;
  }
}

/** The CSRF token every write needs; reading it also proves the session is alive. */
async function csrfToken(ctx: FlowContext, options: StepOptions): Promise<string> {
  const label = 'GET /api/session';
  const response = await portalFetch(ctx, '/api/session', { timeoutMs: options.timeoutMs });
  const body = await readJson(response, label);
  if (response.status() !== 200) throw unexpected(label, response.status(), body);
  return parseAnswer(sessionAnswer, body, label).csrfToken;
}

async function write(
  ctx: FlowContext,
  method: 'POST' | 'DELETE',
  path: string,
  data: unknown,
  options: StepOptions,
) {
  const token = await csrfToken(ctx, options);
  return portalFetch(ctx, path, {
    method,
    timeoutMs: options.timeoutMs,
    headers: { 'X-CSRF-Token': token },
    ...(data === undefined ? {} : { data }),
  });
}

export async function listHolds(ctx: FlowContext, options: StepOptions): Promise<Hold[]> {
  const label = 'GET /api/cart';
  const response = await portalFetch(ctx, '/api/cart', { timeoutMs: options.timeoutMs });
  const body = await readJson(response, label);
  if (response.status() !== 200) throw unexpected(label, response.status(), body);
  return parseAnswer(cartAnswer, body, label).items.map(toHold);
}

/** Idempotent: an item already in the cart for this course and student is the hold. */
export async function hold(
  ctx: FlowContext,
  course: CourseRef,
  child: Child,
  options: StepOptions,
): Promise<Hold> {
  // The demo portal's parent account has several students: each hold names one.
  if (!child.studentId) {
    throw new ActionRefusedError(
      `the demo portal needs the studentId of ${child.name} (children[].studentId in the config, e.g. S001)`,
      'no_student',
    );
  }
  const existing = (await listHolds(ctx, options)).find(
    (h) => h.courseId === course.id && h.studentId === child.studentId,
  );
  if (existing) return existing;
  const label = 'POST /api/cart';
  const response = await write(
    ctx,
    'POST',
    '/api/cart',
    { courseId: course.id, studentId: child.studentId },
    options,
  );
  const body = await readJson(response, label);
  const status = response.status();
  if (status === 200 || status === 201) return toHold(parseAnswer(itemAnswer, body, label).item);
  const code = errorCode(body);
  // Another run added it between our look in the cart and the POST.
  if (status === 409 && code === 'already_in_cart') return toHold(parseAnswer(itemAnswer, body, label).item);
  if ((status === 409 || status === 404 || status === 400) && code) {
    throw new ActionRefusedError(
      `the portal refused to put ${course.id} in the cart for ${child.name} (${code})`,
      code,
    );
  }
  throw unexpected(label, status, body);
}

export async function listOrders(ctx: FlowContext, options: StepOptions): Promise<Order[]> {
  const label = 'GET /api/orders';
  const response = await portalFetch(ctx, '/api/orders', { timeoutMs: options.timeoutMs });
  const body = await readJson(response, label);
  if (response.status() !== 200) throw unexpected(label, response.status(), body);
  return parseAnswer(ordersAnswer, body, label).orders.map(toOrder);
}

/** The cart item becomes an order pending payment; confirming twice returns the same order. */
export async function confirm(ctx: FlowContext, held: Hold, options: StepOptions): Promise<Order> {
  const label = 'POST /api/orders';
  const response = await write(ctx, 'POST', '/api/orders', { itemId: held.id }, options);
  const body = await readJson(response, label);
  const status = response.status();
  if (status === 200 || status === 201) return toOrder(parseAnswer(orderAnswer, body, label).order);
  if (status === 404) {
    // The item is gone: either an earlier confirm already made the order, or the hold expired.
    const done = (await listOrders(ctx, options)).find(
      (o) => o.courseId === held.courseId && o.studentId === held.studentId && o.status === 'pending_payment',
    );
    if (done) return done;
    throw new ActionRefusedError(
      `the hold of ${held.courseId} is no longer in the cart (expired or released); nothing was ordered`,
      'hold_gone',
    );
  }
  const code = errorCode(body);
  if (status === 409 && code) {
    throw new ActionRefusedError(`the portal refused to order ${held.courseId} (${code})`, code);
  }
  throw unexpected(label, status, body);
}

/** Gives the seat back; an item that is already gone is fine. */
export async function release(ctx: FlowContext, held: Hold, options: StepOptions): Promise<void> {
  const label = 'DELETE /api/cart/:itemId';
  const response = await write(ctx, 'DELETE', `/api/cart/${encodeURIComponent(held.id)}`, undefined, options);
  const status = response.status();
  if (status === 204 || status === 200 || status === 404) return;
  throw unexpected(label, status, await readJson(response, label).catch(() => undefined));
}
