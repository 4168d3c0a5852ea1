import { z } from 'zod';
import { createLoginLog } from '../store/logins.js';
import type { KvStore } from '../store/types.js';
import type { LoginClaims } from './login-tokens.js';
import { spentByLogin } from './relay-rules.js';
import type { ApprovalLogger } from './types.js';

/**
 * What the relayed login's routes (login-relay.ts) need of the outside: a relayed browser session
 * (src/browser/relay.ts makes one), the actions a phone may send it, and the store's record of
 * spent links.
 */

const point = z.object({ x: z.number().finite(), y: z.number().finite() });

/** One action a phone sends: a tap, typed text, a key, a scroll, a drag (a slider), a reload. */
export const actionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('tap'), x: z.number().finite(), y: z.number().finite() }),
  z.strictObject({ kind: z.literal('type'), text: z.string().min(1).max(500) }),
  z.strictObject({ kind: z.literal('key'), key: z.enum(['Enter', 'Backspace', 'Tab']) }),
  z.strictObject({ kind: z.literal('scroll'), dy: z.number().finite() }),
  z.strictObject({ kind: z.literal('drag'), points: z.array(point).min(2).max(200) }),
  z.strictObject({ kind: z.literal('reload') }),
]);
export type RelayAction = z.infer<typeof actionSchema>;

/** What the server needs of a relayed browser session (src/browser/relay.ts makes one). */
export interface RelayPort {
  act(action: RelayAction): Promise<number>;
  frame(
    after: number,
    waitMs?: number,
  ): Promise<{ jpeg: Buffer; seq: number; field?: 'password' | 'text' } | undefined>;
  /** The phone's device scale (1–3) as its page reports it: the picture is rendered at it (issue 29 item 9). */
  scale?(devicePixelRatio: number): void;
  readonly done: Promise<boolean>;
  isOpen(): boolean;
  close(): Promise<void>;
}

export interface LoginRelayOptions {
  /** Opens a relayed browser at the account's login page; the session saves itself on success. */
  open(accountId: string): Promise<RelayPort>;
  accounts: readonly string[];
  /** Told once per saved session (the app alerts "login restored" and checks at once). */
  onSaved?(accountId: string): void;
  /** Most relays open at a time; default 2. */
  maxOpen?: number;
  /** Closed after this long without an action; default 10 minutes. */
  idleMs?: number;
  /** Closed when the phone stopped asking for frames this long; default 60 s. */
  goneMs?: number;
  /** Cookies get `Secure` when the public URL is HTTPS. */
  secureCookie?: boolean;
  /** Closed this long after its phone left the page (another browser may take it back meanwhile); default 15 s. */
  leftMs?: number;
}

/** Store namespace of spent re-login links: key = the link's nonce. */
export const LOGIN_LINKS_NS = 'login-links';
export const spentLinkSchema = z.object({ usedAt: z.string(), accountId: z.string() });

/** Which relay links are spent, and spending them (a saved session spends its link for good). */
export interface RelayLinks {
  /** The link's nonce was spent, or the account logged in (any way) since the link was made. */
  spent(claims: LoginClaims): Promise<boolean>;
  /** The relay saved its session: its link is spent and the login recorded (logged when it fails). */
  saved(accountId: string, nonce: string, at: Date, log: ApprovalLogger): Promise<void>;
}

export function createRelayLinks(kv: KvStore): RelayLinks {
  const logins = createLoginLog(kv);
  return {
    async spent(claims) {
      if ((await kv.get(LOGIN_LINKS_NS, claims.nonce, spentLinkSchema)) !== undefined) return true;
      const last = await logins.last(claims.accountId).catch(() => undefined);
      return spentByLogin(last?.at, claims.issuedAt);
    },
    async saved(accountId, nonce, at, log) {
      await kv.add(LOGIN_LINKS_NS, nonce, { usedAt: at.toISOString(), accountId });
      await logins
        .record(accountId, { at: at.toISOString(), via: 'relay', expiresAt: null })
        .catch((error: unknown) => log.error({ err: error, accountId }, 'login relay: login not recorded'));
    },
  };
}
