import type { APIResponse } from 'playwright';
import { decodeBody } from '../flow/charset.js';
import type { RawResponse } from './fetch-transport.js';

/**
 * The APIResponse of the browser-free request client: the body was read whole before it is made;
 * `text()` and `json()` decode it as a browser decodes a page (src/flow/charset.ts);
 * `headers()` joins repeated names as Playwright does (Set-Cookie with a newline, others with a
 * comma); after `dispose()`, or the context's, `body()` rejects as Playwright's does.
 */
export function createResponse(raw: RawResponse, contextDisposed: () => boolean): APIResponse {
  let disposed = false;
  const lower = new Map<string, string[]>();
  for (const { name, value } of raw.headers) {
    const key = name.toLowerCase();
    lower.set(key, [...(lower.get(key) ?? []), value]);
  }
  const body = async (): Promise<Buffer> => {
    if (disposed || contextDisposed()) throw new Error('apiResponse.body: Response has been disposed');
    return raw.body;
  };
  const response = {
    url: () => raw.url,
    status: () => raw.status,
    statusText: () => raw.statusText,
    ok: () => raw.status >= 200 && raw.status <= 299,
    headers: () =>
      Object.fromEntries(
        [...lower].map(([name, values]) => [name, values.join(name === 'set-cookie' ? '\n' : ', ')]),
      ),
    headersArray: () => raw.headers.map((h) => ({ ...h })),
    body,
    // Decoded as the browser decodes the page (BOM, charset, meta): Playwright's are UTF-8 always.
    text: async () => decodeBody(await body(), lower.get('content-type')?.[0], raw.url).text,
    json: async () =>
      JSON.parse(decodeBody(await body(), lower.get('content-type')?.[0], raw.url).text) as unknown,
    securityDetails: async () => raw.securityDetails,
    serverAddr: async () => raw.serverAddr,
    // Only the moments this client sees: when the last hop started, its headers and its end.
    timing: () => ({
      startTime: raw.timing.startTime,
      domainLookupStart: -1,
      domainLookupEnd: -1,
      connectStart: -1,
      secureConnectionStart: -1,
      connectEnd: -1,
      requestStart: -1,
      responseStart: raw.timing.responseStart,
      responseEnd: raw.timing.responseEnd,
    }),
    dispose: async () => {
      disposed = true;
    },
    [Symbol.asyncDispose]: async () => {
      disposed = true;
    },
    toString: () => `APIResponse: ${raw.status} ${raw.statusText}`,
  };
  return response as unknown as APIResponse;
}
