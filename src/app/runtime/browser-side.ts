import type { BrowserContext } from 'playwright';
import { newContext, type StorageState } from '../../browser/launch.js';
import { browserSettings as settings } from '../../browser/settings.js';
import { redactTraceFile } from '../../browser/trace-redact.js';
import { traceSecrets } from '../../browser/trace-secrets.js';
import type { LoadedConfig, ResolvedAccount } from '../../config/load.js';
import type { Logger } from '../../log/logger.js';
import type { BrowserPool } from './browser-pool.js';
import { endTrace, keepTrace } from './session-traces.js';
import { CLEANUP_MS, timeBox } from './time-box.js';

/**
 * The browser half of one account's session: the context a flow step's first ask launches (traced
 * unless `trace: 'off'`) and its close, with the trace kept or dropped as session-traces.ts decides.
 * Playwright glue only: it needs a real browser, so it is tested in Chromium (test/browser,
 * test/approval-e2e), not by the unit tests `npm run mutate` runs; the decisions live in
 * account-session.ts and session-traces.ts, which are.
 */
export interface BrowserSideDeps {
  config: LoadedConfig;
  logger: Logger;
  pool: BrowserPool;
  now: () => Date;
  /** How long each cleanup step may take before the browser is recycled (default CLEANUP_MS). */
  cleanupMs?: number;
}

const tracing = () => settings.use.trace !== 'off';

/** Launches (or reuses) the browser and opens the account's context from `state`. */
export async function openBrowserSide(
  deps: BrowserSideDeps,
  accountId: string,
  state: StorageState,
): Promise<BrowserContext> {
  const b = await deps.pool.get();
  const context = await newContext(b, {
    storageState: state,
    baseURL: deps.config.portal.baseUrl,
    device: deps.config.portal.device,
  });
  deps.pool.opened();
  if (tracing()) await context.tracing.start({ screenshots: true, snapshots: true });
  deps.logger.debug({ account: accountId }, 'a flow step asked for the browser: launched it');
  return context;
}

/**
 * Closes the account's context: the trace first (kept on failure, redacted), then the flow's page,
 * then the context, each within `cleanupMs`; a step that does not answer recycles the browser.
 */
export async function closeBrowserSide(
  deps: BrowserSideDeps,
  context: BrowserContext,
  session: {
    account: ResolvedAccount;
    /** The saved session the API side was made from (its values are kept out of the trace). */
    apiState: StorageState;
    failed: boolean;
    closeFlowContext(): Promise<void>;
  },
): Promise<void> {
  const { config, logger, pool } = deps;
  const limitMs = deps.cleanupMs ?? CLEANUP_MS;
  const account = session.account.id;
  pool.closed();
  // Each browser step time-boxed (issue 26): a browser that does not answer (stuck after an error
  // page, frozen) must not keep the check past its end nor the next one from starting; it is
  // recycled. Redacting a kept trace is file work, not the browser's: it is not cut short.
  let answered = true;
  const step = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    if (!answered) throw new Error(`skipped "${what}": the browser did not answer`);
    const boxed = await timeBox(work(), limitMs);
    if (boxed.done) return boxed.value;
    answered = false;
    logger.warn(
      { account, step: what },
      `the browser did not answer "${what}" within ${limitMs} ms: gave up on it, recycling the browser`,
    );
    throw new Error(`the browser did not answer "${what}" within ${limitMs} ms`);
  };
  if (tracing()) {
    await endTrace({
      keep: keepTrace(session.failed, settings.use.trace),
      tracesDir: config.store.tracesDir,
      now: deps.now(),
      accountId: account,
      secrets: () =>
        step('trace secrets', () =>
          traceSecrets(context, session.apiState, [session.account.credentials?.password, ...config.secrets]),
        ),
      stop: (path) => step('trace stop', () => context.tracing.stop(path ? { path } : {})),
      redact: redactTraceFile,
      logger,
    });
  }
  await step('page close', () => session.closeFlowContext()).catch(() => {});
  await step('context close', () => context.close()).catch(() => {});
  if (!answered) pool.discard();
}
