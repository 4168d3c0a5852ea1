import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../browser/launch.js';
import { createFlowContext, type OwnedFlowContext } from '../flow/context.js';
import { parseFlowOptions } from '../flow/options.js';
import { type Flow, type FlowContext, holdKindOf } from '../flow/types.js';
import { type AdminRoutesPortal, classicFixture } from './fixtures.js';
import type { CourseRoles, FlowFixture, RunningFixture } from './portal.js';
import { describeHolds } from './suite-holds.js';
import { describeObserving } from './suite-observe.js';
import { checker, type Need, type NotApplicable, type SuiteScope } from './suite-scope.js';

export { classicFixture, courseRoles, spaFixture } from './fixtures.js';
export { legacyFixture } from './legacy-fixture.js';
export type { CourseRoles, FixtureFault, FlowFixture, PortalTruth, RunningFixture } from './portal.js';
export { NO_SUCH_COURSE } from './portal.js';
export { HOLDS_ENV, type ReadOnlyOptions, type ReadOnlyTarget, testFlowReadOnly } from './read-only.js';

/** The shape testFlow took before fixtures: a portal serving the classic `/__admin/` routes. */
export type ContractPortalFactory = Parameters<typeof classicFixture>[0];
/** @deprecated the classic demo portal's shape; a fixture's start() returns a RunningFixture. */
export type ContractPortal = AdminRoutesPortal;

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
  const notApplicable: NotApplicable = [];
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

    const scope: SuiteScope = {
      flow,
      fixture,
      can,
      check,
      fault,
      courses,
      get ctx() {
        return ctx;
      },
      get options() {
        return options;
      },
      truth,
      holdsOf,
      seatsOf,
      freshContext,
      closeContext,
      resetAll,
      logIn,
    };
    describeObserving(scope);
    describeHolds(scope);

    // Registered last, once the checks above have said what they need: the report names each check
    // that does not apply, with the reason, and this asserts the ability really is missing. In a
    // describe of its own: vitest 4 runs nested describe bodies after the outer body (issue 29), so
    // the list is complete only inside a body collected after theirs.
    describe('checks that do not apply', () => {
      const list = notApplicable.map((c) => `${c.name} (${c.needs.map((n) => n.why).join('; ')})`);
      if (list.length > 0) {
        it(`not applicable to this flow: ${list.join(' · ')}`, () => {
          for (const { name, needs } of notApplicable) {
            for (const n of needs) expect(n.probe(), `${name}: ${n.why}`).toBe(false);
          }
        });
      }
    });
  });
}
