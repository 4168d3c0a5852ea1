/**
 * Browser I/O: sends recorded GETs again through Playwright's request client with no cookies and no
 * token (a stranger), one at a time, redirects not followed, to see which of them need the login.
 */
import { playwright } from '../browser/launch.js';
import { decodeBody } from '../flow/charset.js';
import type { Replayed } from './login-proof.js';

export async function replayWithoutSession(
  urls: string[],
  timeoutMs = 15_000,
): Promise<Map<string, Replayed>> {
  const stranger = await playwright().request.newContext({ timeout: timeoutMs });
  const out = new Map<string, Replayed>();
  try {
    for (const url of urls) {
      if (out.has(url)) continue;
      try {
        const answer = await stranger.fetch(url, { method: 'GET', maxRedirects: 0, failOnStatusCode: false });
        const headers = answer.headers();
        const contentType = headers['content-type'] ?? '';
        const location = headers.location ? new URL(headers.location, url).href : undefined;
        const body = decodeBody(await answer.body(), contentType, url).text;
        out.set(url, { url, status: answer.status(), contentType, body, ...(location ? { location } : {}) });
      } catch {
        // Unreachable without the session (or at all): no proof either way.
      }
    }
  } finally {
    await stranger.dispose();
  }
  return out;
}
