import {
  ActionRefusedError,
  type Child,
  type CourseRef,
  type FlowContext,
  type Hold,
  type JsonClient,
  jsonClient,
  type Order,
  SessionExpiredError,
  unexpectedAnswer,
  z,
} from '../../src/flow/public.js';
import type { StepOptions } from './api.js';
import { noticeAware } from './unavailable.js';

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

function api(ctx: FlowContext, options: StepOptions): JsonClient {
  return noticeAware(jsonClient(ctx, { timeoutMs: options.timeoutMs }));
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
  return (await api(ctx, options).get('/api/session', sessionAnswer)).csrfToken;
}

async function write(
  ctx: FlowContext,
  method: 'POST' | 'DELETE',
  path: string,
  data: unknown,
  options: StepOptions,
) {
  const token = await csrfToken(ctx, options);
  return api(ctx, options).request(method, path, {
    headers: { 'X-CSRF-Token': token },
    ...(data === undefined ? {} : { data }),
  });
}

export async function listHolds(ctx: FlowContext, options: StepOptions): Promise<Hold[]> {
  return (await api(ctx, options).get('/api/cart', cartAnswer)).items.map(toHold);
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
  const answer = await write(
    ctx,
    'POST',
    '/api/cart',
    { courseId: course.id, studentId: child.studentId },
    options,
  );
  const { status, errorCode: code } = answer;
  if (status === 200 || status === 201) return toHold(answer.parse(itemAnswer).item);
  // Another run added it between our look in the cart and the POST.
  if (status === 409 && code === 'already_in_cart') return toHold(answer.parse(itemAnswer).item);
  if ((status === 409 || status === 404 || status === 400) && code) {
    throw new ActionRefusedError(
      `the portal refused to put ${course.id} in the cart for ${child.name} (${code})`,
      code,
    );
  }
  throw unexpectedAnswer(answer);
}

export async function listOrders(ctx: FlowContext, options: StepOptions): Promise<Order[]> {
  return (await api(ctx, options).get('/api/orders', ordersAnswer)).orders.map(toOrder);
}

/** The cart item becomes an order pending payment; confirming twice returns the same order. */
export async function confirm(ctx: FlowContext, held: Hold, options: StepOptions): Promise<Order> {
  const answer = await write(ctx, 'POST', '/api/orders', { itemId: held.id }, options);
  const { status, errorCode: code } = answer;
  if (status === 200 || status === 201) return toOrder(answer.parse(orderAnswer).order);
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
  if (status === 409 && code) {
    throw new ActionRefusedError(`the portal refused to order ${held.courseId} (${code})`, code);
  }
  throw unexpectedAnswer(answer);
}

/** Gives the seat back; an item that is already gone is fine. */
export async function release(ctx: FlowContext, held: Hold, options: StepOptions): Promise<void> {
  const answer = await write(ctx, 'DELETE', `/api/cart/${encodeURIComponent(held.id)}`, undefined, options);
  if (answer.status === 204 || answer.status === 200 || answer.status === 404) return;
  throw unexpectedAnswer(answer);
}
