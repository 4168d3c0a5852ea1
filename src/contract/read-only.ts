import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../browser/launch.js';
import { PortalUnavailableError, SessionExpiredError } from '../core/errors.js';
import type { Observation } from '../core/types.js';
import { createFlowContext, type OwnedFlowContext } from '../flow/context.js';
import { parseFlowOptions } from '../flow/options.js';
import { type Flow, holdKindOf } from '../flow/types.js';
import { NO_SUCH_COURSE } from './portal.js';
import { HOLDS_ENV, type ReadOnlyOptions, readOnlyTarget } from './read-only-target.js';

export { HOLDS_ENV, type ReadOnlyOptions, type ReadOnlyTarget, readOnlyTarget } from './read-only-target.js';

/** A real portal over the internet: each check gets a minute, the browser two. */
const STEP_MS = 60_000;

/** What any observation must be, whatever the portal: the flow contract's invariants. */
function problemsOf(o: Observation, baseUrl: string): string[] {
  const problems: string[] = [];
  const seats = o.seats;
  if (seats !== null && !(Number.isInteger(seats) && seats >= 0)) problems.push(`seats ${seats}`);
  if (o.state === 'open' && seats === 0) problems.push('open with 0 seats');
  if (o.state === 'full' && seats !== null && seats > 0) problems.push(`full with ${seats} seats`);
  if (!['open', 'full', 'closed', 'not_found'].includes(o.state)) problems.push(`state "${o.state}"`);
  if (!o.url.startsWith(baseUrl)) problems.push(`url ${o.url} is not on ${baseUrl}`);
  return problems.map((p) => `${o.courseId}: ${p}`);
}

/**
 * The contract suite's read-only checks against the family's own portal, with the saved session of
 * one account from the family's config (docs/family-folder.md): the session check, observe of the
 * targets' courses, an unknown course, no course, a cancelled check. Nothing on the portal changes.
 * The hold checks (hold twice → one hold, listHolds proves it, release when the flow can) run only
 * when `JIANLOU_TEST_HOLDS` names the account — use a test account, never the family's own.
 * Until the config is filled in and the account logged in, one test says what to do next.
 */
export function testFlowReadOnly(flow: Flow, given: ReadOnlyOptions = {}): void {
  const target = readOnlyTarget(given);
  const { baseUrl, account } = target;

  describe(`flow ${flow.name} against ${baseUrl || 'its portal'} (read-only)`, () => {
    if (target.notReady.length > 0) {
      it(`not run yet: ${target.notReady.join(' · ')}`, () => {
        expect(readOnlyTarget(given).notReady).toEqual(target.notReady);
      });
      return;
    }
    let browser: Browser | undefined;
    let ctx: OwnedFlowContext;
    let options: unknown;

    async function context(storageState?: string): Promise<OwnedFlowContext> {
      if (!browser) throw new Error('the read-only suite did not start');
      const owned = await newContext(browser, {
        baseURL: baseUrl,
        ...(storageState ? { storageState } : {}),
      });
      return createFlowContext({ context: owned, baseUrl, accountId: account, options });
    }
    async function close(target: OwnedFlowContext): Promise<void> {
      await target.close();
      await target.context.close();
    }

    beforeAll(async () => {
      options = parseFlowOptions(flow, target.options, target.configFile);
      browser = await launchBrowser();
      ctx = await context(target.storageState);
    }, 2 * STEP_MS);

    afterAll(async () => {
      if (ctx) await close(ctx);
      await browser?.close();
    });

    it('loginUrl is an absolute URL on the portal', () => {
      expect(flow.loginUrl(ctx).startsWith(baseUrl)).toBe(true);
    });

    it(
      `checkSession says ok with the saved session of "${account}"`,
      async () => {
        const said = await flow.checkSession(ctx);
        expect(said, `the saved session has expired: run npx jianlou login ${account}`).toBe('ok');
        await expect(flow.isLoggedIn(ctx)).resolves.toBe(true);
      },
      STEP_MS,
    );

    it(
      'a context that never logged in → checkSession says expired',
      async () => {
        const stranger = await context();
        try {
          await expect(flow.checkSession(stranger)).resolves.toBe('expired');
          if (flow.observeProvesLogin === true) {
            await expect(flow.observe(stranger, [{ id: target.courses[0] ?? '' }])).rejects.toThrow(
              SessionExpiredError,
            );
          }
        } finally {
          await close(stranger);
        }
      },
      STEP_MS,
    );

    it(
      `observe returns one well-formed observation per course, in order (${target.courses.join(', ')})`,
      async () => {
        const seen = await flow.observe(
          ctx,
          target.courses.map((id) => ({ id })),
        );
        expect(seen.map((o) => o.courseId)).toEqual(target.courses);
        expect(seen.flatMap((o) => problemsOf(o, baseUrl))).toEqual([]);
      },
      STEP_MS,
    );

    it(
      `observe answers not_found for a course the portal does not have (${NO_SUCH_COURSE})`,
      async () => {
        const seen = await flow.observe(ctx, [{ id: NO_SUCH_COURSE }]);
        expect(seen.map((o) => [o.courseId, o.state])).toEqual([[NO_SUCH_COURSE, 'not_found']]);
      },
      STEP_MS,
    );

    it(
      'answers an empty request with an empty list',
      async () => {
        await expect(flow.observe(ctx, [])).resolves.toEqual([]);
      },
      STEP_MS,
    );

    it(
      'rejects without reading when the check is already cancelled',
      async () => {
        const controller = new AbortController();
        controller.abort();
        const cancelled = createFlowContext({
          context: ctx.context,
          baseUrl,
          accountId: account,
          options,
          signal: controller.signal,
        });
        await expect(flow.observe(cancelled, [{ id: target.courses[0] ?? '' }])).rejects.toThrow(
          PortalUnavailableError,
        );
        await cancelled.close();
      },
      STEP_MS,
    );

    const child = target.child;
    if (target.holds && flow.hold && flow.listHolds && child) {
      const { hold, listHolds } = flow as Required<Pick<Flow, 'hold' | 'listHolds'>>;
      it(
        `holds (${HOLDS_ENV}=${account}): asked twice, one hold, proved by listHolds, released when it can be`,
        async () => {
          const course = { id: target.courses[0] ?? '' };
          const first = await hold(ctx, course, child);
          const second = await hold(ctx, course, child);
          expect(second.id).toBe(first.id);
          expect(first).toMatchObject({ courseId: course.id, studentId: child.studentId });
          expect((await listHolds(ctx)).map((h) => h.id)).toContain(first.id);
          if (flow.release && holdKindOf(flow).release) {
            await flow.release(ctx, first);
            expect((await listHolds(ctx)).map((h) => h.id)).not.toContain(first.id);
          }
        },
        3 * STEP_MS,
      );
    } else {
      const why = !target.holds
        ? `${HOLDS_ENV} does not name "${account}" (set ${HOLDS_ENV}=${account} with a TEST account only: a hold takes a real seat)`
        : !(flow.hold && flow.listHolds)
          ? `flow "${flow.name}" has no hold/listHolds`
          : `no child of account "${account}" in ${target.configFile}`;
      it(`not run: holds — ${why}`, () => {
        expect(target.holds && Boolean(flow.hold && flow.listHolds && child)).toBe(false);
      });
    }
  });
}
