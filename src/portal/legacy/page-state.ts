/**
 * What the legacy app keeps per `JSESSIONID` (path `/xk/`) besides the login: the form tokens its pages
 * hand out (each good once; the last few pages' tokens are valid, as a Struts token would be per page),
 * and a login waiting for its SMS code. The login itself lives in the shared session store, keyed by
 * the JSESSIONID issued at login (a new one: the id is renewed, never reused from before the login).
 */
import { randomBytes, randomInt } from 'node:crypto';

export const SESSION_COOKIE = 'JSESSIONID';
/** The app's path: its JSESSIONID is scoped here; another one (the site's) lives at `/`. */
export const APP_PATH = '/xk/';
/** Tokens of this many recent pages stay valid (a second tab, a page read between two posts). */
export const LIVE_TOKENS = 5;
/** An SMS code is good this long, and for this many wrong guesses. */
export const SMS_TTL_MS = 5 * 60_000;
export const SMS_TRIES = 3;
const MAX_STATES = 10_000;

export interface PendingSms {
  username: string;
  code: string;
  sentAtMs: number;
  tries: number;
}

interface PageState {
  tokens: string[];
  pending?: PendingSms;
}

/** A Tomcat-like session id: 32 hex digits. */
export const newSessionId = (): string => randomBytes(16).toString('hex').toUpperCase();

export type SmsCheck = 'ok' | 'wrong' | 'expired' | 'none';

export function createPageStates(now: () => number = Date.now) {
  const states = new Map<string, PageState>();
  /** The last code sent to each phone (the admin route shows it in test mode). */
  const sent = new Map<string, { code: string; sentAtMs: number }>();

  function state(id: string): PageState {
    let found = states.get(id);
    if (!found) {
      // Map keeps insertion order: drop the oldest when someone floods the site with new sessions.
      if (states.size >= MAX_STATES) {
        const oldest = states.keys().next().value;
        if (oldest !== undefined) states.delete(oldest);
      }
      found = { tokens: [] };
      states.set(id, found);
    }
    return found;
  }

  return {
    /** A fresh token for the page being rendered; older ones beyond the last few die. */
    issueToken(id: string): string {
      const s = state(id);
      const token = randomBytes(12).toString('hex');
      s.tokens.push(token);
      if (s.tokens.length > LIVE_TOKENS) s.tokens.splice(0, s.tokens.length - LIVE_TOKENS);
      return token;
    },
    /** True once for a token one of the last pages of this session handed out. */
    useToken(id: string, token: string | undefined): boolean {
      const s = states.get(id);
      const at = token ? (s?.tokens.indexOf(token) ?? -1) : -1;
      if (!s || at < 0) return false;
      s.tokens.splice(at, 1);
      return true;
    },
    /** Password and captcha were right: a 6-digit code goes to the phone. */
    startSms(id: string, username: string): PendingSms {
      const pending = {
        username,
        code: String(randomInt(0, 1_000_000)).padStart(6, '0'),
        sentAtMs: now(),
        tries: 0,
      };
      state(id).pending = pending;
      sent.set(username, { code: pending.code, sentAtMs: pending.sentAtMs });
      return pending;
    },
    pending(id: string): PendingSms | undefined {
      const p = states.get(id)?.pending;
      return p && p.sentAtMs + SMS_TTL_MS > now() ? p : undefined;
    },
    /** `wrong` leaves the login waiting until the tries run out (then `expired`: start again). */
    checkSms(id: string, code: string): SmsCheck {
      const s = states.get(id);
      const p = s?.pending;
      if (!s || !p) return 'none';
      if (p.sentAtMs + SMS_TTL_MS <= now() || p.tries >= SMS_TRIES) {
        delete s.pending;
        return 'expired';
      }
      if (code.trim() !== p.code) {
        p.tries += 1;
        if (p.tries >= SMS_TRIES) delete s.pending;
        return p.tries >= SMS_TRIES ? 'expired' : 'wrong';
      }
      delete s.pending;
      return 'ok';
    },
    lastSms: (phone: string) => sent.get(phone),
    has: (id: string) => states.has(id),
    /** The login renews the id: what the old one held (its tokens) is dropped with it. */
    forget: (id: string) => states.delete(id),
    clear(): void {
      states.clear();
      sent.clear();
    },
  };
}

export type PageStates = ReturnType<typeof createPageStates>;
