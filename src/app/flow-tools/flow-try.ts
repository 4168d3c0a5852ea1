import type { Browser } from 'playwright';
import { launchBrowser, newContext } from '../../browser/launch.js';
import { readStorageState } from '../../browser/session.js';
import type { LoadedConfig } from '../../config/load.js';
import {
  BadInputError,
  ConfigError,
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../../core/errors.js';
import { scheduleProblem } from '../../core/schedule.js';
import type { Observation } from '../../core/types.js';
import { createFlowContext } from '../../flow/context.js';
import { signalWithDeadline } from '../../flow/deadline.js';
import { loadPortalFlow } from '../../flow/load.js';

/** What went wrong in one step, and what a person writing the flow does next. */
export interface TryFailure {
  kind: 'session_expired' | 'portal_changed' | 'unavailable' | 'rate_limited' | 'bad_input' | 'flow_bug';
  message: string;
  next: string;
}

export interface TryAccount {
  accountId: string;
  session: { ok: true; state: 'ok' | 'expired'; ms: number } | { ok: false; failure: TryFailure };
  observe?:
    | { ok: true; ms: number; observations: Observation[]; problems: string[] }
    | { ok: false; failure: TryFailure };
}

export interface TryResult {
  flow: string;
  baseUrl: string;
  accounts: TryAccount[];
}

/** One failure → its kind and the next step (the loop of writing a flow: selectors, JSON paths, login). */
export function classify(error: unknown, accountId: string): TryFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SessionExpiredError) {
    return {
      kind: 'session_expired',
      message,
      next: `log in (jianlou login ${accountId}); if it still says expired, check the flow's checkSession and where it reads the session (cookie, ctx.storage.local)`,
    };
  }
  if (error instanceof PortalChangedError) {
    return {
      kind: 'portal_changed',
      message,
      next: 'the flow expects a field or element the portal does not have: fix the JSON paths / selectors it names',
    };
  }
  if (error instanceof RateLimitedError) {
    return { kind: 'rate_limited', message, next: 'the portal asks to slow down: wait, then try again' };
  }
  if (error instanceof PortalUnavailableError) {
    return {
      kind: 'unavailable',
      message,
      next: 'the portal did not answer: is portal.baseUrl (and portal.options) right and the site up?',
    };
  }
  if (error instanceof BadInputError)
    return { kind: 'bad_input', message, next: 'fix what the message names' };
  return {
    kind: 'flow_bug',
    message,
    next: 'the flow threw an error of its own: throw the typed errors of jianlou/flow instead (see README "Writing a flow")',
  };
}

/** Every course of the targets, per account (in config order, once each). */
function coursesByAccount(config: Pick<LoadedConfig, 'children' | 'targets'>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const target of config.targets) {
    const account = config.children.find((c) => c.id === target.child)?.account;
    if (!account) continue;
    const list = out.get(account) ?? [];
    for (const id of target.courses) if (!list.includes(id)) list.push(id);
    out.set(account, list);
  }
  return out;
}

/** What observe returned that breaks the contract (never silently wrong seats). */
function contractProblems(asked: string[], seen: Observation[]): string[] {
  const problems: string[] = [];
  if (seen.length !== asked.length)
    problems.push(`asked for ${asked.length} courses, got ${seen.length} observations`);
  seen.forEach((o, i) => {
    if (o.courseId !== asked[i])
      problems.push(`observation ${i + 1} is ${o.courseId}, expected ${asked[i]} (same order)`);
    if (o.state === 'open' && o.seats === 0) problems.push(`${o.courseId}: state open with 0 seats`);
    const schedule = o.schedule && scheduleProblem(o.schedule);
    if (schedule)
      problems.push(`${o.courseId}: schedule ${JSON.stringify(o.schedule)}: ${schedule} (docs/schedules.md)`);
  });
  return problems;
}

/**
 * `jianlou flow try`: loads the config's flow, runs checkSession and observe once per account against
 * the live portal (read-only steps only; nothing is held, stored or sent).
 */
export async function tryFlow(
  config: LoadedConfig,
  options: { accountId?: string; timeoutMs?: number; launch?: () => Promise<Browser> } = {},
): Promise<TryResult> {
  const { flow, options: flowOptions } = await loadPortalFlow(config.portal, {
    cwd: config.dir,
    configFile: config.file,
  });
  const accounts = options.accountId
    ? config.accounts.filter((a) => a.id === options.accountId)
    : config.accounts;
  if (accounts.length === 0) {
    throw new ConfigError(config.file, [{ path: 'accounts', message: `no account "${options.accountId}"` }]);
  }
  const courses = coursesByAccount(config);
  const browser = await (options.launch ?? (() => launchBrowser()))();
  const results: TryAccount[] = [];
  try {
    for (const account of accounts) {
      let storageState: Awaited<ReturnType<typeof readStorageState>>;
      try {
        storageState = await readStorageState(account.storageState, account.id);
      } catch (error) {
        results.push({ accountId: account.id, session: { ok: false, failure: classify(error, account.id) } });
        continue;
      }
      // Overwritten by the checkSession below, whatever it does.
      const result: TryAccount = { accountId: account.id, session: { ok: true, state: 'expired', ms: 0 } };
      results.push(result);
      const context = await newContext(browser, { storageState, baseURL: config.portal.baseUrl });
      const ctx = createFlowContext({
        context,
        baseUrl: config.portal.baseUrl,
        accountId: account.id,
        options: flowOptions,
        storageState,
        signal: signalWithDeadline(options.timeoutMs ?? 60_000),
      });
      try {
        const started = performance.now();
        try {
          const state = await flow.checkSession(ctx);
          result.session = { ok: true, state, ms: Math.round(performance.now() - started) };
        } catch (error) {
          result.session = { ok: false, failure: classify(error, account.id) };
        }
        const asked = courses.get(account.id) ?? [];
        const observeStarted = performance.now();
        try {
          const observations = await flow.observe(
            ctx,
            asked.map((id) => ({ id })),
          );
          result.observe = {
            ok: true,
            ms: Math.round(performance.now() - observeStarted),
            observations,
            problems: contractProblems(asked, observations),
          };
        } catch (error) {
          result.observe = { ok: false, failure: classify(error, account.id) };
        }
      } finally {
        await ctx.close().catch(() => {});
        await context.close().catch(() => {});
      }
    }
  } finally {
    await browser.close().catch(() => {});
  }
  return { flow: flow.name, baseUrl: config.portal.baseUrl, accounts: results };
}
