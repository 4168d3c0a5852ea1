/**
 * In-memory state of the demo portal: courses with seat accounting, carts and orders.
 * Every operation is synchronous (check and decrement happen in one turn of the event loop), so two
 * requests racing for the last seat cannot both win. Expired holds are swept on every access; the
 * server also sweeps on a timer so seats come back even when nobody asks.
 */
import type { PortalSettings } from './config.js';
import { type CourseRecord, type Phase, seedCourses } from './seed.js';

export type CourseStatus = 'open' | 'full' | 'closed' | 'lottery';

export interface CartItem {
  itemId: string;
  username: string;
  courseId: string;
  studentId: string;
  heldAtMs: number;
  expiresAtMs: number;
}

export type OrderStatus = 'pending_payment' | 'cancelled';

export interface Order {
  orderId: string;
  username: string;
  courseId: string;
  studentId: string;
  status: OrderStatus;
  createdAtMs: number;
  cancelledAtMs?: number;
}

export type AddToCartResult =
  | { ok: true; item: CartItem }
  | { ok: false; error: 'already_in_cart'; item: CartItem }
  | { ok: false; error: 'already_ordered'; order: Order }
  | { ok: false; error: 'not_found' | 'not_open' | 'no_seats' | 'cart_full' };

export function courseStatus(course: Pick<CourseRecord, 'phase' | 'seats'>): CourseStatus {
  if (course.phase === 'lottery') return 'lottery';
  if (course.phase === 'closed') return 'closed';
  return course.seats > 0 ? 'open' : 'full';
}

export interface CourseQuery {
  category?: string;
  campus?: string;
  weekday?: number;
  q?: string;
}

export function createStore(settings: PortalSettings, now: () => number = Date.now) {
  let courses = new Map<string, CourseRecord>();
  let items = new Map<string, CartItem>();
  let orders = new Map<string, Order>();
  let nextItem = 1;
  let nextOrder = 1;

  function reset(): void {
    courses = new Map(seedCourses().map((c) => [c.id, c]));
    items = new Map();
    orders = new Map();
    nextItem = 1;
    nextOrder = 1;
  }
  reset();

  function returnSeat(courseId: string): void {
    const course = courses.get(courseId);
    if (course) course.seats = Math.min(course.capacity, course.seats + 1);
  }

  /** Gives back the seats of expired holds; returns the items that expired. */
  function sweep(): CartItem[] {
    const at = now();
    const expired = [...items.values()].filter((item) => item.expiresAtMs <= at);
    for (const item of expired) {
      items.delete(item.itemId);
      returnSeat(item.courseId);
    }
    return expired;
  }

  function getCourse(id: string): CourseRecord | undefined {
    sweep();
    return courses.get(id);
  }

  function listCourses(query: CourseQuery = {}): CourseRecord[] {
    sweep();
    const q = query.q?.trim().toLowerCase();
    return [...courses.values()].filter(
      (c) =>
        (!query.category || c.category === query.category) &&
        (!query.campus || c.campus === query.campus) &&
        (!query.weekday || c.weekday === query.weekday) &&
        (!q || [c.id, c.title, c.teacher].some((field) => field.toLowerCase().includes(q))),
    );
  }

  function cart(username: string): CartItem[] {
    sweep();
    return [...items.values()].filter((item) => item.username === username);
  }

  function addToCart(username: string, courseId: string, studentId: string): AddToCartResult {
    const course = getCourse(courseId);
    if (!course) return { ok: false, error: 'not_found' };
    const mine = cart(username);
    const held = [...items.values()].find((i) => i.courseId === courseId && i.studentId === studentId);
    if (held) return { ok: false, error: 'already_in_cart', item: held };
    const ordered = [...orders.values()].find(
      (o) => o.courseId === courseId && o.studentId === studentId && o.status === 'pending_payment',
    );
    if (ordered) return { ok: false, error: 'already_ordered', order: ordered };
    if (course.phase !== 'open') return { ok: false, error: 'not_open' };
    if (mine.length >= settings.maxCartItems) return { ok: false, error: 'cart_full' };
    if (course.seats <= 0) return { ok: false, error: 'no_seats' };
    course.seats -= 1;
    const heldAtMs = now();
    const item: CartItem = {
      itemId: `c${nextItem++}`,
      username,
      courseId,
      studentId,
      heldAtMs,
      expiresAtMs: heldAtMs + settings.holdSeconds * 1000,
    };
    items.set(item.itemId, item);
    return { ok: true, item };
  }

  function removeFromCart(username: string, itemId: string): boolean {
    sweep();
    const item = items.get(itemId);
    if (!item || item.username !== username) return false;
    items.delete(itemId);
    returnSeat(item.courseId);
    return true;
  }

  /** The cart item becomes an order pending payment; its seat stays taken. */
  function placeOrder(username: string, itemId: string): Order | undefined {
    sweep();
    const item = items.get(itemId);
    if (!item || item.username !== username) return undefined;
    items.delete(itemId);
    const order: Order = {
      orderId: `o${nextOrder++}`,
      username,
      courseId: item.courseId,
      studentId: item.studentId,
      status: 'pending_payment',
      createdAtMs: now(),
    };
    orders.set(order.orderId, order);
    return order;
  }

  /** Cancelling twice is harmless: the seat comes back once. */
  function cancelOrder(username: string, orderId: string): Order | undefined {
    sweep();
    const order = orders.get(orderId);
    if (!order || order.username !== username) return undefined;
    if (order.status === 'pending_payment') {
      order.status = 'cancelled';
      order.cancelledAtMs = now();
      returnSeat(order.courseId);
    }
    return order;
  }

  function listOrders(username: string): Order[] {
    return [...orders.values()].filter((o) => o.username === username);
  }

  /** A seat taken outside the cart (the spa style's registrations): false when none is left. */
  function takeSeat(courseId: string): boolean {
    const course = getCourse(courseId);
    if (!course || course.seats <= 0) return false;
    course.seats -= 1;
    return true;
  }

  function setSeats(courseId: string, seats: number): CourseRecord | undefined {
    const course = getCourse(courseId);
    if (course) course.seats = seats;
    return course;
  }

  /** Frees one seat on a random full course in phase open (optionally only among `courseIds`). */
  function releaseRandomSeat(
    courseIds: string[] | undefined,
    random: () => number,
  ): CourseRecord | undefined {
    const candidates = listCourses().filter(
      (c) => c.phase === 'open' && c.seats === 0 && (!courseIds || courseIds.includes(c.id)),
    );
    const course = candidates[Math.floor(random() * candidates.length)];
    if (course) course.seats += 1;
    return course;
  }

  function snapshot() {
    sweep();
    const iso = (ms: number) => new Date(ms).toISOString();
    return {
      courses: [...courses.values()].map((c) => ({
        id: c.id,
        title: c.title,
        seats: c.seats,
        capacity: c.capacity,
        phase: c.phase satisfies Phase,
        status: courseStatus(c),
      })),
      carts: [...items.values()].map((i) => ({
        itemId: i.itemId,
        username: i.username,
        courseId: i.courseId,
        studentId: i.studentId,
        heldAt: iso(i.heldAtMs),
        expiresAt: iso(i.expiresAtMs),
      })),
      orders: [...orders.values()].map((o) => ({
        orderId: o.orderId,
        username: o.username,
        courseId: o.courseId,
        studentId: o.studentId,
        status: o.status,
        createdAt: iso(o.createdAtMs),
      })),
    };
  }

  return {
    reset,
    sweep,
    getCourse,
    listCourses,
    cart,
    addToCart,
    removeFromCart,
    placeOrder,
    cancelOrder,
    listOrders,
    takeSeat,
    returnSeat,
    setSeats,
    releaseRandomSeat,
    snapshot,
  };
}

export type PortalStore = ReturnType<typeof createStore>;
export type AdminState = ReturnType<PortalStore['snapshot']>;
