import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { BadInputError } from '../core/errors.js';

/**
 * Re-login links (issue 15): `<payload>.<signature>` like approval links, but signed under their own
 * purpose, so an approval token never opens a login relay nor the other way round. A link names one
 * account and expires (30 minutes by default); the server spends its nonce once the session is saved.
 */

export interface LoginClaims {
  accountId: string;
  expiresAt: Date;
  nonce: string;
}

export type LoginVerify =
  | { ok: true; claims: LoginClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

export const LOGIN_LINK_MINUTES = 30;
const MAX_TOKEN_LENGTH = 1024;
const B64URL = /^[A-Za-z0-9_-]+$/;

const payloadSchema = z.strictObject({
  v: z.literal(1),
  p: z.literal('login'),
  u: z.string().min(1).max(200),
  e: z.number().int().positive(),
  n: z.string().min(8).max(64),
});

const mac = (secret: string, data: string) =>
  createHmac('sha256', secret).update(`jianlou.login.${data}`).digest('base64url');

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function signLoginToken(claims: LoginClaims, secret: string): string {
  if (secret.length < 16) throw new BadInputError('approval secret is too short: use at least 16 characters');
  const payload = { v: 1, p: 'login', u: claims.accountId, e: claims.expiresAt.getTime(), n: claims.nonce };
  if (!payloadSchema.safeParse(payload).success) {
    throw new BadInputError('login link: accountId must be 1-200 characters and expiresAt a valid date');
  }
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, body)}`;
}

/** Shape, then signature (constant time), then expiry. Never throws on bad input. */
export function verifyLoginToken(token: string, secret: string, now: Date): LoginVerify {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  const [body, signature] = parts;
  if (parts.length !== 2 || !body || !signature || !B64URL.test(body) || !B64URL.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  if (!same(signature, mac(secret, body))) return { ok: false, reason: 'bad_signature' };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const parsed = payloadSchema.safeParse(decoded);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  if (now.getTime() >= parsed.data.e) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    claims: { accountId: parsed.data.u, expiresAt: new Date(parsed.data.e), nonce: parsed.data.n },
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
    { accountId: options.accountId, expiresAt, nonce: randomBytes(16).toString('base64url') },
    options.secret,
  );
  return { url: `${options.publicUrl.replace(/\/+$/, '')}/login/${token}`, expiresAt };
}
