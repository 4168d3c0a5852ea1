import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../browser/launch.js';
import {
  ActionRefusedError,
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../core/errors.js';
import { createFlowContext, type OwnedFlowContext } from '../flow/context.js';
import type { Flow, FlowContext } from '../flow/types.js';
import { type ContractPortal, type ContractPortalFactory, NO_SUCH_COURSE, pickCourses } from './portal.js';
import { type PortalAdmin, portalAdmin } from './portal-admin.js';

export type { ContractPortal, ContractPortalFactory } from './portal.js';

/**
 * The flow contract suite: registers vitest tests that run `flow` in real Chromium against a fake
 * portal and check what every flow must do (docs: DESIGN.md "Flow contract"). Optional steps are
 * tested when the flow has them. Give the flow a short request timeout: one test makes the portal hang.
 */
export function testFlow(flow: Flow, portal: ContractPortalFactory): void {
  describe(`flow contract: ${flow.name}`, () => {
    let running: ContractPortal | undefined;
    let admin: PortalAdmin;
    let browser: Browser | undefined;
    let ctx: OwnedFlowContext;
    let courses: ReturnType<typeof pickCourses>;

    async function freshContext(): Promise<OwnedFlowContext> {
      if (!browser || !running) throw new Error('the contract suite did not start');
      const context = await newContext(browser, { baseURL: running.url });
      return createFlowContext({ context, baseUrl: running.url, accountId: 'contract' });
    }

    async function closeContext(target: OwnedFlowContext): Promise<void> {
      await target.close();
      await target.context.close();
    }

    async function logIn(target: FlowContext): Promise<void> {
      if (typeof portal.login === 'function') return portal.login(target);
      if (!flow.login) throw new Error(`flow "${flow.name}" has no login(): give testFlow a login helper`);
      await flow.login(target, portal.login);
    }

    beforeAll(async () => {
      running = await portal.start();
      admin = portalAdmin(running.url);
      browser = await (portal.launch ?? (() => launchBrowser()))();
      await admin.reset();
      courses = pickCourses(await admin.state());
      // One context for the whole suite: a new page per test would double its run time.
      ctx = await freshContext();
    });

    afterAll(async () => {
      if (ctx) await closeContext(ctx);
      await browser?.close();
      await running?.close();
    });

    beforeEach(async () => {
      await admin.reset();
      await ctx.context.clearCookies();
      await logIn(ctx);
    });

    describe('session', () => {
      it('checkSession says ok for a logged-in context', async () => {
        await expect(flow.checkSession(ctx)).resolves.toBe('ok');
        await expect(flow.isLoggedIn(ctx)).resolves.toBe(true);
      });

      it('checkSession says expired once the portal drops the session', async () => {
        await admin.expireSessions();
        await expect(flow.checkSession(ctx)).resolves.toBe('expired');
        await expect(flow.isLoggedIn(ctx)).resolves.toBe(false);
      });

      it('loginUrl is an absolute URL on the portal', () => {
        expect(flow.loginUrl(ctx).startsWith(ctx.baseUrl)).toBe(true);
      });
    });

    describe('observe', () => {
      it('returns one observation per course, in request order, with the right state', async () => {
        await admin.setSeats(courses.a, 2);
        await admin.setSeats(courses.b, 0);
        await admin.setSeats(courses.closed, 3);
        const ids = [courses.closed, NO_SUCH_COURSE, courses.a, courses.b];
        if (courses.lottery) ids.push(courses.lottery);
        const seen = await flow.observe(
          ctx,
          ids.map((id) => ({ id })),
        );
        expect(seen.map((o) => o.courseId)).toEqual(ids);
        expect(seen.map((o) => o.state)).toEqual([
          'closed',
          'not_found',
          'open',
          'full',
          ...(courses.lottery ? ['closed'] : []),
        ]);
        expect(seen[2]?.seats).toBe(2);
        expect(seen[3]?.seats).toBe(0);
        if (courses.lottery) expect(seen[4]?.phase ?? 'lottery').toBe('lottery');
        for (const o of seen) expect(o.url.startsWith(ctx.baseUrl)).toBe(true);
      });

      it('sees a freed seat on the next observe', async () => {
        await admin.setSeats(courses.a, 0);
        const before = await flow.observe(ctx, [{ id: courses.a }]);
        await admin.setSeats(courses.a, 1);
        const after = await flow.observe(ctx, [{ id: courses.a }]);
        expect([before[0]?.state, after[0]?.state, after[0]?.seats]).toEqual(['full', 'open', 1]);
      });

      it('answers an empty request with an empty list', async () => {
        await expect(flow.observe(ctx, [])).resolves.toEqual([]);
      });

      it('still answers when the portal is slow but within the timeout', async () => {
        await admin.fault('all', 'slow', { delayMs: 200 });
        const seen = await flow.observe(ctx, [{ id: courses.a }]);
        expect(seen.map((o) => o.courseId)).toEqual([courses.a]);
      });

      it('rejects without reading when the check is already cancelled', async () => {
        const controller = new AbortController();
        controller.abort();
        const cancelled = createFlowContext({
          context: ctx.context,
          baseUrl: ctx.baseUrl,
          accountId: ctx.accountId,
          signal: controller.signal,
        });
        await expect(flow.observe(cancelled, [{ id: courses.a }])).rejects.toThrow(PortalUnavailableError);
        await cancelled.close();
      });
    });

    describe('failures are typed, never read as seats', () => {
      it('HTTP 500 → PortalUnavailableError', async () => {
        await admin.fault('all', '500');
        await expect(flow.observe(ctx, [{ id: courses.a }])).rejects.toThrow(PortalUnavailableError);
      });

      it("a portal that never answers → PortalUnavailableError after the flow's timeout", async () => {
        await admin.fault('all', 'hang');
        await expect(flow.observe(ctx, [{ id: courses.a }])).rejects.toThrow(PortalUnavailableError);
      });

      it("HTTP 429 → RateLimitedError carrying the portal's Retry-After in ms", async () => {
        await admin.fault('all', '429', { retryAfterSeconds: 7 });
        const failure = await flow.observe(ctx, [{ id: courses.a }]).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(RateLimitedError);
        expect((failure as RateLimitedError).retryAfterMs).toBe(7000);
      });

      it('changed markup or JSON fields → PortalChangedError, not "0 seats" or "full"', async () => {
        await admin.fault('all', 'redesign');
        await expect(flow.observe(ctx, [{ id: courses.a }, { id: courses.b }])).rejects.toThrow(
          PortalChangedError,
        );
      });

      // A flow over a public catalogue may observe without a login: the cycle then asks
      // checkSession, so only a flow that says its observe proves the login must throw here.
      it('an expired session → SessionExpiredError (observe, when it proves the login; checkSession)', async () => {
        await admin.expireSessions();
        await expect(flow.checkSession(ctx)).resolves.toBe('expired');
        if (flow.observeProvesLogin === true) {
          await expect(flow.observe(ctx, [{ id: courses.a }])).rejects.toThrow(SessionExpiredError);
        }
      });

      it('a context that never logged in → SessionExpiredError', async () => {
        const stranger = await freshContext();
        try {
          await expect(flow.checkSession(stranger)).resolves.toBe('expired');
          if (flow.observeProvesLogin === true) {
            await expect(flow.observe(stranger, [{ id: courses.a }])).rejects.toThrow(SessionExpiredError);
          }
        } finally {
          await closeContext(stranger);
        }
      });
    });

    const { hold, listHolds, release, confirm, listOrders } = flow;
    if (!hold || !listHolds) return;

    describe('holds', () => {
      const cartOf = async (courseId: string) =>
        (await admin.state()).carts.filter(
          (i) => i.courseId === courseId && i.studentId === portal.child.studentId,
        );
      const seatsOf = async (courseId: string) =>
        (await admin.state()).courses.find((c) => c.id === courseId)?.seats;

      it('hold is idempotent: asked twice, one cart item and one seat taken', async () => {
        await admin.setSeats(courses.a, 2);
        const first = await hold(ctx, { id: courses.a }, portal.child);
        const second = await hold(ctx, { id: courses.a }, portal.child);
        expect(second.id).toBe(first.id);
        expect(first).toMatchObject({ courseId: courses.a, studentId: portal.child.studentId });
        expect(await cartOf(courses.a)).toHaveLength(1);
        expect(await seatsOf(courses.a)).toBe(1);
      });

      it('listHolds proves the hold', async () => {
        await admin.setSeats(courses.a, 1);
        const made = await hold(ctx, { id: courses.a }, portal.child);
        const listed = await listHolds(ctx);
        expect(listed.map((h) => h.id)).toContain(made.id);
      });

      it('hold of a full course is refused with reason no_seats', async () => {
        await admin.setSeats(courses.a, 0);
        const failure = await hold(ctx, { id: courses.a }, portal.child).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ActionRefusedError);
        expect((failure as ActionRefusedError).reason).toBe('no_seats');
        expect(await cartOf(courses.a)).toHaveLength(0);
      });

      it('hold beyond the cart limit is refused with reason cart_full', async () => {
        await admin.config({ maxCartItems: 1 });
        await admin.setSeats(courses.a, 1);
        await admin.setSeats(courses.b, 1);
        await hold(ctx, { id: courses.a }, portal.child);
        const failure = await hold(ctx, { id: courses.b }, portal.child).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ActionRefusedError);
        expect((failure as ActionRefusedError).reason).toBe('cart_full');
      });

      it('hold with an expired session → SessionExpiredError, nothing held', async () => {
        await admin.setSeats(courses.a, 1);
        await admin.expireSessions();
        await expect(hold(ctx, { id: courses.a }, portal.child)).rejects.toThrow(SessionExpiredError);
        expect(await cartOf(courses.a)).toHaveLength(0);
      });

      if (release) {
        it('release returns the seat, and releasing again is not an error', async () => {
          await admin.setSeats(courses.a, 1);
          const made = await hold(ctx, { id: courses.a }, portal.child);
          expect(await seatsOf(courses.a)).toBe(0);
          await release(ctx, made);
          await release(ctx, made);
          expect(await cartOf(courses.a)).toHaveLength(0);
          expect(await seatsOf(courses.a)).toBe(1);
          expect((await listHolds(ctx)).map((h) => h.id)).not.toContain(made.id);
        });
      }

      if (confirm) {
        it('confirm turns the hold into one order pending payment, also when repeated', async () => {
          await admin.setSeats(courses.a, 1);
          const made = await hold(ctx, { id: courses.a }, portal.child);
          const order = await confirm(ctx, made);
          const again = await confirm(ctx, made);
          expect(order).toMatchObject({ courseId: courses.a, status: 'pending_payment' });
          expect(again.id).toBe(order.id);
          const state = await admin.state();
          const orders = state.orders.filter(
            (o) => o.courseId === courses.a && o.studentId === portal.child.studentId,
          );
          expect(orders.map((o) => o.status)).toEqual(['pending_payment']);
          expect(await cartOf(courses.a)).toHaveLength(0);
          if (listOrders) expect((await listOrders(ctx)).map((o) => o.id)).toContain(order.id);
        });

        it('confirm of a hold that is gone is refused', async () => {
          await admin.setSeats(courses.a, 1);
          const made = await hold(ctx, { id: courses.a }, portal.child);
          await admin.reset();
          await logIn(ctx);
          await expect(confirm(ctx, made)).rejects.toThrow(ActionRefusedError);
        });
      }
    });
  });
}
