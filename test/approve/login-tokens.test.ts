import { describe, expect, it } from 'vitest';
import {
  LOGIN_LINK_MINUTES,
  makeLoginLink,
  signLoginToken,
  verifyLoginToken,
} from '../../src/approve/login-tokens.js';
import { mac, sealPayload, signToken } from '../../src/approve/tokens.js';

/**
 * Relay login links (issue 15): signed under their own purpose, naming one account, expiring. A
 * forged, expired or approval token never opens a relay.
 */

const SECRET = 'login-token-secret-0123456789';
const NOW = new Date('2026-03-01T08:00:00Z');
const claims = {
  accountId: 'mom',
  expiresAt: new Date(NOW.getTime() + 30 * 60_000),
  nonce: 'nonce-0123456789',
  issuedAt: NOW,
};

describe('signLoginToken and verifyLoginToken', () => {
  it('round-trip: the claims come back as signed', () => {
    expect(verifyLoginToken(signLoginToken(claims, SECRET), SECRET, NOW)).toEqual({ ok: true, claims });
  });

  it('the payload names version 1, purpose "login", the account, expiry, nonce and making time', () => {
    const token = signLoginToken(claims, SECRET);
    const body = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    expect(body).toEqual({
      v: 1,
      p: 'login',
      u: 'mom',
      e: claims.expiresAt.getTime(),
      n: claims.nonce,
      i: NOW.getTime(),
    });
    expect(token.split('.')[1]).toBe(mac(SECRET, 'login', token.split('.')[0] ?? ''));
  });

  it('a link made before issue 29 (no making time) counts as made 30 minutes before it expires', () => {
    const { issuedAt: _, ...old } = claims;
    const token = signLoginToken(old, SECRET);
    const body = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString());
    expect(body).not.toHaveProperty('i');
    const verdict = verifyLoginToken(token, SECRET, NOW);
    expect(verdict.ok && verdict.claims.issuedAt).toEqual(
      new Date(claims.expiresAt.getTime() - LOGIN_LINK_MINUTES * 60_000),
    );
    expect(LOGIN_LINK_MINUTES).toBe(30);
  });

  it('valid until the millisecond before it expires, expired from then on', () => {
    const token = signLoginToken(claims, SECRET);
    expect(verifyLoginToken(token, SECRET, new Date(claims.expiresAt.getTime() - 1)).ok).toBe(true);
    expect(verifyLoginToken(token, SECRET, claims.expiresAt)).toEqual({ ok: false, reason: 'expired' });
  });

  it('another secret, a changed payload or an approval token is "bad_signature"', () => {
    const token = signLoginToken(claims, SECRET);
    expect(verifyLoginToken(token, `${SECRET}x`, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
    const [, sig] = token.split('.');
    const other = Buffer.from(JSON.stringify({ v: 1, p: 'login', u: 'dad', e: 9e12, n: 'nonce-0123456789' }));
    expect(verifyLoginToken(`${other.toString('base64url')}.${sig}`, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const approval = signToken(
      { holdId: 'mom', action: 'approve', expiresAt: claims.expiresAt, nonce: claims.nonce },
      SECRET,
    );
    expect(verifyLoginToken(approval, SECRET, NOW)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each([
    ['another purpose in the payload', { v: 1, p: 'token', u: 'mom', e: 9e12, n: 'nonce-0123456789' }],
    ['another version', { v: 2, p: 'login', u: 'mom', e: 9e12, n: 'nonce-0123456789' }],
    ['an extra field', { v: 1, p: 'login', u: 'mom', e: 9e12, n: 'nonce-0123456789', x: 1 }],
    ['a short nonce', { v: 1, p: 'login', u: 'mom', e: 9e12, n: 'short' }],
    ['no account', { v: 1, p: 'login', u: '', e: 9e12, n: 'nonce-0123456789' }],
  ])('a correctly sealed payload with %s is malformed', (_name, payload) => {
    expect(verifyLoginToken(sealPayload(payload, SECRET, 'login'), SECRET, NOW)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('junk is malformed, never thrown', () => {
    expect(verifyLoginToken('not-a-token', SECRET, NOW)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses to sign with a short secret', () => {
    expect(() => signLoginToken(claims, 'short')).toThrow(/at least 16 characters/);
  });

  it('refuses to sign an empty account or an invalid date, naming both', () => {
    expect(() => signLoginToken({ ...claims, accountId: '' }, SECRET)).toThrow(
      'login link: accountId must be 1-200 characters and expiresAt a valid date',
    );
    expect(() => signLoginToken({ ...claims, expiresAt: new Date(Number.NaN) }, SECRET)).toThrow(
      /expiresAt a valid date/,
    );
  });
});

describe('makeLoginLink', () => {
  it('is <publicUrl>/login/<token>, trailing slashes dropped, valid 30 minutes from now', () => {
    const link = makeLoginLink({
      publicUrl: 'https://a.example/jl//',
      secret: SECRET,
      accountId: 'mom',
      now: NOW,
    });
    expect(link.url).toMatch(/^https:\/\/a\.example\/jl\/login\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(link.expiresAt).toEqual(new Date(NOW.getTime() + 30 * 60_000));
    const verdict = verifyLoginToken(link.url.split('/login/')[1] ?? '', SECRET, NOW);
    expect(verdict).toEqual({
      ok: true,
      claims: { accountId: 'mom', expiresAt: link.expiresAt, nonce: expect.any(String), issuedAt: NOW },
    });
  });

  it('lasts the minutes asked for; every link has its own 22-character nonce', () => {
    const make = () =>
      makeLoginLink({
        publicUrl: 'https://a.example',
        secret: SECRET,
        accountId: 'mom',
        now: NOW,
        minutes: 5,
      });
    const [a, b] = [make(), make()];
    expect(a.expiresAt).toEqual(new Date(NOW.getTime() + 5 * 60_000));
    const nonce = (url: string) => {
      const v = verifyLoginToken(url.split('/login/')[1] ?? '', SECRET, NOW);
      return v.ok ? v.claims.nonce : '';
    };
    expect(nonce(a.url)).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(nonce(a.url)).not.toBe(nonce(b.url));
  });
});
