import { readFile, stat } from 'node:fs/promises';
import type { SessionAdvice } from '../../approve/status-types.js';
import { enStatusCli } from '../../i18n/status-cli-en.js';
import type { RunOutcome } from '../../store/runs.js';

export type { SessionAdvice };

/** A saved session as `status` sees it without a browser: the file and its cookies' expiry. */

export type SessionHealth = 'ok' | 'needs_login' | 'problem' | 'unchecked';

export interface SessionFile {
  present: boolean;
  savedAt: string | null;
  newestCookieExpiresAt: string | null;
  /**
   * The login's own end as the session says it: the newest `exp` of a JWT in localStorage (a
   * token login), else the newest cookie expiry; null when neither says (session cookies only).
   */
  loginExpiresAt: string | null;
  /** The file exists but is not a storage-state document. */
  unreadable: boolean;
}

/** Reads only cookie expiry times from a saved session; values never leave this function. */
export async function readSessionFile(path: string): Promise<SessionFile> {
  const none: SessionFile = {
    present: false,
    savedAt: null,
    newestCookieExpiresAt: null,
    loginExpiresAt: null,
    unreadable: false,
  };
  let savedAt: string;
  let text: string;
  try {
    savedAt = (await stat(path)).mtime.toISOString();
    text = await readFile(path, 'utf8');
  } catch {
    return none;
  }
  try {
    const parsed = JSON.parse(text) as {
      cookies?: { expires?: unknown }[];
      origins?: { localStorage?: { value?: unknown }[] }[];
    };
    // Stryker disable next-line ConditionalExpression,StringLiteral: without the guard, a non-array `cookies` throws at .map just the same (caught below; the message is never shown)
    if (!Array.isArray(parsed.cookies)) throw new Error('no cookies array');
    const expiries = parsed.cookies
      .map((c) => (typeof c?.expires === 'number' ? c.expires : -1))
      .filter((e) => e > 0);
    const newest = expiries.length > 0 ? Math.max(...expiries) : undefined;
    const cookieEnd = newest === undefined ? null : new Date(newest * 1000).toISOString();
    const values = (parsed.origins ?? []).flatMap((o) => (o?.localStorage ?? []).map((i) => i?.value));
    const jwtEnd = newestJwtExpiry(values.filter((v): v is string => typeof v === 'string'));
    return {
      present: true,
      savedAt,
      newestCookieExpiresAt: cookieEnd,
      loginExpiresAt: jwtEnd ?? cookieEnd,
      unreadable: false,
    };
  } catch {
    return { ...none, present: true, savedAt, unreadable: true };
  }
}

/** A JWT's header and payload (base64url JSON objects: `eyJ…`) up to the dot before its signature, which is not read. */
const JWT = /eyJ[A-Za-z0-9_-]+\.(eyJ[A-Za-z0-9_-]+)\./g;

/**
 * The newest `exp` among JWTs found in storage values (a bare token, or one inside a JSON value such
 * as `{"token":"eyJ…"}`). Only the expiry leaves this function; a token that does not decode is skipped.
 */
export function newestJwtExpiry(values: readonly string[]): string | null {
  let newest: number | undefined;
  for (const value of values) {
    for (const match of value.matchAll(JWT)) {
      try {
        const payload = JSON.parse(Buffer.from(match[1] ?? '', 'base64url').toString('utf8')) as {
          exp?: unknown;
        };
        // Number.isFinite is false for anything but a finite number (a string "1800000000" too).
        const exp = Number.isFinite(payload.exp) ? (payload.exp as number) : 0;
        if (exp > 0) newest = Math.max(newest ?? 0, exp);
      } catch {
        // Not a JWT after all: nothing to read.
      }
    }
  }
  return newest === undefined ? null : new Date(newest * 1000).toISOString();
}

/**
 * The advice in English, for `status --json` (developers read it): the English catalogue's words,
 * which `jianlou status` prints under `locale: en`.
 */
export function adviceText(a: SessionAdvice): string {
  return enStatusCli.advice(a);
}

export function healthOf(
  accountId: string,
  file: SessionFile,
  lastRun: { outcome: RunOutcome; startedAt: string } | null,
  now: Date,
): { health: SessionHealth; advice: string | null; adviceCode: SessionAdvice | null } {
  const { health, advice } = healthCode(accountId, file, lastRun, now);
  return { health, advice: advice ? adviceText(advice) : null, adviceCode: advice };
}

function healthCode(
  accountId: string,
  file: SessionFile,
  lastRun: { outcome: RunOutcome; startedAt: string } | null,
  now: Date,
): { health: SessionHealth; advice: SessionAdvice | null } {
  const login = `jianlou login ${accountId}`;
  if (!file.present) return { health: 'needs_login', advice: { code: 'no_session', login } };
  if (file.unreadable) return { health: 'needs_login', advice: { code: 'unreadable', login } };
  // No time (session cookies only, or no saved time): NaN, which is neither before nor after anything.
  if (Date.parse(file.newestCookieExpiresAt ?? '') <= now.getTime()) {
    return { health: 'needs_login', advice: { code: 'cookies_expired', login } };
  }
  if (!lastRun) return { health: 'unchecked', advice: { code: 'unchecked' } };
  // A login after the last failed run fixed it for all we know; the next check will tell.
  const loggedInSince = Date.parse(file.savedAt ?? '') > Date.parse(lastRun.startedAt);
  if (lastRun.outcome === 'ok') return { health: 'ok', advice: null };
  if (loggedInSince) return { health: 'unchecked', advice: { code: 'saved_after_failure' } };
  if (lastRun.outcome === 'session_expired') {
    return { health: 'needs_login', advice: { code: 'logged_out', login } };
  }
  return { health: 'problem', advice: { code: 'failing', outcome: lastRun.outcome } };
}
