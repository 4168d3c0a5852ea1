import type { APIResponse } from 'playwright';
import { decodeBody } from '../flow/charset.js';

/**
 * An APIResponse whose `text()` and `json()` decode the body as a browser decodes a page (BOM,
 * Content-Type charset, `<meta charset>`: src/flow/charset.ts). Playwright's read UTF-8 always, so a
 * GBK page came out as mojibake once a step had opened a page and `ctx.request` became the
 * browser context's own; wrapped, `ctx.request` reads the same before and after.
 */
export function decodingResponse(response: APIResponse): APIResponse {
  const text = async () =>
    decodeBody(await response.body(), response.headers()['content-type'], response.url()).text;
  return new Proxy(response, {
    get(target, prop) {
      if (prop === 'text') return text;
      if (prop === 'json') return async () => JSON.parse(await text()) as unknown;
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
