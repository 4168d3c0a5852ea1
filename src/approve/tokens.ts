import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { BadInputError } from '../core/errors.js';
import type { ApprovalAction } from './types.js';

/**
 * Approval tokens: `<payload>.<signature>`, both base64url, so a token is one URL path segment.
 * The payload names one hold and one action; the HMAC-SHA256 signature binds them to the secret.
 * Single use is not a property of the token: the server records the nonce when the token is spent.
 */

export interface TokenClaims {
  holdId: string;
  action: ApprovalAction;
  expiresAt: Date;
  /** Random, unique per link: the key under which the server records that the link was used. */
  nonce: string;
}

export type VerifyResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad_signature' | 'expired' };

/** Longer than any token we issue; refuses junk before any work. */
const MAX_TOKEN_LENGTH = 1024;
const B64URL = /^[A-Za-z0-9_-]+$/;

const payloadSchema = z.strictObject({
  v: z.literal(1),
  h: z.string().min(1).max(200),
  a: z.enum(['a', 'r']),
  e: z.number().int().positive(),
  n: z.string().min(8).max(64),
});

/**
 * What a signature is for. One secret signs every kind of link; distinct prefixes keep a token of one
 * purpose (an approval link, its form proof, the status page, a status-page button) from ever
 * standing in for another. Add a purpose here for a new kind of link (the re-login relay).
 */
export type TokenPurpose = 'token' | 'form' | 'status' | 'status-form' | 'login';

export function mac(secret: string, purpose: TokenPurpose, data: string): string {
  return createHmac('sha256', secret).update(`jianlou.${purpose}.${data}`).digest('base64url');
}

export function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function checkSecret(secret: string): void {
  if (secret.length < 16) throw new BadInputError('approval secret is too short: use at least 16 characters');
}

/** `<payload>.<signature>`: the payload as base64url JSON, signed under one purpose. */
export function sealPayload(payload: unknown, secret: string, purpose: TokenPurpose): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(secret, purpose, body)}`;
}

/**
 * Shape, then signature (in constant time) of a sealed token; returns its JSON payload for the
 * caller's schema. Never throws on bad input.
 */
export function openSealed(
  token: string,
  secret: string,
  purpose: TokenPurpose,
): { ok: true; payload: unknown } | { ok: false; reason: 'malformed' | 'bad_signature' } {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  const [body, signature] = parts;
  if (parts.length !== 2 || !body || !signature || !B64URL.test(body) || !B64URL.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }
  if (!sameString(signature, mac(secret, purpose, body))) return { ok: false, reason: 'bad_signature' };
  try {
    return { ok: true, payload: JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
}

export function signToken(claims: TokenClaims, secret: string): string {
  checkSecret(secret);
  const expiresMs = claims.expiresAt.getTime();
  if (!Number.isFinite(expiresMs)) throw new BadInputError('approval token: expiresAt is not a valid date');
  const payload = {
    v: 1,
    h: claims.holdId,
    a: claims.action === 'approve' ? 'a' : 'r',
    e: expiresMs,
    n: claims.nonce,
  };
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) {
    throw new BadInputError('approval token: holdId must be 1-200 characters and nonce 8-64 characters');
  }
  return sealPayload(payload, secret, 'token');
}

/** Checks shape, then signature (in constant time), then expiry. Never throws on bad input. */
export function verifyToken(token: string, secret: string, now: Date): VerifyResult {
  const opened = openSealed(token, secret, 'token');
  if (!opened.ok) return opened;
  const parsed = payloadSchema.safeParse(opened.payload);
  if (!parsed.success) return { ok: false, reason: 'malformed' };
  const p = parsed.data;
  const claims: TokenClaims = {
    holdId: p.h,
    action: p.a === 'a' ? 'approve' : 'release',
    expiresAt: new Date(p.e),
    nonce: p.n,
  };
  if (now.getTime() >= p.e) return { ok: false, reason: 'expired' };
  return { ok: true, claims };
}

/**
 * The hidden field of the confirmation form. Only someone who loaded the page can send it, so a
 * bare cross-site POST to a leaked link does nothing; it names the action, so it can't be reused
 * with the other link of the same hold.
 */
export function formProof(claims: Pick<TokenClaims, 'nonce' | 'action'>, secret: string): string {
  return mac(secret, 'form', `${claims.nonce}.${claims.action}`);
}

export function checkFormProof(
  claims: Pick<TokenClaims, 'nonce' | 'action'>,
  secret: string,
  value: unknown,
): boolean {
  return typeof value === 'string' && sameString(value, formProof(claims, secret));
}

export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

export interface ApprovalLinks {
  approveUrl: string;
  releaseUrl: string;
}

/**
 * The two links of a hold announcement, each with its own nonce (using one leaves the other
 * usable, and the server then shows that the hold was already decided).
 * Throws BadInputError when expiresAt is not after now: such links would be dead on arrival.
 */
export function makeApprovalLinks(options: {
  publicUrl: string;
  secret: string;
  holdId: string;
  expiresAt: Date;
  now?: Date;
}): ApprovalLinks {
  const now = options.now ?? new Date();
  const expiresMs = options.expiresAt.getTime();
  if (!(expiresMs > now.getTime())) {
    const when = Number.isNaN(expiresMs) ? 'an invalid date' : options.expiresAt.toISOString();
    throw new BadInputError(
      `approval links for hold "${options.holdId}" would be expired on arrival (expiresAt is ${when}); pass a later expiresAt`,
    );
  }
  const base = options.publicUrl.replace(/\/+$/, '');
  const link = (action: ApprovalAction) =>
    `${base}/h/${signToken({ holdId: options.holdId, action, expiresAt: options.expiresAt, nonce: newNonce() }, options.secret)}`;
  // Stryker disable next-line StringLiteral: a link of any action but 'approve' is a release link (and "" does not compile)
  return { approveUrl: link('approve'), releaseUrl: link('release') };
}
