/**
 * The one secret scrubber, for logs, errors, alerts and the store: known secret values, secret URL
 * parameters (`key=`, `token=`, `sig=` …), approval link tokens (`/h/<token>`) and header lines that
 * carry credentials (Playwright's error messages list the request's cookie and authorization).
 */

const URL_PARAMS = /([?&](?:key|token|access_token|sig|sign|secret)=)[^&\s"'#)]*/gi;
const LINK_TOKEN = /(\/h\/)[A-Za-z0-9_-]{16,}(\.[A-Za-z0-9_-]+)?/g;
const HEADER_LINE = /\b((?:set-)?cookie|authorization|x-csrf-token)(["']?\s*[:=]\s*)[^\n]*/gi;

/** Secrets shorter than this are not replaced by value (they would match ordinary text). */
const MIN_SECRET_LENGTH = 4;

export function scrubSecrets(text: string, secrets: readonly string[] = [], marker = '[redacted]'): string {
  let out = text;
  for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH) out = out.split(s).join(marker);
  return out
    .replace(URL_PARAMS, `$1${marker}`)
    .replace(LINK_TOKEN, `$1${marker}`)
    .replace(HEADER_LINE, `$1$2${marker}`);
}
