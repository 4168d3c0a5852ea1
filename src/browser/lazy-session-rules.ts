/**
 * The decisions of the lazy session (src/browser/lazy-session.ts), without a browser: what a member of
 * a context not launched yet answers, which members of `ctx.request` send a request (and are counted),
 * the browser side opened once on demand and tried again after a failed start, and the page a step
 * gets (the one it had while it is open). The shell launches Chromium; everything here is plain
 * objects and promises, unit-tested in test/browser/lazy-session-rules.test.ts.
 */

/** What reading a member of the context means while no browser runs. */
export type BeforeLaunch =
  /** Answered at once, nothing launched (looking at the proxy, a context with no pages yet). */
  | { act: 'answer'; value: unknown }
  /** The API side's request client. */
  | { act: 'request' }
  /** A synchronous member that changes the context: applied once it exists, the context returned. */
  | { act: 'defer' }
  /** An object with async methods of its own (tracing, clock): each call launches, then runs. */
  | { act: 'nested' }
  /** Anything else is a call that needs the browser: it launches, then runs. */
  | { act: 'launch' };

/** What a context that does not exist yet has: no pages, workers or browser. */
const BEFORE_LAUNCH = new Map<string, () => unknown>([
  ['pages', () => []],
  ['backgroundPages', () => []],
  ['serviceWorkers', () => []],
  ['browser', () => null],
  ['toString', () => '[BrowserContext, not launched yet]'],
]);

/** Synchronous members that change the context. */
const DEFERRED: ReadonlySet<string> = new Set([
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
const NESTED: ReadonlySet<string> = new Set(['tracing', 'clock']);

/** Looking at a proxy (await, JSON, printing, test matchers) must not launch a browser. */
const INERT: ReadonlySet<string | symbol> = new Set([
  'then',
  'toJSON',
  'constructor',
  'valueOf',
  'asymmetricMatch',
  'nodeType',
]);

/** The APIRequestContext methods that send a request. */
const SENDS: ReadonlySet<string | symbol> = new Set([
  'fetch',
  'get',
  'post',
  'put',
  'patch',
  'delete',
  'head',
]);

const inert = (prop: string | symbol): boolean => typeof prop === 'symbol' || INERT.has(prop);

export function beforeLaunch(prop: string | symbol): BeforeLaunch {
  if (prop === 'request') return { act: 'request' };
  if (inert(prop)) return { act: 'answer', value: undefined };
  const name = prop as string;
  const answer = BEFORE_LAUNCH.get(name);
  if (answer) return { act: 'answer', value: answer };
  if (DEFERRED.has(name)) return { act: 'defer' };
  if (NESTED.has(name)) return { act: 'nested' };
  return { act: 'launch' };
}

/**
 * What a member of `ctx.request` is: the flow's own dispose (a no-op: the owner disposes the API
 * side, which a watch keeps between checks), a method that sends (counted, its body decoded), or
 * anything else, passed through.
 */
export function requestMember(prop: string | symbol, value: unknown): 'no-dispose' | 'send' | 'as-is' {
  if (prop === 'dispose' || prop === Symbol.asyncDispose) return 'no-dispose';
  return SENDS.has(prop) && typeof value === 'function' ? 'send' : 'as-is';
}

type AnyFn = (...args: unknown[]) => unknown;

/** A member of `target`, a method bound to it (so a proxy can hand it out). */
export function member(target: object, prop: string | symbol): unknown {
  const value = Reflect.get(target, prop, target) as unknown;
  return typeof value === 'function' ? (value as AnyFn).bind(target) : value;
}

/** Calls `prop` of what `get()` resolves to, with `args`. */
export function callOn(get: () => Promise<object>, prop: string | symbol, args: unknown[]): Promise<unknown> {
  return get().then((real) => (member(real, prop) as AnyFn)(...args));
}

/** An object whose every method awaits `get()` and then calls the real one; looking at it calls nothing. */
export function awaitingProxy(get: () => Promise<object>): object {
  return new Proxy(
    {},
    {
      get(_target, prop) {
        if (inert(prop)) return undefined;
        return (...args: unknown[]) => callOn(get, prop, args);
      },
    },
  );
}

export interface OnDemand<T> {
  /** Opens it on the first ask (later asks share that opening); a failed opening is tried again. */
  get(): Promise<T>;
  /** What was opened, if it was (undefined: nothing opened yet). */
  current(): T | undefined;
  /** Waits for an opening still under way, then answers current() (a failed one: undefined). */
  settled(): Promise<T | undefined>;
}

/** One thing opened only when asked for, once; a browser that could not start may start on the next ask. */
export function onDemand<T>(open: () => Promise<T>): OnDemand<T> {
  let opened: T | undefined;
  let opening: Promise<T> | undefined;
  return {
    get() {
      opening ??= open().then(
        (value) => {
          opened = value;
          return value;
        },
        (error: unknown) => {
          opening = undefined;
          throw error;
        },
      );
      return opening;
    },
    current: () => opened,
    async settled() {
      await opening?.catch(() => undefined);
      return opened;
    },
  };
}

/** What the lazy session needs of a page. */
export interface ClosablePage {
  isClosed(): boolean;
  close(): Promise<void>;
}

/**
 * The page a flow's steps share: the one made before while it is open, else a new one (a page that
 * failed to open or was closed is replaced); close() closes it if it is still open.
 */
export function sharedPage<P extends ClosablePage>(make: () => Promise<P>) {
  let making: Promise<P> | undefined;
  return {
    async get(): Promise<P> {
      if (making) {
        const current = await making.catch(() => undefined);
        if (current && !current.isClosed()) return current;
      }
      making = make();
      return making;
    },
    async close(): Promise<void> {
      const pending = making;
      making = undefined;
      const current = await pending?.catch(() => undefined);
      if (current && !current.isClosed()) await current.close();
    },
  };
}

/** The portal's base URL as flows join paths to it: without trailing slashes. */
export const trimBaseUrl = (url: string): string => url.replace(/\/+$/, '');
