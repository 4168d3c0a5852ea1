import type { Browser } from 'playwright';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { portalAdmin } from '../../src/contract/portal-admin.js';
import {
  ActionRefusedError,
  BadInputError,
  CaptchaRequiredError,
  PortalChangedError,
  PortalUnavailableError,
} from '../../src/core/errors.js';
import { createFlowContext, type OwnedFlowContext } from '../../src/flow/context.js';
import type { FlowLogger } from '../../src/flow/types.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';

const account = { username: '13800000000', password: 'demo1234', captcha: '8888' };
const sister = { id: 'sister', name: '姐姐', account: 'mom', studentId: 'S001' };

describe('demo-portal flow beyond the contract', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let ctx: OwnedFlowContext;
  const warnings: string[] = [];
  const log: FlowLogger = { debug() {}, info() {}, warn: (_obj, msg) => void warnings.push(msg ?? '') };
  const flow = createDemoFlow({ mode: 'api', timeoutMs: 1500 });
  const loginFlow = createDemoFlow({ mode: 'api', timeoutMs: 15_000 });

  async function contextFor(signal?: AbortSignal): Promise<OwnedFlowContext> {
    const context = await newContext(browser);
    return createFlowContext({
      context,
      baseUrl: `${portal.url}/`,
      accountId: 'mom',
      log,
      ...(signal ? { signal } : {}),
    });
  }

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
    browser = await launchBrowser();
    ctx = await contextFor();
  });

  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await portal?.close();
  });

  beforeEach(async () => {
    warnings.length = 0;
    await portalAdmin(portal.url).reset();
    await ctx.context.clearCookies();
    // Logging in is not what these tests look at: a generous limit, so a loaded machine does not fail them.
    await loginFlow.login(ctx, account);
  });

  it('auto mode reads the course pages when the JSON API was redesigned', async () => {
    portal.admin.setSeats('ART-101', 2);
    portal.admin.setFault('api', 'redesign');
    const seen = await createDemoFlow({ mode: 'auto', timeoutMs: 1500 }).observe(ctx, [
      { id: 'ART-101' },
      { id: 'SWIM-201' },
    ]);
    expect(seen.map((o) => [o.courseId, o.state, o.seats])).toEqual([
      ['ART-101', 'open', 2],
      ['SWIM-201', 'full', 0],
    ]);
    expect(seen[0]?.schedule).toEqual({ weekday: 6, start: '09:00', end: '10:30' });
    expect(warnings.join('\n')).toContain('reading the course pages');
  });

  it('auto mode reads the course pages when the JSON API answers 500', async () => {
    portal.admin.setFault('api', '500');
    const seen = await createDemoFlow({ mode: 'auto', timeoutMs: 1500 }).observe(ctx, [{ id: 'ART-102' }]);
    expect(seen.map((o) => o.state)).toEqual(['full']);
  });

  it('api and pages modes see the same course the same way', async () => {
    portal.admin.setSeats('ART-101', 3);
    const api = await flow.observe(ctx, [{ id: 'ART-101' }]);
    const pages = await createDemoFlow({ mode: 'pages' }).observe(ctx, [{ id: 'ART-101' }]);
    expect(pages).toEqual(api);
    expect(api[0]).toMatchObject({ title: '少儿国画（初级）', fee: 680, teacher: '王老师', phase: 'open' });
  });

  it('a redesigned API is reported naming the renamed field', async () => {
    portal.admin.setFault('api', 'redesign');
    await expect(flow.observe(ctx, [{ id: 'ART-101' }])).rejects.toThrow(/seatsLeft/);
  });

  it('a redesigned course page is reported naming the missing element', async () => {
    portal.admin.setFault('pages', 'redesign');
    const pages = createDemoFlow({ mode: 'pages', timeoutMs: 1500 });
    await expect(pages.observe(ctx, [{ id: 'ART-101' }])).rejects.toThrow(PortalChangedError);
    await expect(pages.observe(ctx, [{ id: 'ART-101' }])).rejects.toThrow(/\.seats-left/);
  });

  it('a portal that is gone (connection refused) is unavailable, not changed', async () => {
    const gone = await startPortal({ port: 0, testMode: true });
    await gone.close();
    const context = await newContext(browser);
    const stray = createFlowContext({ context, baseUrl: gone.url, accountId: 'mom' });
    await expect(flow.observe(stray, [{ id: 'ART-101' }])).rejects.toThrow(PortalUnavailableError);
    await context.close();
  });

  it('error messages never carry the session cookie', async () => {
    const cookie = (await ctx.context.cookies()).find((c) => c.name === 'yp_session');
    expect(cookie?.value).toBeTruthy();
    portal.admin.setFault('api', 'hang');
    const failure = await flow.observe(ctx, [{ id: 'ART-101' }]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PortalUnavailableError);
    expect(String((failure as Error).message)).not.toContain(cookie?.value);
    expect((failure as Error).cause).toBeUndefined();
  });

  it('a cancelled check abandons a hanging portal instead of waiting for its own timeout', {
    timeout: 8000,
  }, async () => {
    portal.admin.setFault('all', 'hang');
    const controller = new AbortController();
    const slowFlow = createDemoFlow({ mode: 'api', timeoutMs: 60_000 });
    const cancellable = { ...ctx, signal: controller.signal };
    const observing = slowFlow.observe(cancellable, [{ id: 'ART-101' }]);
    setTimeout(() => controller.abort(), 100);
    await expect(observing).rejects.toThrow(PortalUnavailableError);
  });

  it('hold of an unknown course is refused with reason not_found', async () => {
    const failure = await flow.hold(ctx, { id: 'NOPE-1' }, sister).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ActionRefusedError);
    expect((failure as ActionRefusedError).reason).toBe('not_found');
  });

  it('hold for a student of another family is refused, not taken as portal change', async () => {
    portal.admin.setSeats('ART-101', 1);
    const stranger = { ...sister, studentId: 'S999' };
    await expect(flow.hold(ctx, { id: 'ART-101' }, stranger)).rejects.toThrow(ActionRefusedError);
  });

  describe('scripted login', () => {
    it('logging in again while logged in keeps the session', async () => {
      await expect(flow.login(ctx, account)).resolves.toBeUndefined();
      await expect(flow.checkSession(ctx)).resolves.toBe('ok');
    });

    it('a wrong captcha → CaptchaRequiredError', async () => {
      const fresh = await contextFor();
      await expect(flow.login(fresh, { ...account, captcha: '0000' })).rejects.toThrow(CaptchaRequiredError);
      await expect(flow.checkSession(fresh)).resolves.toBe('expired');
      await fresh.close();
      await fresh.context.close();
    });

    it('no captcha at all → CaptchaRequiredError without touching the portal', async () => {
      const { captcha: _none, ...noCaptcha } = account;
      await expect(flow.login(ctx, noCaptcha)).rejects.toThrow(CaptchaRequiredError);
    });

    it('a wrong password → BadInputError that does not echo the password', async () => {
      const fresh = await contextFor();
      const failure = await flow
        .login(fresh, { ...account, password: 'secret-wrong-9' })
        .catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(BadInputError);
      expect((failure as Error).message).not.toContain('secret-wrong-9');
      await fresh.close();
      await fresh.context.close();
    });
  });
});
