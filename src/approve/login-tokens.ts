import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { BadInputError } from '../core/errors.js';
import { checkSecret, openSealed, sealPayload } from './tokens.js';

/**
 * Re-login links (issue 15): `<payload>.<signature>` like approval links, but signed under their own
 * purpose (`login`, see tokens.ts), so an approval token never opens a login relay nor the other way round. A link names one
 * account and expires (30 minutes by default); the server spends its nonce once the session is saved.
 */

export interface LoginClaims {
  accountId: string;
  expiresAt: Date;
  nonce: string;
  /**
   * When the link was made: a login of the account after it spends it. Links made before issue 29
   * carry none; they count as made LOGIN_LINK_MINUTES before they expire.
   */
  issuedAt?: Date;
}

export type LoginVerify =
  | { ok: true; claims: LoginClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

export const LOGIN_LINK_MINUTES = 30;

const payloadSchema = z.strictObject({
  v: z.literal(1),
  p: z.literal('login'),
  u: z.string().min(1).max(200),
  e: z.number().int().positive(),
  n: z.string().min(8).max(64),
  i: z.number().int().positive().optional(),
});

export function signLoginToken(claims: LoginClaims, secret: string): string {
  checkSecret(secret);
  const payload = {
    v: 1,
    p: 'login',
    u: claims.accountId,
    e: claims.expiresAt.getTime(),
    n: claims.nonce,
    ...(claims.issuedAt ? { i: claims.issuedAt.getTime() } : {}),
  };
  if (!payloadSchema.safeParse(payload).success) {
    throw new BadInputError('login link: accountId must be 1-200 characters and expiresAt a valid date');
  }
  return sealPayload(payload, secret, 'login');
}

/** Shape, then signature (constant time), then expiry. Never throws on bad input. */
export function verifyLoginToken(token: string, secret: string, now: Date): LoginVerify {
  const opened = openSealed(token, secret, 'login');
  if (!opened.ok) return opened;
  const parsed = payloadSchema.safeParse(opened.payload);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  if (now.getTime() >= parsed.data.e) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    claims: {
      accountId: parsed.data.u,
      expiresAt: new Date(parsed.data.e),
      nonce: parsed.data.n,
      issuedAt: new Date(parsed.data.i ?? parsed.data.e - LOGIN_LINK_MINUTES * 60_000),
    },
  };
}

/** `<publicUrl>/login/<token>` for one account, valid for `minutes`. */
export function makeLoginLink(options: {
  publicUrl: string;
  secret: string;
  accountId: string;
  now: Date;
  minutes?: number;
}): { url: string; expiresAt: Date } {
  const expiresAt = new Date(options.now.getTime() + (options.minutes ?? LOGIN_LINK_MINUTES) * 60_000);
  const token = signLoginToken(
    {
      accountId: options.accountId,
      expiresAt,
      nonce: randomBytes(16).toString('base64url'),
      issuedAt: options.now,
    },
    options.secret,
  );
  return { url: `${options.publicUrl.replace(/\/+$/, '')}/login/${token}`, expiresAt };
}
