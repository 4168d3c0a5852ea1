/** Login sessions and pre-login captcha codes, both in memory. */
import { randomBytes, randomInt } from 'node:crypto';
import type { PortalSettings } from './config.js';

export interface Session {
  token: string;
  username: string;
  csrfToken: string;
  createdAtMs: number;
}

function token(): string {
  return randomBytes(24).toString('base64url');
}

export function createSessions(settings: PortalSettings, now: () => number = Date.now) {
  const sessions = new Map<string, Session>();

  function create(username: string): Session {
    const session: Session = { token: token(), username, csrfToken: token(), createdAtMs: now() };
    sessions.set(session.token, session);
    return session;
  }

  /** The live session for a cookie value; the lifetime is read at lookup so a changed TTL applies at once. */
  function get(cookie: string | undefined): Session | undefined {
    if (!cookie) return undefined;
    const session = sessions.get(cookie);
    if (!session) return undefined;
    if (session.createdAtMs + settings.sessionTtlSeconds * 1000 <= now()) {
      sessions.delete(cookie);
      return undefined;
    }
    return session;
  }

  return {
    create,
    get,
    destroy: (cookie: string) => sessions.delete(cookie),
    clear: () => sessions.clear(),
    get size() {
      return sessions.size;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessions>;

export const TEST_CAPTCHA = '8888';
const MAX_PENDING_CAPTCHAS = 10_000;

/**
 * Captcha codes per pre-login cookie. In test mode the answer is always 8888; otherwise each login page
 * gets a fresh random code, never 8888, so a test can prove the fixed code is refused outside test mode.
 */
export function createCaptchas(testMode: boolean) {
  const codes = new Map<string, string>();

  function issue(preLoginId: string): string {
    let code = TEST_CAPTCHA;
    if (!testMode) {
      while (code === TEST_CAPTCHA) code = String(randomInt(0, 10_000)).padStart(4, '0');
    }
    // Map keeps insertion order: drop the oldest when someone floods the login page.
    codes.delete(preLoginId);
    if (codes.size >= MAX_PENDING_CAPTCHAS) {
      const oldest = codes.keys().next().value;
      if (oldest !== undefined) codes.delete(oldest);
    }
    codes.set(preLoginId, code);
    return code;
  }

  function current(preLoginId: string): string {
    return codes.get(preLoginId) ?? issue(preLoginId);
  }

  /** A code is good for one attempt outside test mode (a wrong guess gets a new picture). */
  function verify(preLoginId: string | undefined, answer: string): boolean {
    if (testMode) return answer.trim() === TEST_CAPTCHA;
    if (!preLoginId) return false;
    const expected = codes.get(preLoginId);
    codes.delete(preLoginId);
    return expected !== undefined && expected === answer.trim();
  }

  return {
    issue,
    current,
    verify,
    peek: (preLoginId: string) => codes.get(preLoginId),
    clear: () => codes.clear(),
    newPreLoginId: token,
  };
}

export type CaptchaStore = ReturnType<typeof createCaptchas>;
