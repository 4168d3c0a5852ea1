import type { APIRequestContext, APIResponse, BrowserContext, Page } from 'playwright';
import type { OwnedFlowContext } from '../flow/context.js';
import {
  applyLocalWrites,
  createFlowStorage,
  type LocalWrite,
  type SavedOrigins,
  writeLocalToContext,
} from '../flow/storage.js';
import type { FlowLogger } from '../flow/types.js';
import { decodingResponse } from './decoding-response.js';
import type { StorageState } from './launch.js';
import {
  awaitingProxy,
  beforeLaunch,
  callOn,
  member,
  onDemand,
  requestMember,
  sharedPage,
  trimBaseUrl,
} from './lazy-session-rules.js';
import { mergeStorageState } from './storage-merge.js';

export interface LazySessionOptions {
  baseUrl: string;
  accountId: string;
  log?: FlowLogger;
  signal?: AbortSignal;
  /** The API side, made from the saved session; its owner disposes it (it may outlive the session). */
  request: APIRequestContext;
  /** `portal.options` as the flow's schema parsed them. */
  options?: unknown;
  /** The state the API side was made from: `ctx.storage` reads it without launching anything. */
  storageState?: SavedOrigins;
  /**
   * Makes the browser context from the given state; called once, when a step first asks for the
   * page or the context. Finding and launching Chromium happen in here, and only then.
   */
  openContext(state: StorageState): Promise<BrowserContext>;
}

export interface LazySession {
  ctx: OwnedFlowContext;
  /** The browser context, once a step asked for it (undefined: nothing was launched). */
  browserContext(): BrowserContext | undefined;
  /** Waits for a browser context still being made, then returns it (undefined: none). */
  settled(): Promise<BrowserContext | undefined>;
  /** HTTP requests to the portal so far: through ctx.request, and every one the browser made. */
  requests(): number;
  /** What to save: the API side's state, merged with the browser's when a browser was used. */
  storageState(): Promise<StorageState>;
}

const silent: FlowLogger = { debug() {}, info() {}, warn() {} };

/**
 * The FlowContext of one account for one check, with the browser behind it started only on demand.
 * `ctx.request` is the API side (a Playwright request context from the saved session: no browser
 * launched, none even looked for) until a step calls `ctx.page()` or uses `ctx.context`; that
 * launches the browser with a context made from the API side's cookies at that moment, and from
 * then on `ctx.request` is that context's own request (one cookie jar for pages and requests).
 * The session saved afterwards merges what either side changed (src/browser/storage-merge.ts: the browser's changes since it opened, onto the API side).
 */
export function createLazySession(options: LazySessionOptions): LazySession {
  const api = options.request;
  const baseUrl = trimBaseUrl(options.baseUrl);
  let sent = 0;
  /** Who wants to hear of new pages (ctx.storage): attached when the browser starts, not before. */
  const pageListeners: (() => void)[] = [];
  /**
   * localStorage written by the flow (ctx.storage.setLocal): the API side has no storage of its
   * own, so the writes are kept here, in the browser's seed when one starts, and in what is saved.
   */
  const localWrites: LocalWrite[] = [];

  /** The browser side and the state it was made from (what the session saved merges against). */
  const browser = onDemand(async () => {
    const seed = applyLocalWrites(await api.storageState(), localWrites);
    const context = await options.openContext(seed);
    context.on('request', () => {
      sent += 1;
    });
    for (const listener of pageListeners) context.on('page', listener);
    return { context, seed };
  });
  const ensureContext = async () => (await browser.get()).context;
  const opened = () => browser.current()?.context;

  async function writeLocal(change: LocalWrite): Promise<void> {
    localWrites.push(change);
    const context = opened();
    if (context) await writeLocalToContext(context, change);
  }

  const request = new Proxy(api, {
    get(_target, prop) {
      const value = member(opened()?.request ?? api, prop);
      const kind = requestMember(prop, value);
      if (kind === 'no-dispose') return async () => {};
      if (kind === 'as-is') return value;
      return (...args: unknown[]) => {
        sent += 1;
        // Bodies read as the browser reads them, whichever side answers (src/browser/decoding-response.ts).
        return (value as (...a: unknown[]) => Promise<APIResponse>)(...args).then(decodingResponse);
      };
    },
  });

  const lazyContext: BrowserContext = new Proxy({} as BrowserContext, {
    get(_target, prop) {
      const context = opened();
      if (context) return member(context, prop);
      const meaning = beforeLaunch(prop);
      switch (meaning.act) {
        case 'answer':
          return meaning.value;
        case 'request':
          return request;
        case 'defer':
          return (...args: unknown[]) => {
            callOn(ensureContext, prop, args).catch(() => {});
            return lazyContext;
          };
        case 'nested':
          return awaitingProxy(async () => member(await ensureContext(), prop) as object);
        default:
          return (...args: unknown[]) => callOn(ensureContext, prop, args);
      }
    },
  });

  const page = sharedPage<Page>(async () => (await ensureContext()).newPage());

  const ctx: OwnedFlowContext = {
    baseUrl,
    accountId: options.accountId,
    options: options.options,
    context: lazyContext,
    request,
    // Before a page exists it reads the saved state; afterwards the live page (pages change it).
    storage: createFlowStorage(
      lazyContext,
      baseUrl,
      options.storageState,
      (listener) => pageListeners.push(listener),
      writeLocal,
    ),
    page: page.get,
    log: options.log ?? silent,
    signal: options.signal ?? new AbortController().signal,
    close: page.close,
  };

  return {
    ctx,
    browserContext: opened,
    requests: () => sent,
    settled: async () => (await browser.settled())?.context,
    async storageState() {
      const fromApi = applyLocalWrites(await api.storageState(), localWrites);
      const launched = browser.current();
      if (!launched) return fromApi;
      return mergeStorageState(launched.seed, await launched.context.storageState(), fromApi);
    },
  };
}
