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

/** Answers of a context that does not exist yet: it has no pages, workers or browser. */
const BEFORE_LAUNCH: Record<string, () => unknown> = {
  pages: () => [],
  backgroundPages: () => [],
  serviceWorkers: () => [],
  browser: () => null,
};

/** Synchronous members that change the context: applied once it exists, in call order. */
const DEFERRED = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'off',
  'removeListener',
  'removeAllListeners',
  'setDefaultTimeout',
  'setDefaultNavigationTimeout',
]);

/** Members that are objects with async methods of their own. */
const NESTED = new Set(['tracing', 'clock']);

/** The APIRequestContext methods that send a request. */
const SENDS = new Set(['fetch', 'get', 'post', 'put', 'patch', 'delete', 'head']);

/** Looking at the proxy (await, JSON, printing) must not launch a browser. */
const INERT = new Set(['then', 'toJSON', 'constructor', 'valueOf', 'asymmetricMatch', 'nodeType']);

type AnyFn = (...args: unknown[]) => unknown;

function member(target: object, prop: string | symbol): unknown {
  const value = Reflect.get(target, prop, target) as unknown;
  return typeof value === 'function' ? (value as AnyFn).bind(target) : value;
}

/** An object whose every method awaits `get()` and then calls the real one. */
function awaitingProxy(get: () => Promise<object>): object {
  return new Proxy(
    {},
    {
      get(_target, prop) {
        if (typeof prop !== 'string' || INERT.has(prop)) return undefined;
        return (...args: unknown[]) => get().then((real) => (member(real, prop) as AnyFn)(...args));
      },
    },
  );
}

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
  let opened: BrowserContext | undefined;
  let base: StorageState | undefined;
  let opening: Promise<BrowserContext> | undefined;
  let sent = 0;
  /** Who wants to hear of new pages (ctx.storage): attached when the browser starts, not before. */
  const pageListeners: (() => void)[] = [];
  /**
   * localStorage written by the flow (ctx.storage.setLocal): the API side has no storage of its
   * own, so the writes are kept here, in the browser's seed when one starts, and in what is saved.
   */
  const localWrites: LocalWrite[] = [];

  async function writeLocal(change: LocalWrite): Promise<void> {
    localWrites.push(change);
    if (opened) await writeLocalToContext(opened, change);
  }

  function ensureContext(): Promise<BrowserContext> {
    opening ??= (async () => {
      const seed = applyLocalWrites(await api.storageState(), localWrites);
      const context = await options.openContext(seed);
      context.on('request', () => {
        sent += 1;
      });
      for (const listener of pageListeners) context.on('page', listener);
      base = seed;
      opened = context;
      return context;
    })().catch((error: unknown) => {
      // A browser that could not start (none installed, launch timed out) may start on the next ask.
      opening = undefined;
      throw error;
    });
    return opening;
  }

  const request = new Proxy(api, {
    get(_target, prop) {
      // The owner disposes the API side (a watch keeps it between checks): a flow's dispose is a no-op.
      if (prop === 'dispose' || prop === Symbol.asyncDispose) return async () => {};
      const value = member(opened?.request ?? api, prop);
      if (typeof prop !== 'string' || !SENDS.has(prop) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        sent += 1;
        // Bodies read as the browser reads them, whichever side answers (src/browser/decoding-response.ts).
        return (value as (...a: unknown[]) => Promise<APIResponse>)(...args).then(decodingResponse);
      };
    },
  });

  const lazyContext = new Proxy({} as BrowserContext, {
    get(_target, prop) {
      if (opened) return member(opened, prop);
      if (prop === 'request') return request;
      if (typeof prop !== 'string' || INERT.has(prop)) return undefined;
      if (prop === 'toString') return () => '[BrowserContext, not launched yet]';
      const answer = BEFORE_LAUNCH[prop];
      if (answer) return answer;
      if (DEFERRED.has(prop)) {
        return (...args: unknown[]) => {
          ensureContext()
            .then((real) => (member(real, prop) as AnyFn)(...args))
            .catch(() => {});
          return lazyContext;
        };
      }
      if (NESTED.has(prop)) return awaitingProxy(async () => member(await ensureContext(), prop) as object);
      return (...args: unknown[]) => ensureContext().then((real) => (member(real, prop) as AnyFn)(...args));
    },
  });

  let pageOpening: Promise<Page> | undefined;
  async function page(): Promise<Page> {
    if (pageOpening) {
      const current = await pageOpening.catch(() => undefined);
      if (current && !current.isClosed()) return current;
    }
    pageOpening = ensureContext().then((context) => context.newPage());
    return pageOpening;
  }

  const ctx: OwnedFlowContext = {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    accountId: options.accountId,
    options: options.options,
    context: lazyContext,
    request,
    // Before a page exists it reads the saved state; afterwards the live page (pages change it).
    storage: createFlowStorage(
      lazyContext,
      options.baseUrl.replace(/\/+$/, ''),
      options.storageState,
      (listener) => pageListeners.push(listener),
      writeLocal,
    ),
    page,
    log: options.log ?? silent,
    signal: options.signal ?? new AbortController().signal,
    async close() {
      const pending = pageOpening;
      pageOpening = undefined;
      if (!pending) return;
      const current = await pending.catch(() => undefined);
      if (current && !current.isClosed()) await current.close();
    },
  };

  return {
    ctx,
    browserContext: () => opened,
    requests: () => sent,
    async settled() {
      await opening?.catch(() => undefined);
      return opened;
    },
    async storageState() {
      const fromApi = applyLocalWrites(await api.storageState(), localWrites);
      if (!opened || !base) return fromApi;
      return mergeStorageState(base, await opened.storageState(), fromApi);
    },
  };
}
