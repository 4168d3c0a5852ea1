import { z } from 'zod';
import { NS } from './namespaces.js';
import type { KvStore } from './types.js';

/**
 * Logins, keyed by the login itself (issue 29 items 1 and 8): `jianlou login` (a window, scripted or
 * an import) and the phone relay each record one; a step that merely re-saves the session file (a
 * hold writing a cart, a refreshed cookie) records nothing. A session's lifetime is from its login to
 * the first check that found it expired; the login-soon alert predicts only from several of them.
 */

export const loginViaSchema = z.enum(['window', 'scripted', 'import', 'relay']);
export type LoginVia = z.infer<typeof loginViaSchema>;

const loginSchema = z.object({
  /** ISO-8601 instant the session was saved by the login. */
  at: z.string(),
  via: loginViaSchema,
  /** The login's own end where the session says it (a JWT exp, a cookie's Expires); null: unknown. */
  expiresAt: z.string().nullable(),
  /** The first check that found this session expired; absent while it lives. */
  endedAt: z.string().optional(),
});
export type LoginRecord = z.infer<typeof loginSchema>;

const recordSchema = z.object({ logins: z.array(loginSchema) });

/** Logins kept per account, newest last: enough lifetimes for a prediction, small to read. */
export const LOGINS_KEPT = 12;

export interface LoginLog {
  /** Records a login; it spends every relay link of the account issued before it. */
  record(accountId: string, login: Omit<LoginRecord, 'endedAt'>): Promise<void>;
  /** The newest login's session was found expired at `at` (once: later findings keep the first). */
  ended(accountId: string, at: Date): Promise<void>;
  /** The account's logins, oldest first. */
  list(accountId: string): Promise<LoginRecord[]>;
  last(accountId: string): Promise<LoginRecord | undefined>;
}

export function createLoginLog(kv: KvStore): LoginLog {
  const list = async (accountId: string) => (await kv.get(NS.logins, accountId, recordSchema))?.logins ?? [];
  const write = (accountId: string, logins: LoginRecord[]) =>
    kv.set(NS.logins, accountId, { logins: logins.slice(-LOGINS_KEPT) });
  return {
    list,
    async last(accountId) {
      return (await list(accountId)).at(-1);
    },
    async record(accountId, login) {
      const at = new Date(login.at).toISOString();
      await write(accountId, [...(await list(accountId)), loginSchema.parse({ ...login, at })]);
    },
    async ended(accountId, at) {
      const logins = await list(accountId);
      const last = logins.at(-1);
      if (!last || last.endedAt || Date.parse(last.at) > at.getTime()) return;
      await write(accountId, [...logins.slice(0, -1), { ...last, endedAt: at.toISOString() }]);
    },
  };
}
