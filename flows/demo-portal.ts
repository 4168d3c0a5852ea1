import {
  type CourseRef,
  defineFlow,
  type FlowContext,
  type Observation,
  PortalChangedError,
  PortalUnavailableError,
} from '../src/flow/public.js';
import { observeByApi, type StepOptions } from './demo-portal/api.js';
import * as cart from './demo-portal/cart.js';
import { login, loginUrl, observeByPages } from './demo-portal/pages.js';

export interface DemoFlowOptions {
  /**
   * How `observe` reads seats: 'api' = the JSON API only, 'pages' = the course pages only,
   * 'auto' (default) = the API, falling back to the pages when the API is not usable.
   */
  mode?: 'api' | 'pages' | 'auto';
  /** Per request / navigation; keeps a hanging portal from stalling a check. Default 10 s. */
  timeoutMs?: number;
}

/**
 * The API is "not usable" when it changed shape, answered 5xx or timed out: in 'auto' mode an API
 * request takes at most half the time left, so the pages still get their turn.
 */
function worthFallingBack(error: unknown, ctx: FlowContext): boolean {
  if (error instanceof PortalChangedError) return true;
  return error instanceof PortalUnavailableError && !ctx.signal.aborted;
}

export function createDemoFlow(options: DemoFlowOptions = {}) {
  const mode = options.mode ?? 'auto';
  const step: StepOptions = { timeoutMs: options.timeoutMs ?? 10_000 };

  async function observe(ctx: FlowContext, courses: CourseRef[]): Promise<Observation[]> {
    if (mode === 'pages') return observeByPages(ctx, courses, step);
    if (mode === 'api') return observeByApi(ctx, courses, step);
    try {
      return await observeByApi(ctx, courses, { ...step, shareOfTimeLeft: 0.5 });
    } catch (error) {
      if (!worthFallingBack(error, ctx)) throw error;
      ctx.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'demo-portal: JSON API not usable, reading the course pages instead',
      );
      return observeByPages(ctx, courses, step);
    }
  }

  return defineFlow({
    name: 'demo-portal',
    // Its API answers 401 and its pages redirect to the login page when the session is gone.
    observeProvesLogin: true,
    checkSession: (ctx) => cart.checkSession(ctx, step),
    loginUrl,
    isLoggedIn: async (ctx) => (await cart.checkSession(ctx, step)) === 'ok',
    login: (ctx, credentials) => login(ctx, credentials, step),
    observe,
    hold: (ctx, course, child) => cart.hold(ctx, course, child, step),
    listHolds: (ctx) => cart.listHolds(ctx, step),
    confirm: (ctx, held) => cart.confirm(ctx, held, step),
    release: (ctx, held) => cart.release(ctx, held, step),
    listOrders: (ctx) => cart.listOrders(ctx, step),
  });
}

export default createDemoFlow();
