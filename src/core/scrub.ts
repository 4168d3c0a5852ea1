/**
 * The one secret scrubber, for logs, errors, alerts and the store: known secret values, secret URL
 * parameters and form fields (`key=`, `token=`, `sig=`, `password=`, `ticket=`, `code=` …), a path's
 * `;jsessionid=`, approval, status page and relay login link tokens (`/h/`, `/s/`, `/login/`) and header lines that carry credentials
 * (Playwright's error messages list the request's cookie, authorization and custom auth headers).
 */

/** `name=value` pairs of a URL or a form body whose value is a secret (a login, a CAS ticket, an OAuth code). */
const URL_PARAMS =
  /((?:^|[?&\s;,("'])(?:key|token|access_token|refresh_token|id_token|sig|sign|secret|password|passwd|pwd|ticket|code)=)[^&\s"'#);,]*/gi;
/** A Java session id in the path (`/app;jsessionid=…`). */
const PATH_SESSION = /(;jsessionid=)[^?#&;\s"'/]*/gi;
const LINK_TOKEN = /(\/h\/)[A-Za-z0-9_-]{16,}(\.[A-Za-z0-9_-]+)?/g;
/**
 * A status page (`/s/<id>.<signature>`, it never expires) or relay login (`/login/<payload>.<signature>`)
 * link: the 43-character HMAC signature tells it from a portal's own `/login/…` or `/s/…` path.
 */
const SIGNED_LINK = /(\/(?:s|login)\/)[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;
const HEADER_LINE =
  /\b((?:set-)?cookie|(?:proxy-)?authorization|x-csrf-token|x-xsrf-token|x-auth-token|x-access-token|x-api-key|x-token)(["']?\s*[:=]\s*)[^\n]*/gi;

/** Secrets shorter than this are not replaced by value (they would match ordinary text). */
const MIN_SECRET_LENGTH = 4;

export function scrubSecrets(text: string, secrets: readonly string[] = [], marker = '[redacted]'): string {
  let out = text;
  for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH) out = out.split(s).join(marker);
  return out
    .replace(URL_PARAMS, `$1${marker}`)
    .replace(PATH_SESSION, `$1${marker}`)
    .replace(LINK_TOKEN, `$1${marker}`)
    .replace(SIGNED_LINK, `$1${marker}`)
    .replace(HEADER_LINE, `$1$2${marker}`);
}
