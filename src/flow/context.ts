import type { BrowserContext, Page } from 'playwright';
import { createFlowStorage, type SavedOrigins } from './storage.js';
import type { FlowContext, FlowLogger } from './types.js';

export interface CreateFlowContextOptions {
  context: BrowserContext;
  baseUrl: string;
  accountId: string;
  /** `portal.options` as the flow's schema parsed them. */
  options?: unknown;
  /** The storage state the context was made from: `ctx.storage` then reads it without a round trip. */
  storageState?: SavedOrigins;
  log?: FlowLogger;
  signal?: AbortSignal;
}

export type OwnedFlowContext = FlowContext & {
  /** Closes the page this context opened (not the browser context, which the caller owns). */
  close(): Promise<void>;
};

const silent: FlowLogger = { debug() {}, info() {}, warn() {} };

/** The FlowContext for one account in one cycle: one page, opened on first use and reused. */
export function createFlowContext(options: CreateFlowContextOptions): OwnedFlowContext {
  const { context } = options;
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  let opening: Promise<Page> | undefined;

  async function page(): Promise<Page> {
    if (opening) {
      const current = await opening.catch(() => undefined);
      if (current && !current.isClosed()) return current;
    }
    opening = context.newPage();
    return opening;
  }

  return {
    baseUrl,
    accountId: options.accountId,
    options: options.options,
    context,
    request: context.request,
    storage: createFlowStorage(context, baseUrl, options.storageState),
    page,
    log: options.log ?? silent,
    signal: options.signal ?? new AbortController().signal,
    async close() {
      const pending = opening;
      opening = undefined;
      if (!pending) return;
      const current = await pending.catch(() => undefined);
      if (current && !current.isClosed()) await current.close();
    },
  };
}
