import type { BrowserContext } from 'playwright';
import { newContext, type StorageState } from '../../browser/launch.js';
import { browserSettings as settings } from '../../browser/settings.js';
import { redactTraceFile } from '../../browser/trace-redact.js';
import { traceSecrets } from '../../browser/trace-secrets.js';
import type { LoadedConfig, ResolvedAccount } from '../../config/load.js';
import type { Logger } from '../../log/logger.js';
import type { BrowserPool } from './browser-pool.js';
import { endTrace, keepTrace } from './session-traces.js';

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

/** Closes the account's context: the trace first (kept on failure, redacted), then the flow's page, then the context. */
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
  pool.closed();
  if (tracing()) {
    await endTrace({
      keep: keepTrace(session.failed, settings.use.trace),
      tracesDir: config.store.tracesDir,
      now: deps.now(),
      accountId: session.account.id,
      secrets: () =>
        traceSecrets(context, session.apiState, [session.account.credentials?.password, ...config.secrets]),
      stop: (path) => context.tracing.stop(path ? { path } : {}),
      redact: redactTraceFile,
      logger,
    });
  }
  await session.closeFlowContext().catch(() => {});
  await context.close().catch(() => {});
}
