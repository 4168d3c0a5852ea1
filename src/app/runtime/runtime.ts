import type { Browser } from 'playwright';
import { makeLoginLink } from '../../approve/login-tokens.js';
import { makeApprovalLinks } from '../../approve/tokens.js';
import type { LoadedConfig } from '../../config/load.js';
import type { OwnedFlowContext } from '../../flow/context.js';
import { loadPortalFlow } from '../../flow/load.js';
import type { Flow } from '../../flow/types.js';
import type { Logger } from '../../log/logger.js';
import { openStore } from '../../store/open.js';
import { createRepositories, type Repositories } from '../../store/repositories.js';
import { createStateRepo, type StateRepo } from '../../store/state.js';
import type { KvStore } from '../../store/types.js';
import { type WatchState, watchStateSchema } from '../../watch/decide.js';
import { type AccountSession, createSessionOpener } from './account-session.js';
import { createBrowserPool } from './browser-pool.js';
import { RATE_PAUSE_KEY, type RatePause, ratePauseSchema } from './rate-pause.js';
import { CLEANUP_MS, timeBox, untilDeadline } from './time-box.js';
import { createWarmRequests } from './warm-requests.js';

export type { AccountSession } from './account-session.js';

/**
 * The composition root's product: every collaborator built once from the config and passed on.
 * Nothing below src/app reaches for a singleton.
 */
export interface Runtime {
  config: LoadedConfig;
  logger: Logger;
  kv: KvStore;
  repos: Repositories;
  watchState: StateRepo<WatchState>;
  /** Until when the portal asked us to wait (its Retry-After), across runs; owned like `watchState`. */
  ratePause: StateRepo<RatePause>;
  flow: Flow;
  /** `portal.options` as the flow's schema parsed them (what `ctx.options` is). */
  flowOptions: unknown;
  now: () => Date;
  /** One shared browser, launched on first use and relaunched after it dies or after many contexts. */
  browser(): Promise<Browser>;
  /**
   * The account's session for one check, from its saved session: the API side at once (no browser),
   * the browser only when a flow step asks for a page or the context; `dispose()` closes it.
   */
  openAccount(accountId: string, signal?: AbortSignal): Promise<AccountSession>;
  /**
   * Runs `fn` with the account's session (as openAccount), disposed afterwards. With a signal, `fn`
   * is given up `DEADLINE_GRACE_MS` after the signal aborts (PortalUnavailableError) and the session
   * closed all the same.
   */
  withAccount<T>(
    accountId: string,
    fn: (ctx: OwnedFlowContext) => Promise<T>,
    signal?: AbortSignal,
    options?: { save?: boolean },
  ): Promise<T>;
  /** Approve/release links for a hold, when the config has an approval section. */
  links(holdId: string, expiresAt: Date): { approveUrl: string; releaseUrl: string } | undefined;
  /** Closes the browser (relaunched on next use): a `check` needs none while it delivers. */
  closeBrowser(): Promise<void>;
  /** A signed link to log the account in again from a phone (issue 15), when approval is configured. */
  loginLink(accountId: string): string | undefined;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  logger: Logger;
  now?: () => Date;
  /** Relaunch the browser after this many contexts (Playwright's memory grows per browser). */
  contextsPerBrowser?: number;
  /**
   * Keep each account's API request context between checks (`watch`): re-made when its session
   * file changes (mtime/size), a check fails, or a step used the browser. Off for a one-shot `check`.
   */
  keepWarm?: boolean;
}

export async function createRuntime(config: LoadedConfig, options: RuntimeOptions): Promise<Runtime> {
  const logger = options.logger;
  const now = options.now ?? (() => new Date());
  const { flow, options: flowOptions } = await loadPortalFlow(config.portal, {
    cwd: config.dir,
    configFile: config.file,
  });
  const kv = await openStore(config.store, {
    onInvalid: (ns, key, error) =>
      logger.warn({ ns, key, err: error }, 'a stored record failed validation and was skipped'),
  });
  const repos = createRepositories(kv);
  // Only the process holding the store's lock runs cycles, the one writer of this state. A quiet
  // check changes only its cycle number, which is not written: a check that decides an effect always
  // writes (runCycle), so a number in an effect id is never reused for a different effect.
  const watchState = createStateRepo(kv, 'watch', watchStateSchema, { owned: true, unsaved: ['cycle'] });
  const ratePause = createStateRepo(kv, RATE_PAUSE_KEY, ratePauseSchema, { owned: true });
  const contextsPerBrowser = options.contextsPerBrowser ?? 200;

  const pool = createBrowserPool(contextsPerBrowser);
  const warm = createWarmRequests({
    keepWarm: options.keepWarm === true,
    baseUrl: config.portal.baseUrl,
    device: config.portal.device,
  });
  const openAccount = createSessionOpener({ config, logger, flowOptions, now, pool, warm });

  /**
   * A session that could not be saved (a full disk) is logged; what was done at the portal stands.
   * A save that does not finish within CLEANUP_MS (a browser that does not answer) is given up.
   */
  async function saveOrWarn(session: AccountSession, accountId: string): Promise<void> {
    const saved = await timeBox(session.save(), CLEANUP_MS).catch((error: unknown) => {
      logger.error({ account: accountId, err: error }, 'could not save the session');
      return { done: true } as const;
    });
    if (!saved.done)
      logger.error({ account: accountId }, `could not save the session: no answer within ${CLEANUP_MS} ms`);
  }

  return {
    config,
    logger,
    kv,
    repos,
    watchState,
    ratePause,
    flow,
    flowOptions,
    now,
    browser: () => pool.get(),
    openAccount,
    async withAccount(accountId, fn, signal, options) {
      const session = await openAccount(accountId, signal);
      try {
        // With a signal, given up DEADLINE_GRACE_MS after it aborts whatever `fn` awaits: the session
        // is then closed below, which ends what it still waits for (a request, a page).
        const work = fn(session.ctx);
        const result = signal
          ? await untilDeadline(signal, work, `the work for account "${accountId}"`)
          : await work;
        if (options?.save) await saveOrWarn(session, accountId);
        return result;
      } finally {
        await session.dispose();
      }
    },
    links(holdId, expiresAt) {
      if (!config.approval) return undefined;
      return makeApprovalLinks({
        publicUrl: config.approval.publicUrl,
        secret: config.approval.secret,
        holdId,
        expiresAt,
        now: now(),
      });
    },
    closeBrowser: () => pool.close(),
    loginLink(accountId) {
      if (!config.approval) return undefined;
      const { publicUrl, secret } = config.approval;
      return makeLoginLink({ publicUrl, secret, accountId, now: now() }).url;
    },
    async close() {
      await pool.close();
      await warm.disposeAll();
      await kv.close();
    },
  };
}
