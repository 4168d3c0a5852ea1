import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { makeLoginLink } from '../approve/login-tokens.js';
import { makeApprovalLinks } from '../approve/tokens.js';
import { launchBrowser, newContext } from '../browser/launch.js';
import { readStorageState, saveSessionMerged } from '../browser/session.js';
import { browserSettings as settings } from '../browser/settings.js';
import { redactTraceFile } from '../browser/trace-redact.js';
import { traceSecrets } from '../browser/trace-secrets.js';
import type { LoadedConfig } from '../config/load.js';
import { BadInputError } from '../core/errors.js';
import { createFlowContext, type OwnedFlowContext } from '../flow/context.js';
import { loadFlow } from '../flow/load.js';
import type { Flow } from '../flow/types.js';
import type { Logger } from '../log/logger.js';
import { openStore } from '../store/open.js';
import { createRepositories, type Repositories } from '../store/repositories.js';
import { createStateRepo, type StateRepo } from '../store/state.js';
import type { KvStore } from '../store/types.js';
import { type WatchState, watchStateSchema } from '../watch/decide.js';

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
  flow: Flow;
  now: () => Date;
  /** One shared browser, launched on first use and relaunched after it dies or after many contexts. */
  browser(): Promise<Browser>;
  /** A fresh context for the account from its saved session; `dispose()` closes it. */
  openAccount(accountId: string, signal?: AbortSignal): Promise<AccountSession>;
  /**
   * Runs `fn` with a fresh context for the account (from its saved session), closed afterwards;
   * `save`: what `fn` changed in the browser (a cookie, localStorage) is saved when it succeeds.
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

export interface AccountSession {
  ctx: OwnedFlowContext;
  /** Keep this session's trace (src/browser/settings.ts `trace: 'retain-on-failure'`). */
  markFailed(): void;
  /** Saves what this context changed (cookies, localStorage) into the account's session file. */
  save(): Promise<void>;
  dispose(): Promise<void>;
}

export interface RuntimeOptions {
  logger: Logger;
  now?: () => Date;
  /** Relaunch the browser after this many contexts (Playwright's memory grows per browser). */
  contextsPerBrowser?: number;
}

export async function createRuntime(config: LoadedConfig, options: RuntimeOptions): Promise<Runtime> {
  const logger = options.logger;
  const now = options.now ?? (() => new Date());
  const flow = await loadFlow(config.portal.flow, { cwd: config.dir });
  const kv = await openStore(config.store, {
    onInvalid: (ns, key, error) =>
      logger.warn({ ns, key, err: error }, 'a stored record failed validation and was skipped'),
  });
  const repos = createRepositories(kv);
  const watchState = createStateRepo(kv, 'watch', watchStateSchema);
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

  async function openAccount(accountId: string, signal?: AbortSignal): Promise<AccountSession> {
    const acc = account(accountId);
    // Read the saved session before launching anything: a missing one needs a person, not a browser.
    const storageState = await readStorageState(acc.storageState, accountId);
    const b = await getBrowser();
    busy += 1;
    contextsOnBrowser += 1;
    try {
      const context = await newContext(b, { storageState, baseURL: config.portal.baseUrl });
      const ctx = createFlowContext({
        context,
        baseUrl: config.portal.baseUrl,
        accountId,
        log: logger.child({ account: accountId }),
        ...(signal ? { signal } : {}),
      });
      const tracing = settings.use.trace !== 'off';
      if (tracing) await context.tracing.start({ screenshots: true, snapshots: true });
      let disposed = false;
      let failed = false;
      let base = storageState;
      return {
        ctx,
        markFailed() {
          failed = true;
        },
        async save() {
          base = await serially(acc.storageState, () => saveSessionMerged(context, acc.storageState, base));
        },
        async dispose() {
          if (disposed) return;
          disposed = true;
          busy -= 1;
          if (tracing) {
            const keep = failed || settings.use.trace === 'on';
            const path = keep ? await traceFile(accountId) : undefined;
            try {
              // Read what is secret while the context still holds it: cookies set during the check too.
              const secrets = path
                ? await traceSecrets(context, storageState, [acc.credentials?.password, ...config.secrets])
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
        },
      };
    } catch (error) {
      busy -= 1;
      throw error;
    }
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
    flow,
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
      await kv.close();
    },
  };
}
