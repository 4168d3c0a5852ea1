import { statSync } from 'node:fs';
import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright';
import { makeLoginLink } from '../../approve/login-tokens.js';
import { makeApprovalLinks } from '../../approve/tokens.js';
import { launchBrowser, newContext, newRequestContext, type StorageState } from '../../browser/launch.js';
import { createLazySession } from '../../browser/lazy-session.js';
import { readStorageState, sameStorageState, saveStateMerged } from '../../browser/session.js';
import { browserSettings as settings } from '../../browser/settings.js';
import { redactTraceFile } from '../../browser/trace-redact.js';
import { traceSecrets } from '../../browser/trace-secrets.js';
import type { LoadedConfig } from '../../config/load.js';
import { BadInputError } from '../../core/errors.js';
import type { OwnedFlowContext } from '../../flow/context.js';
import { loadPortalFlow } from '../../flow/load.js';
import type { Flow } from '../../flow/types.js';
import type { Logger } from '../../log/logger.js';
import { openStore } from '../../store/open.js';
import { createRepositories, type Repositories } from '../../store/repositories.js';
import { createStateRepo, type StateRepo } from '../../store/state.js';
import type { KvStore } from '../../store/types.js';
import { type WatchState, watchStateSchema } from '../../watch/decide.js';
import { RATE_PAUSE_KEY, type RatePause, ratePauseSchema } from './rate-pause.js';

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
  /** Runs `fn` with the account's session (as openAccount), disposed afterwards. */
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

export interface AccountSession {
  ctx: OwnedFlowContext;
  /** True once a step of this session launched the browser (an API-only check never does). */
  usedBrowser(): boolean;
  /** How many checks before this one used the same warm API side (0: made for this session). */
  warmReuses: number;
  /** HTTP requests this session sent to the portal so far (API side and browser). */
  requests(): number;
  /** Keep this session's trace (src/browser/settings.ts `trace: 'retain-on-failure'`); not reused. */
  markFailed(): void;
  /** Saves the session (mode 0600): the API side's cookies, merged with the browser's if one ran. */
  save(): Promise<void>;
  dispose(): Promise<void>;
}

/** An account's API side (a request context from its saved session), shared while it is warm. */
interface WarmRequest {
  request: APIRequestContext;
  /** The saved session it was made from (its values are kept out of traces). */
  storageState: StorageState;
  /** The session file's mtime and size when it was read or last written by us. */
  stamp: string | undefined;
  users: number;
  /** Disposed when its last user is done; never handed out again. */
  stale: boolean;
  reused: number;
}

/**
 * mtime and size of a file, or undefined when it cannot be read (the read that follows says why).
 * Synchronous on purpose: a stat of a small local file takes microseconds, the thread-pool round
 * trip of the async one was a tenth of a millisecond of every warm check.
 */
async function fileStamp(path: string): Promise<string | undefined> {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return undefined;
  }
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

  let browser: Promise<Browser> | undefined;
  let contextsOnBrowser = 0;
  let busy = 0;

  async function getBrowser(): Promise<Browser> {
    if (browser) {
      const current = await browser.catch(() => undefined);
      if (current?.isConnected() && (contextsOnBrowser < contextsPerBrowser || busy > 0)) return current;
      if (current?.isConnected()) await current.close().catch(() => {});
    }
    contextsOnBrowser = 0;
    browser = launchBrowser();
    return browser;
  }

  async function closeBrowser(): Promise<void> {
    const b = await browser?.catch(() => undefined);
    browser = undefined;
    await b?.close().catch(() => {});
  }

  function account(accountId: string) {
    const found = config.accounts.find((a) => a.id === accountId);
    if (!found) throw new BadInputError(`no account "${accountId}" in ${config.file}`);
    return found;
  }

  // Traces hold cookies: a private folder beside the store, the newest 20 kept.
  const tracesDir = config.store.tracesDir;
  async function traceFile(accountId: string): Promise<string> {
    await mkdir(tracesDir, { recursive: true, mode: 0o700 });
    const old = (await readdir(tracesDir)).filter((f) => f.endsWith('.zip')).sort();
    for (const f of old.slice(0, Math.max(0, old.length - 19))) await rm(join(tracesDir, f), { force: true });
    return join(tracesDir, `${now().toISOString().replace(/[:.]/g, '-')}-${accountId}.zip`);
  }

  // One writer per session file at a time: each save reads, merges and replaces it.
  const saving = new Map<string, Promise<unknown>>();
  function serially<T>(path: string, fn: () => Promise<T>): Promise<T> {
    const next = (saving.get(path) ?? Promise.resolve()).catch(() => {}).then(fn);
    saving.set(path, next);
    return next;
  }

  // watch keeps each account's API side between cycles (a warm cycle is one request, not a new
  // context): until its session file changes under it, a check fails, or a browser was used.
  const warm = new Map<string, WarmRequest>();
  const keepWarm = options.keepWarm === true;

  function releaseWarm(accountId: string, entry: WarmRequest, drop: boolean): Promise<void> {
    entry.users -= 1;
    if (drop) entry.stale = true;
    if (!entry.stale || entry.users > 0) return Promise.resolve();
    if (warm.get(accountId) === entry) warm.delete(accountId);
    return entry.request.dispose().catch(() => {});
  }

  async function apiSide(accountId: string, path: string): Promise<WarmRequest> {
    const stamp = await fileStamp(path);
    const kept = warm.get(accountId);
    if (kept && !kept.stale && stamp !== undefined && kept.stamp === stamp) {
      kept.users += 1;
      kept.reused += 1;
      return kept;
    }
    if (kept) {
      // Someone else wrote the session (a login): the next check starts from their file.
      kept.stale = true;
      warm.delete(accountId);
      if (kept.users === 0) await kept.request.dispose().catch(() => {});
    }
    // Read the saved session before anything else: a missing one needs a person, not a browser.
    const storageState = await readStorageState(path, accountId);
    const request = await newRequestContext({ storageState, baseURL: config.portal.baseUrl });
    const entry: WarmRequest = { request, storageState, stamp, users: 1, stale: !keepWarm, reused: 0 };
    if (keepWarm) {
      // Another open of this account made one meanwhile: this one takes over, that one is disposed
      // when its last user is done (it is no longer in the map, so nothing else would).
      const other = warm.get(accountId);
      if (other && other !== entry) {
        other.stale = true;
        if (other.users === 0) await other.request.dispose().catch(() => {});
      }
      warm.set(accountId, entry);
    }
    return entry;
  }

  async function openAccount(accountId: string, signal?: AbortSignal): Promise<AccountSession> {
    const acc = account(accountId);
    const api = await apiSide(accountId, acc.storageState);
    const tracing = settings.use.trace !== 'off';
    let onBrowser = false;
    const lazy = createLazySession({
      request: api.request,
      options: flowOptions,
      storageState: api.storageState,
      baseUrl: config.portal.baseUrl,
      accountId,
      log: logger.child({ account: accountId }),
      ...(signal ? { signal } : {}),
      // Only a step that asks for a page (or the context) gets here: finding Chromium included.
      async openContext(state) {
        const b = await getBrowser();
        const context = await newContext(b, { storageState: state, baseURL: config.portal.baseUrl });
        busy += 1;
        contextsOnBrowser += 1;
        onBrowser = true;
        if (tracing) await context.tracing.start({ screenshots: true, snapshots: true });
        logger.debug({ account: accountId }, 'a flow step asked for the browser: launched it');
        return context;
      },
    });
    const { ctx } = lazy;
    let disposed = false;
    let failed = false;
    let base = api.storageState;

    async function closeBrowserSide(context: BrowserContext): Promise<void> {
      busy -= 1;
      if (tracing) {
        const keep = failed || settings.use.trace === 'on';
        const path = keep ? await traceFile(accountId) : undefined;
        try {
          // Read what is secret while the context still holds it: cookies set during the check too.
          const secrets = path
            ? await traceSecrets(context, api.storageState, [acc.credentials?.password, ...config.secrets])
            : [];
          await context.tracing.stop(path ? { path } : {});
          if (path) {
            await chmod(path, 0o600);
            try {
              await redactTraceFile(path, secrets);
            } catch (error) {
              // A trace that could not be cleaned is not kept: it holds the live session.
              await rm(path, { force: true });
              throw error;
            }
            logger.info({ account: accountId, trace: path }, 'trace of the failed check saved');
          }
        } catch (error) {
          logger.debug({ err: error }, 'could not save the trace');
        }
      }
      await ctx.close().catch(() => {});
      await context.close().catch(() => {});
    }

    return {
      ctx,
      usedBrowser: () => onBrowser,
      requests: () => lazy.requests(),
      warmReuses: api.reused,
      markFailed() {
        failed = true;
      },
      async save() {
        // What this session changed (API side, and the browser's if one ran) onto the file as it is
        // now: a login saved meanwhile is not undone. One writer per file at a time.
        const ours = await lazy.storageState();
        // Nothing changed in this session (most checks): no file to write, no stamp to take. A login
        // saved meanwhile changes the file's stamp, which the next check's apiSide sees.
        if (sameStorageState(ours, base)) return;
        const { saved, before } = await serially(acc.storageState, async () => {
          const stamp = await fileStamp(acc.storageState);
          return { saved: await saveStateMerged(ours, acc.storageState, base), before: stamp };
        });
        base = saved;
        if (warm.get(accountId) === api) {
          if (before !== api.stamp) {
            // Someone else wrote the file since the API side was made (a login): it must not take
            // that file's stamp with its own old cookies. The next check starts from the file.
            api.stale = true;
          } else {
            // Our own write is not "someone changed the file": keep the API side warm across it.
            api.storageState = base;
            api.stamp = await fileStamp(acc.storageState);
          }
        }
      },
      async dispose() {
        if (disposed) return;
        disposed = true;
        const context = await lazy.settled();
        if (context) await closeBrowserSide(context);
        // After a browser was used its cookies are in the saved file, not in the API side: re-read.
        await releaseWarm(accountId, api, failed || onBrowser);
      },
    };
  }

  /** A session that could not be saved (a full disk) is logged; what was done at the portal stands. */
  async function saveOrWarn(session: AccountSession, accountId: string): Promise<void> {
    await session
      .save()
      .catch((error: unknown) =>
        logger.error({ account: accountId, err: error }, 'could not save the session'),
      );
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
    browser: getBrowser,
    openAccount,
    async withAccount(accountId, fn, signal, options) {
      const session = await openAccount(accountId, signal);
      try {
        const result = await fn(session.ctx);
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
    closeBrowser,
    loginLink(accountId) {
      if (!config.approval) return undefined;
      const { publicUrl, secret } = config.approval;
      return makeLoginLink({ publicUrl, secret, accountId, now: now() }).url;
    },
    async close() {
      await closeBrowser();
      await Promise.all([...warm.values()].map((entry) => entry.request.dispose().catch(() => {})));
      warm.clear();
      await kv.close();
    },
  };
}
