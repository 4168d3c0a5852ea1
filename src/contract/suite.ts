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
import { parseFlowOptions } from '../flow/options.js';
import { type Flow, type FlowContext, holdKindOf } from '../flow/types.js';
import { type AdminRoutesPortal, classicFixture } from './fixtures.js';
import { type CourseRoles, type FlowFixture, NO_SUCH_COURSE, type RunningFixture } from './portal.js';

export { classicFixture, courseRoles, spaFixture } from './fixtures.js';
export { legacyFixture } from './legacy-fixture.js';
export type { CourseRoles, FixtureFault, FlowFixture, PortalTruth, RunningFixture } from './portal.js';
export { NO_SUCH_COURSE } from './portal.js';
export { HOLDS_ENV, type ReadOnlyOptions, type ReadOnlyTarget, testFlowReadOnly } from './read-only.js';

/** The shape testFlow took before fixtures: a portal serving the classic `/__admin/` routes. */
export type ContractPortalFactory = Parameters<typeof classicFixture>[0];
/** @deprecated the classic demo portal's shape; a fixture's start() returns a RunningFixture. */
export type ContractPortal = AdminRoutesPortal;

/** What a check needs of the flow or the fixture; `probe` asks again when the suite runs. */
interface Need {
  ok: boolean;
  why: string;
  probe: () => boolean;
}

/**
 * One check and what it needs. A check whose needs are missing does not run; it is named, with the
 * reason, in the suite's "not applicable" test, which asserts that the ability really is missing.
 */
function checker(notApplicable: { name: string; needs: Need[] }[]) {
  return (name: string, needs: Need[], fn: () => Promise<void>): void => {
    const missing = needs.filter((n) => !n.ok);
    if (missing.length > 0) notApplicable.push({ name, needs: missing });
    else it(name, fn);
  };
}

/**
 * The flow contract suite: registers vitest tests that run `flow` in real Chromium against a portal
 * driven through `fixture` and check what every flow must do (docs: DESIGN.md "Flow contract").
 * Checks that need an ability the flow or the fixture lacks (hold, release, confirm, faults, a cart
 * limit) are skipped by name with the reason. Give the flow a short request timeout: one check makes
 * the portal hang. A fixture of the classic shape (`{ start, login, child }`, `/__admin/` routes) is
 * wrapped in classicFixture.
 */
export function testFlow(flow: Flow, given: FlowFixture | ContractPortalFactory): void {
  const fixture: FlowFixture = 'truth' in given ? given : classicFixture(given);
  const need = (probe: () => boolean, why: string): Need => ({ ok: probe(), why, probe });
  const can = {
    hold: need(() => Boolean(flow.hold && flow.listHolds), `flow "${flow.name}" has no hold/listHolds`),
    release: need(
      () => holdKindOf(flow).release,
      `flow "${flow.name}" ${flow.release ? 'declares its holds cannot be released' : 'has no release'}`,
    ),
    confirm: need(() => Boolean(flow.confirm), `flow "${flow.name}" has no confirm`),
    fault: need(() => Boolean(fixture.fault), 'the fixture has no fault()'),
    limit: need(() => Boolean(fixture.limitHolds), 'the fixture has no limitHolds()'),
    drop: need(() => Boolean(fixture.dropHold), 'the fixture has no dropHold()'),
    noExpiry: need(() => !holdKindOf(flow).expires, `flow "${flow.name}" declares expiring holds`),
  };
  const notApplicable: { name: string; needs: Need[] }[] = [];
  const check = checker(notApplicable);
  const fault = (...args: Parameters<NonNullable<FlowFixture['fault']>>) => {
    if (!fixture.fault) throw new Error('the fixture has no fault()');
    return fixture.fault(...args);
  };

  describe(`flow contract: ${flow.name}`, () => {
    let running: RunningFixture | undefined;
    let options: unknown;
    let browser: Browser | undefined;
    let ctx: OwnedFlowContext;
    let roles: CourseRoles;
    const courses = {
      get a() {
        return roles.open[0];
      },
      get b() {
        return roles.open[1];
      },
      get closed() {
        return roles.closed;
      },
      get lottery() {
        return roles.lottery;
      },
    };

    async function freshContext(): Promise<OwnedFlowContext> {
      if (!browser || !running) throw new Error('the contract suite did not start');
      const context = await newContext(browser, { baseURL: running.url });
      return createFlowContext({ context, baseUrl: running.url, accountId: 'contract', options });
    }

    async function closeContext(target: OwnedFlowContext): Promise<void> {
      await target.close();
      await target.context.close();
    }

    async function logIn(target: FlowContext): Promise<void> {
      if (typeof fixture.login === 'function') return fixture.login(target);
      if (!flow.login) throw new Error(`flow "${flow.name}" has no login(): give testFlow a login helper`);
      await flow.login(target, fixture.login);
    }

    /** Back to the seed, and a browser context that forgot every cookie and localStorage entry. */
    async function resetAll(): Promise<void> {
      await fixture.reset();
      // A page still waiting on a hung portal would hold up the storage reset: stop it first.
      for (const page of ctx.context.pages()) await page.goto('about:blank').catch(() => {});
      await ctx.context.setStorageState({ cookies: [], origins: [] });
      await logIn(ctx);
    }

    const truth = () => fixture.truth();
    const holdsOf = async (courseId: string) =>
      (await truth()).holds.filter((h) => h.courseId === courseId && h.studentId === fixture.child.studentId);
    const seatsOf = async (courseId: string) => (await truth()).seats[courseId];

    beforeAll(async () => {
      running = await fixture.start();
      roles = running.courses;
      options = parseFlowOptions(flow, running.options, 'the contract fixture');
      browser = await (fixture.launch ?? (() => launchBrowser()))();
      // One context for the whole suite: a new page per test would double its run time.
      ctx = await freshContext();
    });

    afterAll(async () => {
      if (ctx) await closeContext(ctx);
      await browser?.close();
      await running?.close();
    });

    beforeEach(resetAll);

    describe('session', () => {
      it('checkSession says ok for a logged-in context', async () => {
        await expect(flow.checkSession(ctx)).resolves.toBe('ok');
        await expect(flow.isLoggedIn(ctx)).resolves.toBe(true);
      });

      it('checkSession says expired once the portal drops the session', async () => {
        await fixture.expireSession();
        await expect(flow.checkSession(ctx)).resolves.toBe('expired');
        await expect(flow.isLoggedIn(ctx)).resolves.toBe(false);
      });

      it('loginUrl is an absolute URL on the portal', () => {
        expect(flow.loginUrl(ctx).startsWith(ctx.baseUrl)).toBe(true);
      });
    });

    describe('observe', () => {
      it('returns one observation per course, in request order, with the right state', async () => {
        await fixture.setSeats(courses.a, 2);
        await fixture.setSeats(courses.b, 0);
        await fixture.setSeats(courses.closed, 3);
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
        await fixture.setSeats(courses.a, 0);
        const before = await flow.observe(ctx, [{ id: courses.a }]);
        await fixture.setSeats(courses.a, 1);
        const after = await flow.observe(ctx, [{ id: courses.a }]);
        expect([before[0]?.state, after[0]?.state, after[0]?.seats]).toEqual(['full', 'open', 1]);
      });

      it('answers an empty request with an empty list', async () => {
        await expect(flow.observe(ctx, [])).resolves.toEqual([]);
      });

      check('still answers when the portal is slow but within the timeout', [can.fault], async () => {
        await fault('slow', { delayMs: 200 });
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
          options,
          signal: controller.signal,
        });
        await expect(flow.observe(cancelled, [{ id: courses.a }])).rejects.toThrow(PortalUnavailableError);
        await cancelled.close();
      });
    });

    describe('failures are typed, never read as seats', () => {
      check('HTTP 500 → PortalUnavailableError', [can.fault], async () => {
        await fault('500');
        await expect(flow.observe(ctx, [{ id: courses.a }])).rejects.toThrow(PortalUnavailableError);
      });

      check(
        "a portal that never answers → PortalUnavailableError after the flow's timeout",
        [can.fault],
        async () => {
          await fault('hang');
          await expect(flow.observe(ctx, [{ id: courses.a }])).rejects.toThrow(PortalUnavailableError);
        },
      );

      check("HTTP 429 → RateLimitedError carrying the portal's Retry-After in ms", [can.fault], async () => {
        await fault('429', { retryAfterSeconds: 7 });
        const failure = await flow.observe(ctx, [{ id: courses.a }]).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(RateLimitedError);
        expect((failure as RateLimitedError).retryAfterMs).toBe(7000);
      });

      check(
        'changed markup or JSON fields → PortalChangedError, not "0 seats" or "full"',
        [can.fault],
        async () => {
          await fault('redesign');
          await expect(flow.observe(ctx, [{ id: courses.a }, { id: courses.b }])).rejects.toThrow(
            PortalChangedError,
          );
        },
      );

      // A flow over a public catalogue may observe without a login: the cycle then asks
      // checkSession, so only a flow that says its observe proves the login must throw here.
      it('an expired session → SessionExpiredError (observe, when it proves the login; checkSession)', async () => {
        await fixture.expireSession();
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

    describe('holds', () => {
      const hold = (...args: Parameters<NonNullable<Flow['hold']>>) => flow.hold!(...args);
      const listHolds = (target: FlowContext) => flow.listHolds!(target);
      const child = fixture.child;

      check('hold is idempotent: asked twice, one hold and one seat taken', [can.hold], async () => {
        await fixture.setSeats(courses.a, 2);
        const first = await hold(ctx, { id: courses.a }, child);
        const second = await hold(ctx, { id: courses.a }, child);
        expect(second.id).toBe(first.id);
        expect(first).toMatchObject({ courseId: courses.a, studentId: child.studentId });
        expect(await holdsOf(courses.a)).toHaveLength(1);
        expect(await seatsOf(courses.a)).toBe(1);
      });

      check('listHolds proves the hold', [can.hold], async () => {
        await fixture.setSeats(courses.a, 1);
        const made = await hold(ctx, { id: courses.a }, child);
        expect((await listHolds(ctx)).map((h) => h.id)).toContain(made.id);
      });

      check('hold of a full course is refused with reason no_seats', [can.hold], async () => {
        await fixture.setSeats(courses.a, 0);
        const failure = await hold(ctx, { id: courses.a }, child).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(ActionRefusedError);
        expect((failure as ActionRefusedError).reason).toBe('no_seats');
        expect(await holdsOf(courses.a)).toHaveLength(0);
      });

      check(
        'hold beyond the cart limit is refused with reason cart_full',
        [can.hold, can.limit],
        async () => {
          await fixture.limitHolds?.(1);
          await fixture.setSeats(courses.a, 1);
          await fixture.setSeats(courses.b, 1);
          await hold(ctx, { id: courses.a }, child);
          const failure = await hold(ctx, { id: courses.b }, child).catch((error: unknown) => error);
          expect(failure).toBeInstanceOf(ActionRefusedError);
          expect((failure as ActionRefusedError).reason).toBe('cart_full');
        },
      );

      check('hold with an expired session → SessionExpiredError, nothing held', [can.hold], async () => {
        await fixture.setSeats(courses.a, 1);
        await fixture.expireSession();
        await expect(hold(ctx, { id: courses.a }, child)).rejects.toThrow(SessionExpiredError);
        expect(await holdsOf(courses.a)).toHaveLength(0);
      });

      check('a hold that never expires says so: expiresAt null', [can.hold, can.noExpiry], async () => {
        await fixture.setSeats(courses.a, 1);
        const made = await hold(ctx, { id: courses.a }, child);
        expect(made.expiresAt).toBeNull();
        expect((await listHolds(ctx)).find((h) => h.id === made.id)?.expiresAt).toBeNull();
      });

      check(
        'a hold the portal ended by itself is no longer listed, and its seat is free',
        [can.hold, can.drop],
        async () => {
          await fixture.setSeats(courses.a, 1);
          const made = await hold(ctx, { id: courses.a }, child);
          await fixture.dropHold?.(made.id);
          expect((await listHolds(ctx)).map((h) => h.id)).not.toContain(made.id);
          expect(await holdsOf(courses.a)).toHaveLength(0);
          expect(await seatsOf(courses.a)).toBe(1);
        },
      );

      check(
        'release returns the seat, and releasing again is not an error',
        [can.hold, can.release],
        async () => {
          await fixture.setSeats(courses.a, 1);
          const made = await hold(ctx, { id: courses.a }, child);
          expect(await seatsOf(courses.a)).toBe(0);
          await flow.release!(ctx, made);
          await flow.release!(ctx, made);
          expect(await holdsOf(courses.a)).toHaveLength(0);
          expect(await seatsOf(courses.a)).toBe(1);
          expect((await listHolds(ctx)).map((h) => h.id)).not.toContain(made.id);
        },
      );

      check(
        'confirm turns the hold into one order pending payment, also when repeated',
        [can.hold, can.confirm],
        async () => {
          await fixture.setSeats(courses.a, 1);
          const made = await hold(ctx, { id: courses.a }, child);
          const order = await flow.confirm!(ctx, made);
          const again = await flow.confirm!(ctx, made);
          expect(order).toMatchObject({ courseId: courses.a, status: 'pending_payment' });
          expect(again.id).toBe(order.id);
          const orders = (await truth()).orders.filter(
            (o) => o.courseId === courses.a && o.studentId === child.studentId,
          );
          expect(orders.map((o) => o.status)).toEqual(['pending_payment']);
          expect(await holdsOf(courses.a)).toHaveLength(0);
          if (flow.listOrders) expect((await flow.listOrders(ctx)).map((o) => o.id)).toContain(order.id);
        },
      );

      check('confirm of a hold that is gone is refused', [can.hold, can.confirm], async () => {
        await fixture.setSeats(courses.a, 1);
        const made = await hold(ctx, { id: courses.a }, child);
        await resetAll();
        await expect(flow.confirm!(ctx, made)).rejects.toThrow(ActionRefusedError);
      });
    });

    // Registered last, once the checks above have said what they need: the report names each check
    // that does not apply, with the reason, and this asserts the ability really is missing.
    const list = notApplicable.map((c) => `${c.name} (${c.needs.map((n) => n.why).join('; ')})`);
    if (list.length > 0) {
      it(`not applicable to this flow: ${list.join(' · ')}`, () => {
        for (const { name, needs } of notApplicable) {
          for (const n of needs) expect(n.probe(), `${name}: ${n.why}`).toBe(false);
        }
      });
    }
  });
}
