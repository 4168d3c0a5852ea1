import type { BrowserContext, Page } from 'playwright';
import type { FlowContext, FlowLogger } from './types.js';

export interface CreateFlowContextOptions {
  context: BrowserContext;
  baseUrl: string;
  accountId: string;
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
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    accountId: options.accountId,
    context,
    request: context.request,
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
