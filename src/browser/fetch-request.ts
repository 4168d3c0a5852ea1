import http from 'node:http';
import https from 'node:https';
import type { APIRequestContext, APIResponse } from 'playwright';
import { type ClearCookieFilter, type CookieInput, createCookieJar, normalizeCookie } from './cookie-jar.js';
import { addParams, type Headers, serializeBody, setHeader, UnsupportedBodyError } from './fetch-body.js';
import {
  CLOSED,
  type FetchOptions,
  type FetchRequestOptions,
  namedError,
  UnsupportedRequestOptionError,
  unsupportedIn,
} from './fetch-options.js';
import { createResponse } from './fetch-response.js';
import { withRetries } from './fetch-retry.js';
import { writePrivateFile } from './private-file.js';
import type { StorageState } from './storage-state.js';

/**
 * A browser-free `APIRequestContext`: what Playwright's `request.newContext({ storageState, … })`
 * does for flows, without importing Playwright (whose in-process server alone costs ~90 MB), so an
 * API-only check stays small. Requests go over node:http(s) like Playwright's own; the cookie jar
 * keeps Playwright's rules (src/browser/cookie-jar.ts); bodies are encoded as Playwright encodes
 * them (src/browser/fetch-body.ts); errors start with the line Playwright's would
 * (`apiRequestContext.get: connect ECONNREFUSED 127.0.0.1:9`) and carry no call log, so no cookie
 * or authorization value can end up in one.
 *
 * What it does not do (`ignoreHTTPSErrors`, a ReadStream multipart part, `fetch(Request)`,
 * `tracing`, a cookie's `partitionKey`): with `upgrade`, the first such call hands the jar's state
 * to `upgrade(state)` once and every call from then on (storageState, cookies, dispose too) goes to
 * the Playwright context it returns; without it, the call fails naming the option.
 */

export { type FetchRequestOptions, UnsupportedRequestOptionError } from './fetch-options.js';

type Origin = StorageState['origins'][number];

export function createFetchRequest(options: FetchRequestOptions): APIRequestContext {
  const jar = createCookieJar();
  jar.add(options.storageState.cookies ?? []);
  const origins: Origin[] = (options.storageState.origins ?? []).map((o) => ({ ...o }));
  const agents = new Map<string, http.Agent>();
  /** Each request under way, by the API name its errors start with. */
  const inFlight = new Map<AbortController, string>();
  /** Sends of this client still under way: an upgrade waits for their cookies. */
  const pending = new Set<Promise<unknown>>();
  let disposed = false;
  let closeReason: string | undefined;
  let upgraded: Promise<APIRequestContext> | undefined;

  function agent(protocol: string): http.Agent {
    let found = agents.get(protocol);
    if (!found) {
      // As Node's global agent: an idle connection is closed after 5 s, so a check a minute later
      // never writes into one a firewall dropped in between (a new connection costs ≈ 1 ms here).
      const keep = { keepAlive: true, timeout: 5_000 };
      found = protocol === 'https:' ? new https.Agent(keep) : new http.Agent(keep);
      agents.set(protocol, found);
    }
    return found;
  }

  function state(): StorageState {
    return { cookies: jar.all(), origins: origins.map((o) => ({ ...o, indexedDB: [] }) as Origin) };
  }

  /** The Playwright context, made once from the jar's state; a failed upgrade is tried again next time. */
  function upgrade(what: string, api: string): Promise<APIRequestContext> {
    if (!options.upgrade) {
      return Promise.reject(
        new UnsupportedRequestOptionError(
          `${api}: ${what} is not supported by the browser-free request client; pass \`upgrade\` to switch to Playwright for it`,
        ),
      );
    }
    const make = options.upgrade;
    upgraded ??= (async () => {
      // Cookies of answers still on their way belong in the state handed over.
      await Promise.allSettled([...pending]);
      return make(state());
    })().catch((error: unknown) => {
      upgraded = undefined;
      throw error;
    });
    return upgraded;
  }

  async function doFetch(api: string, urlOrRequest: unknown, given: FetchOptions): Promise<APIResponse> {
    if (disposed) throw new Error(`${api}: ${closeReason ?? CLOSED}`);
    if ([given.data, given.form, given.multipart].filter((v) => v !== undefined).length > 1) {
      throw new Error(`${api}: Only one of 'data', 'form' or 'multipart' can be specified`);
    }
    if (given.maxRedirects !== undefined && given.maxRedirects < 0) {
      throw new Error(`${api}: 'maxRedirects' must be greater than or equal to '0'`);
    }
    if (given.maxRetries !== undefined && given.maxRetries < 0) {
      throw new Error(`${api}: 'maxRetries' must be greater than or equal to '0'`);
    }
    if (given.signal?.aborted) throw namedError('AbortError', `${api}: The operation was aborted`);
    const url = String(urlOrRequest);
    let requestUrl: URL;
    try {
      requestUrl = new URL(url, options.baseURL);
    } catch {
      throw new TypeError(`${api}: Invalid URL`);
    }
    addParams(requestUrl, given.params);
    const headers: Headers = {
      'user-agent': options.userAgent,
      accept: '*/*',
      'accept-encoding': 'gzip,deflate,br',
    };
    // As Playwright: a header given as undefined is left out.
    for (const [name, value] of [
      ...Object.entries(options.extraHTTPHeaders ?? {}),
      ...Object.entries(given.headers ?? {}),
    ]) {
      if (value !== undefined) setHeader(headers, name, value);
    }
    let body: Buffer | undefined;
    try {
      body = await serializeBody(given, headers, given.headers);
    } catch (error) {
      if (error instanceof UnsupportedBodyError) throw error;
      throw new Error(`${api}: ${(error as Error).message}`);
    }
    const timeout = given.timeout ?? options.timeout;
    const controller = new AbortController();
    const timer =
      timeout > 0
        ? setTimeout(
            () => controller.abort(namedError('TimeoutError', `${api}: Timeout ${timeout}ms exceeded.`)),
            timeout,
          )
        : undefined;
    const onSignal = () => {
      const reason = given.signal?.reason as unknown;
      const message =
        reason instanceof Error ? reason.message : String(reason ?? 'This operation was aborted');
      controller.abort(namedError('AbortError', `${api}: ${message}`));
    };
    given.signal?.addEventListener('abort', onSignal, { once: true });
    inFlight.set(controller, api);
    try {
      const raw = await withRetries(
        api,
        {
          url: requestUrl,
          method: given.method?.toUpperCase() || 'GET',
          headers,
          body,
          redirectsLeft: given.maxRedirects === 0 ? -1 : (given.maxRedirects ?? 20),
        },
        given.maxRetries ?? 0,
        controller.signal,
        { jar, agent },
      );
      if (given.failOnStatusCode && (raw.status < 200 || raw.status >= 400)) {
        let text = raw.body.toString('utf8');
        if (text.length > 1000) text = `${text.substring(0, 997)}...`;
        throw new Error(
          `${api}: ${raw.status} ${raw.statusText}${raw.body.byteLength ? `\nResponse text:\n${text}` : ''}`,
        );
      }
      return createResponse(raw, () => disposed);
    } finally {
      clearTimeout(timer);
      given.signal?.removeEventListener('abort', onSignal);
      inFlight.delete(controller);
    }
  }

  function alive(api: string): void {
    if (disposed) throw new Error(`${api}: ${CLOSED}`);
  }

  const sender =
    (method: string | undefined, name: string) =>
    async (urlOrRequest: unknown, given: FetchOptions = {}): Promise<APIResponse> => {
      const api = `apiRequestContext.${name}`;
      const call = method ? { ...given, method } : given;
      if (upgraded) return forward(urlOrRequest, call);
      if (disposed) throw new Error(`${api}: ${closeReason ?? CLOSED}`);
      const unsupported = unsupportedIn(urlOrRequest, call);
      if (unsupported) {
        await upgrade(unsupported, api);
        return forward(urlOrRequest, call);
      }
      const sending = doFetch(api, urlOrRequest, call);
      pending.add(sending);
      try {
        return await sending;
      } catch (error) {
        if (!(error instanceof UnsupportedBodyError)) throw error;
        await upgrade(error.message, api);
        return forward(urlOrRequest, call);
      } finally {
        pending.delete(sending);
      }
    };

  async function forward(urlOrRequest: unknown, call: FetchOptions): Promise<APIResponse> {
    const real = await (upgraded as Promise<APIRequestContext>);
    return real.fetch(urlOrRequest as string, call as Parameters<APIRequestContext['fetch']>[1]);
  }

  const context = {
    fetch: sender(undefined, 'fetch'),
    get: sender('GET', 'get'),
    post: sender('POST', 'post'),
    put: sender('PUT', 'put'),
    patch: sender('PATCH', 'patch'),
    delete: sender('DELETE', 'delete'),
    head: sender('HEAD', 'head'),
    async storageState(given: { path?: string; indexedDB?: boolean } = {}): Promise<StorageState> {
      if (upgraded) return (await upgraded).storageState(given);
      alive('apiRequestContext.storageState');
      const current = state();
      if (given.path) await writePrivateFile(given.path, `${JSON.stringify(current, null, 2)}\n`);
      return current;
    },
    async cookies(urls?: string | readonly string[]) {
      if (upgraded) return (await upgraded).cookies(urls);
      alive('apiRequestContext.cookies');
      return jar.forUrls(urls === undefined ? [] : typeof urls === 'string' ? [urls] : urls);
    },
    async addCookies(cookies: readonly (CookieInput & { partitionKey?: string })[]) {
      if (!upgraded && cookies.some((c) => c.partitionKey !== undefined)) {
        await upgrade("a cookie's partitionKey", 'apiRequestContext.addCookies');
      }
      if (upgraded) return (await upgraded).addCookies(cookies);
      alive('apiRequestContext.addCookies');
      let normalized: ReturnType<typeof normalizeCookie>[];
      try {
        normalized = cookies.map(normalizeCookie);
      } catch (error) {
        throw new Error(`apiRequestContext.addCookies: ${(error as Error).message}`);
      }
      jar.add(normalized);
    },
    async clearCookies(filter: ClearCookieFilter = {}) {
      if (upgraded) return (await upgraded).clearCookies(filter);
      alive('apiRequestContext.clearCookies');
      jar.clear(filter);
    },
    async dispose(given: { reason?: string } = {}) {
      if (disposed) return;
      disposed = true;
      closeReason = given.reason;
      for (const [controller, api] of inFlight)
        controller.abort(new Error(`${api}: ${given.reason ?? CLOSED}`));
      for (const found of agents.values()) found.destroy();
      agents.clear();
      if (upgraded) await (await upgraded.catch(() => undefined))?.dispose(given);
    },
    async [Symbol.asyncDispose]() {
      await context.dispose();
    },
    get tracing(): APIRequestContext['tracing'] {
      // Tracing needs Playwright: each of its methods switches for good, then calls the real one.
      return new Proxy({} as APIRequestContext['tracing'], {
        get(_target, prop) {
          if (typeof prop !== 'string' || prop === 'then') return undefined;
          return async (...args: unknown[]) => {
            const real = await upgrade('tracing', `tracing.${prop}`);
            const method = (real.tracing as unknown as Record<string, (...a: unknown[]) => unknown>)[prop];
            return method?.apply(real.tracing, args);
          };
        },
      });
    },
  };
  return context as unknown as APIRequestContext;
}
