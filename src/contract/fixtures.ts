import type { Browser } from 'playwright';
import { z } from 'zod';
import type { Child, Credentials } from '../core/types.js';
import type { FlowContext } from '../flow/types.js';
import type { CourseRoles, FlowFixture, RunningFixture } from './portal.js';
import { type AdminState, portalAdmin } from './portal-admin.js';

/** A running portal in test mode that serves the `/__admin/` routes of docs/portal-api.md. */
export interface AdminRoutesPortal {
  /** The site (`ctx.baseUrl`). */
  url: string;
  /** Where `/__admin/` is served, when not on `url` (the spa style's API origin). */
  adminUrl?: string;
  close(): Promise<void>;
}

interface CommonOptions<P extends AdminRoutesPortal> {
  /** Starts the portal once for the suite. */
  start(): Promise<P>;
  login: Credentials | ((ctx: FlowContext) => Promise<void>);
  child: Child;
  launch?: () => Promise<Browser>;
}

/** Two open courses, a closed one and (if any) one in the lottery, from the portal's seed. */
export function courseRoles(courses: { id: string; phase: string }[]): CourseRoles {
  const inPhase = (phase: string) => courses.filter((c) => c.phase === phase).map((c) => c.id);
  const [a, b] = inPhase('open');
  const closed = inPhase('closed')[0];
  if (!a || !b || !closed) {
    throw new Error('the contract suite needs a portal seed with two courses in phase open and one closed');
  }
  const lottery = inPhase('lottery')[0];
  return { open: [a, b], closed, ...(lottery ? { lottery } : {}) };
}

const seatsOf = (state: { courses: { id: string; seats: number }[] }) =>
  Object.fromEntries(state.courses.map((c) => [c.id, c.seats]));

function leversOf(root: string) {
  const admin = portalAdmin(root);
  return {
    admin,
    reset: () => admin.reset(),
    setSeats: (courseId: string, seats: number) => admin.setSeats(courseId, seats),
    expireSession: () => admin.expireSessions(),
    fault: (fault: Parameters<typeof admin.fault>[1], extra?: Parameters<typeof admin.fault>[2]) =>
      admin.fault('all', fault, extra),
  };
}

/**
 * The classic demo portal (or a fake of yours with the same admin routes): seats, faults, the cart
 * limit, carts and orders as the truth.
 */
export function classicFixture(
  options: CommonOptions<AdminRoutesPortal> & {
    /** `portal.options` for the flow, from the started portal; default none. */
    options?: (portal: AdminRoutesPortal) => unknown;
    /**
     * Whether the portal takes `POST /__admin/config { maxCartItems }` (the demo portal does; default
     * true). A fake without it says false, and the suite's cart-limit check says "not applicable".
     */
    limitHolds?: boolean;
  },
): FlowFixture {
  let levers: ReturnType<typeof leversOf> | undefined;
  const need = () => {
    if (!levers) throw new Error('the fixture was not started');
    return levers;
  };
  return {
    login: options.login,
    child: options.child,
    ...(options.launch ? { launch: options.launch } : {}),
    async start(): Promise<RunningFixture> {
      const portal = await options.start();
      levers = leversOf(portal.adminUrl ?? portal.url);
      await levers.reset();
      return {
        url: portal.url,
        ...(options.options ? { options: options.options(portal) } : {}),
        courses: courseRoles((await levers.admin.state()).courses),
        close: portal.close,
      };
    },
    reset: () => need().reset(),
    setSeats: (id, seats) => need().setSeats(id, seats),
    expireSession: () => need().expireSession(),
    fault: (fault, extra) => need().fault(fault, extra),
    ...(options.limitHolds === false
      ? {}
      : { limitHolds: (max: number) => need().admin.config({ maxCartItems: max }) }),
    async truth() {
      const state: AdminState = await need().admin.state();
      return {
        seats: seatsOf(state),
        holds: state.carts.map((c) => ({ ...(c.itemId ? { id: c.itemId } : {}), ...c })),
        orders: state.orders.map((o) => ({ ...(o.orderId ? { id: o.orderId } : {}), ...o })),
      };
    },
  };
}

const spaState = z.object({
  courses: z.array(z.object({ id: z.string(), seats: z.number(), phase: z.string() })),
  registrations: z.array(
    z.object({ registrationId: z.string(), courseId: z.string(), studentId: z.string(), status: z.string() }),
  ),
});

/** The demo portal's spa style: registrations pending review are the holds; the organiser can reject one. */
export function spaFixture(
  options: CommonOptions<AdminRoutesPortal & { apiUrl: string }> & {
    /** `portal.options` for the flow; default `{ apiUrl }` of the started portal. */
    options?: (portal: { url: string; apiUrl: string }) => unknown;
  },
): FlowFixture {
  let root: string | undefined;
  let levers: ReturnType<typeof leversOf> | undefined;
  const need = () => {
    if (!levers || !root) throw new Error('the fixture was not started');
    return { ...levers, root };
  };
  async function post(path: string, body: object): Promise<void> {
    const response = await fetch(`${need().root}/__admin/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`POST /__admin/${path} answered ${response.status}`);
  }
  async function state() {
    const response = await fetch(`${need().root}/__admin/state`, { signal: AbortSignal.timeout(10_000) });
    return spaState.parse(await response.json());
  }
  return {
    login: options.login,
    child: options.child,
    ...(options.launch ? { launch: options.launch } : {}),
    async start(): Promise<RunningFixture> {
      const portal = await options.start();
      root = portal.adminUrl ?? portal.apiUrl;
      levers = leversOf(root);
      await levers.reset();
      return {
        url: portal.url,
        options: options.options ? options.options(portal) : { apiUrl: portal.apiUrl },
        courses: courseRoles((await state()).courses),
        close: portal.close,
      };
    },
    reset: () => need().reset(),
    setSeats: (id, seats) => need().setSeats(id, seats),
    expireSession: () => need().expireSession(),
    fault: (fault, extra) => need().fault(fault, extra),
    dropHold: (registrationId) => post('reject', { registrationId }),
    async truth() {
      const s = await state();
      const pending = s.registrations.filter((r) => r.status === 'pending_review');
      return {
        seats: seatsOf(s),
        holds: pending.map((r) => ({ id: r.registrationId, courseId: r.courseId, studentId: r.studentId })),
        orders: [],
      };
    },
  };
}
