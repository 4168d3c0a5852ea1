import { describe, expect, it } from 'vitest';
import {
  checkFormProof,
  formProof,
  makeApprovalLinks,
  signToken,
  type TokenClaims,
  verifyToken,
} from '../../src/approve/tokens.js';
import { BadInputError } from '../../src/core/errors.js';

const SECRET = 'test-secret-0123456789abcdef';
const NOW = new Date('2025-07-05T06:00:00.000Z');
const claims: TokenClaims = {
  holdId: 'CART-1001',
  action: 'approve',
  expiresAt: new Date('2025-07-05T06:30:00.000Z'),
  nonce: 'nonce-0123456789',
};

/** Flips one character of a base64url string in a way that always changes it. */
const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);

describe('approval tokens', () => {
  it('round-trip: a signed token verifies to the same claims', () => {
    const token = signToken(claims, SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyToken(token, SECRET, NOW)).toEqual({ ok: true, claims });
  });

  it('a changed payload fails the signature check', () => {
    const [body = '', sig = ''] = signToken(claims, SECRET).split('.');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), h: 'CART-9999' }),
    ).toString('base64url');
    expect(verifyToken(`${forged}.${sig}`, SECRET, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyToken(`${flip(body, 3)}.${sig}`, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('a changed or truncated signature is refused', () => {
    const [body = '', sig = ''] = signToken(claims, SECRET).split('.');
    expect(verifyToken(`${body}.${flip(sig, 5)}`, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyToken(`${body}.${sig.slice(0, -2)}`, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('a token signed with another secret is refused', () => {
    const token = signToken(claims, 'another-secret-0123456789');
    expect(verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('a token is valid until just before expiresAt and expired from then on', () => {
    const token = signToken(claims, SECRET);
    const justBefore = new Date(claims.expiresAt.getTime() - 1);
    expect(verifyToken(token, SECRET, justBefore).ok).toBe(true);
    expect(verifyToken(token, SECRET, claims.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('an expired token with a bad signature reports the signature, not the expiry', () => {
    const [body = '', sig = ''] = signToken(claims, SECRET).split('.');
    const later = new Date('2030-01-01T00:00:00Z');
    expect(verifyToken(`${body}.${flip(sig, 0)}`, SECRET, later)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it.each([
    ['empty', ''],
    ['no dot', 'abcdef'],
    ['three parts', 'a.b.c'],
    ['empty signature', 'abc.'],
    ['characters outside base64url', 'ab+c/.def='],
    ['too long', `${'a'.repeat(2000)}.b`],
  ])('a malformed token (%s) is refused as malformed', (_label, token) => {
    expect(verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('binds the action: an approve token says approve, and its form proof does not work for release', () => {
    const approve = verifyToken(signToken(claims, SECRET), SECRET, NOW);
    const release = verifyToken(signToken({ ...claims, action: 'release' }, SECRET), SECRET, NOW);
    expect(approve.ok && approve.claims.action).toBe('approve');
    expect(release.ok && release.claims.action).toBe('release');
    const proof = formProof(claims, SECRET);
    expect(checkFormProof(claims, SECRET, proof)).toBe(true);
    expect(checkFormProof({ ...claims, action: 'release' }, SECRET, proof)).toBe(false);
    expect(checkFormProof({ ...claims, nonce: 'other-nonce-0123' }, SECRET, proof)).toBe(false);
    expect(checkFormProof(claims, SECRET, undefined)).toBe(false);
  });

  it('refuses to sign with a short secret or a bad date', () => {
    expect(() => signToken(claims, 'short')).toThrow(BadInputError);
    expect(() => signToken({ ...claims, expiresAt: new Date('nope') }, SECRET)).toThrow(BadInputError);
    expect(() => signToken({ ...claims, holdId: '' }, SECRET)).toThrow(BadInputError);
  });
});

describe('makeApprovalLinks', () => {
  it('builds /h/<token> links under the public URL, one per action, with distinct nonces', () => {
    const links = makeApprovalLinks({
      publicUrl: 'https://jl.example.cn/',
      secret: SECRET,
      holdId: 'CART-1001',
      expiresAt: claims.expiresAt,
      now: NOW,
    });
    const tokenOf = (url: string) => {
      const m = /^https:\/\/jl\.example\.cn\/h\/([A-Za-z0-9_.-]+)$/.exec(url);
      expect(m).not.toBeNull();
      const verdict = verifyToken(m?.[1] ?? '', SECRET, NOW);
      if (!verdict.ok) throw new Error(`link did not verify: ${verdict.reason}`);
      return verdict.claims;
    };
    const approve = tokenOf(links.approveUrl);
    const release = tokenOf(links.releaseUrl);
    expect(approve).toMatchObject({ holdId: 'CART-1001', action: 'approve', expiresAt: claims.expiresAt });
    expect(release).toMatchObject({ holdId: 'CART-1001', action: 'release', expiresAt: claims.expiresAt });
    expect(approve.nonce).not.toBe(release.nonce);
  });

  it('refuses links that would be expired on arrival', () => {
    expect(() =>
      makeApprovalLinks({ publicUrl: 'http://x', secret: SECRET, holdId: 'H', expiresAt: NOW, now: NOW }),
    ).toThrow(BadInputError);
  });
});
