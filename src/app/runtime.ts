import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { makeLoginLink } from '../approve/login-tokens.js';
import { makeApprovalLinks } from '../approve/tokens.js';
import { launchBrowser, newContext } from '../browser/launch.js';
import { readStorageState } from '../browser/session.js';
import { browserSettings as settings } from '../browser/settings.js';
import { redactTraceFile } from '../browser/trace-redact.js';
import { traceSecrets } from '../browser/trace-secrets.js';
import type { LoadedConfig } from '../config/load.js';
import { BadInputError } from '../core/errors.js';
import { createFlowContext, type OwnedFlowContext } from '../flow/context.js';
import { loadPortalFlow } from '../flow/load.js';
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
  /** `portal.options` as the flow's schema parsed them (what `ctx.options` is). */
  flowOptions: unknown;
  now: () => Date;
  /** One shared browser, launched on first use and relaunched after it dies or after many contexts. */
  browser(): Promise<Browser>;
  /** A fresh context for the account from its saved session; `dispose()` closes it. */
  openAccount(accountId: string, signal?: AbortSignal): Promise<AccountSession>;
  /** Runs `fn` with a fresh context for the account (from its saved session), closed afterwards. */
  withAccount<T>(
    accountId: string,
    fn: (ctx: OwnedFlowContext) => Promise<T>,
    signal?: AbortSignal,
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
  const { flow, options: flowOptions } = await loadPortalFlow(config.portal, {
    cwd: config.dir,
    configFile: config.file,
  });
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
        options: flowOptions,
        storageState,
        log: logger.child({ account: accountId }),
        ...(signal ? { signal } : {}),
      });
      const tracing = settings.use.trace !== 'off';
      if (tracing) await context.tracing.start({ screenshots: true, snapshots: true });
      let disposed = false;
      let failed = false;
      return {
        ctx,
        markFailed() {
          failed = true;
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

  return {
    config,
    logger,
    kv,
    repos,
    watchState,
    flow,
    flowOptions,
    now,
    browser: getBrowser,
    openAccount,
    async withAccount(accountId, fn, signal) {
      const session = await openAccount(accountId, signal);
      try {
        return await fn(session.ctx);
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
