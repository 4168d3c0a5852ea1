import { createLazySession } from '../../browser/lazy-session.js';
import { sameStorageState, saveStateMerged } from '../../browser/session.js';
import type { LoadedConfig } from '../../config/load.js';
import { BadInputError } from '../../core/errors.js';
import type { OwnedFlowContext } from '../../flow/context.js';
import type { Logger } from '../../log/logger.js';
import type { BrowserPool } from './browser-pool.js';
import { closeBrowserSide, openBrowserSide } from './browser-side.js';
import { CLEANUP_MS, timeBox } from './time-box.js';
import { fileStamp, type WarmRequests } from './warm-requests.js';

/** An account's session for one check (Runtime.openAccount). */
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

/** What an account's session is made from: the runtime's collaborators. */
export interface SessionDeps {
  config: LoadedConfig;
  logger: Logger;
  flowOptions: unknown;
  now: () => Date;
  pool: BrowserPool;
  warm: WarmRequests;
  /** How long each cleanup step may take before the browser is recycled (default CLEANUP_MS). */
  cleanupMs?: number;
}

/** Opens accounts' sessions; one writer per session file at a time across them. */
export function createSessionOpener(deps: SessionDeps) {
  const { config, logger, flowOptions, warm } = deps;

  function account(accountId: string) {
    const found = config.accounts.find((a) => a.id === accountId);
    if (!found) {
      const known = config.accounts.map((a) => a.id);
      throw new BadInputError(`no account "${accountId}" in ${config.file}`, {
        words: { code: 'no_account', accountId, file: config.file, known },
      });
    }
    return found;
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
    const api = await warm.acquire(accountId, acc.storageState);
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
        const context = await openBrowserSide(deps, accountId, state);
        onBrowser = true;
        return context;
      },
    });
    const { ctx } = lazy;
    let disposed = false;
    let failed = false;
    let base = api.storageState;

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
        // Stryker disable next-line ConditionalExpression: saveStateMerged() skips an unchanged state too; this only saves the stamp read
        if (sameStorageState(ours, base)) return;
        const { saved, before } = await serially(acc.storageState, async () => {
          const stamp = await fileStamp(acc.storageState);
          return { saved: await saveStateMerged(ours, acc.storageState, base), before: stamp };
        });
        base = saved;
        // Stryker disable next-line ConditionalExpression: an API side no longer current is never handed out again, its stamp unused
        if (warm.isCurrent(accountId, api)) {
          // Stryker disable next-line BlockStatement: defence in depth, the next acquire sees the file's new stamp as well
          if (before !== api.stamp) {
            // Someone else wrote the file since the API side was made (a login): it must not take
            // that file's stamp with its own old cookies. The next check starts from the file.
            // Stryker disable next-line BooleanLiteral: as above, acquire() compares the stamps anyway
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
        // A browser still starting is waited for only so long (issue 26): then it is recycled.
        const limitMs = deps.cleanupMs ?? CLEANUP_MS;
        const settled = await timeBox(lazy.settled(), limitMs);
        if (!settled.done) {
          logger.warn(
            { account: accountId, step: 'browser start' },
            `the browser did not start within ${limitMs} ms of the check's end: gave up on it, recycling the browser`,
          );
          deps.pool.discard();
        }
        const context = settled.done ? settled.value : undefined;
        if (context) {
          await closeBrowserSide(deps, context, {
            account: acc,
            apiState: api.storageState,
            failed,
            closeFlowContext: () => ctx.close(),
          });
        }
        // After a browser was used its cookies are in the saved file, not in the API side: re-read.
        await warm.release(accountId, api, failed || onBrowser);
      },
    };
  }

  return openAccount;
}
