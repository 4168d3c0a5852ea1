import { describe, expect, it } from 'vitest';
import {
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../core/errors.js';
import { createFlowContext } from '../flow/context.js';
import { NO_SUCH_COURSE } from './portal.js';
import type { SuiteScope } from './suite-scope.js';

/** The contract's checks of the session, of observe, and of failures typed instead of read as seats. */
export function describeObserving(s: SuiteScope): void {
  const { flow, fixture, can, check, fault, courses, freshContext, closeContext } = s;

  describe('session', () => {
    it('checkSession says ok for a logged-in context', async () => {
      await expect(flow.checkSession(s.ctx)).resolves.toBe('ok');
      await expect(flow.isLoggedIn(s.ctx)).resolves.toBe(true);
    });

    it('checkSession says expired once the portal drops the session', async () => {
      await fixture.expireSession();
      await expect(flow.checkSession(s.ctx)).resolves.toBe('expired');
      await expect(flow.isLoggedIn(s.ctx)).resolves.toBe(false);
    });

    it('loginUrl is an absolute URL on the portal', () => {
      expect(flow.loginUrl(s.ctx).startsWith(s.ctx.baseUrl)).toBe(true);
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
        s.ctx,
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
      for (const o of seen) expect(o.url.startsWith(s.ctx.baseUrl)).toBe(true);
    });

    it('sees a freed seat on the next observe', async () => {
      await fixture.setSeats(courses.a, 0);
      const before = await flow.observe(s.ctx, [{ id: courses.a }]);
      await fixture.setSeats(courses.a, 1);
      const after = await flow.observe(s.ctx, [{ id: courses.a }]);
      expect([before[0]?.state, after[0]?.state, after[0]?.seats]).toEqual(['full', 'open', 1]);
    });

    it('answers an empty request with an empty list', async () => {
      await expect(flow.observe(s.ctx, [])).resolves.toEqual([]);
    });

    check('still answers when the portal is slow but within the timeout', [can.fault], async () => {
      await fault('slow', { delayMs: 200 });
      const seen = await flow.observe(s.ctx, [{ id: courses.a }]);
      expect(seen.map((o) => o.courseId)).toEqual([courses.a]);
    });

    it('rejects without reading when the check is already cancelled', async () => {
      const controller = new AbortController();
      controller.abort();
      const cancelled = createFlowContext({
        context: s.ctx.context,
        baseUrl: s.ctx.baseUrl,
        accountId: s.ctx.accountId,
        options: s.options,
        signal: controller.signal,
      });
      await expect(flow.observe(cancelled, [{ id: courses.a }])).rejects.toThrow(PortalUnavailableError);
      await cancelled.close();
    });
  });

  describe('failures are typed, never read as seats', () => {
    check('HTTP 500 → PortalUnavailableError', [can.fault], async () => {
      await fault('500');
      await expect(flow.observe(s.ctx, [{ id: courses.a }])).rejects.toThrow(PortalUnavailableError);
    });

    check(
      "a portal that never answers → PortalUnavailableError after the flow's timeout",
      [can.fault],
      async () => {
        await fault('hang');
        await expect(flow.observe(s.ctx, [{ id: courses.a }])).rejects.toThrow(PortalUnavailableError);
      },
    );

    check("HTTP 429 → RateLimitedError carrying the portal's Retry-After in ms", [can.fault], async () => {
      await fault('429', { retryAfterSeconds: 7 });
      const failure = await flow.observe(s.ctx, [{ id: courses.a }]).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RateLimitedError);
      expect((failure as RateLimitedError).retryAfterMs).toBe(7000);
    });

    check(
      'changed markup or JSON fields → PortalChangedError, not "0 seats" or "full"',
      [can.fault],
      async () => {
        await fault('redesign');
        await expect(flow.observe(s.ctx, [{ id: courses.a }, { id: courses.b }])).rejects.toThrow(
          PortalChangedError,
        );
      },
    );

    // A flow over a public catalogue may observe without a login: the cycle then asks
    // checkSession, so only a flow that says its observe proves the login must throw here.
    it('an expired session → SessionExpiredError (observe, when it proves the login; checkSession)', async () => {
      await fixture.expireSession();
      await expect(flow.checkSession(s.ctx)).resolves.toBe('expired');
      if (flow.observeProvesLogin === true) {
        await expect(flow.observe(s.ctx, [{ id: courses.a }])).rejects.toThrow(SessionExpiredError);
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
}
