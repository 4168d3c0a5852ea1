import type http from 'node:http';
import type { CookieJar } from './cookie-jar.js';
import { namedError } from './fetch-options.js';
import { type Hop, networkMessage, type RawResponse, send } from './fetch-transport.js';

/**
 * One request of the browser-free client with Playwright's `maxRetries`: only ECONNRESET is tried
 * again, after 250 ms doubling; the caller's signal (timeout, abort, dispose) stops the wait.
 */
export async function withRetries(
  api: string,
  hop: Hop,
  maxRetries: number,
  signal: AbortSignal,
  deps: { jar: CookieJar; agent(protocol: string): http.Agent },
): Promise<RawResponse> {
  let backoffMs = 250;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send({ ...hop, headers: { ...hop.headers } }, { ...deps, signal });
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const code = (error as { code?: unknown }).code;
      if (maxRetries === 0 || (attempt < maxRetries && code !== 'ECONNRESET')) {
        // Playwright keeps the error's kind (a bad header value is a TypeError).
        throw namedError(error instanceof Error ? error.name : 'Error', `${api}: ${networkMessage(error)}`);
      }
      if (attempt === maxRetries) {
        throw new Error(`${api}: Failed after ${attempt + 1} attempt(s): ${String(error)}`);
      }
      await new Promise<void>((resolve) => {
        const wake = setTimeout(resolve, backoffMs);
        const stop = () => {
          clearTimeout(wake);
          resolve();
        };
        signal.addEventListener('abort', stop, { once: true });
      });
      if (signal.aborted) throw signal.reason;
      backoffMs *= 2;
    }
  }
}
