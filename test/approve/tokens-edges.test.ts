import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkFormProof,
  checkSecret,
  formProof,
  mac,
  makeApprovalLinks,
  openSealed,
  sealPayload,
  signToken,
  verifyToken,
} from '../../src/approve/tokens.js';

/**
 * The edges of the approval tokens a link or a form must not slip through: every malformed shape is
 * refused as malformed (never ok), the length limit, the secret length limit, the form proof's own
 * purpose, and the messages that tell an operator what to fix.
 */

const SECRET = 'a-very-long-approval-secret';
const NOW = new Date('2026-07-01T02:00:00.000Z');
const claims = {
  holdId: 'hold:sister-art/ART-101:1',
  action: 'approve' as const,
  expiresAt: new Date('2026-07-01T02:15:00.000Z'),
  nonce: 'nonce-0123456789',
};
const MALFORMED = { ok: false, reason: 'malformed' };

describe('approval token edges', () => {
  it('a secret needs 16 characters: 15 are refused with the fix, 16 are enough', () => {
    expect(() => checkSecret('x'.repeat(15))).toThrow(
      'approval secret is too short: use at least 16 characters',
    );
    expect(() => checkSecret('x'.repeat(16))).not.toThrow();
    expect(verifyToken(signToken(claims, 'x'.repeat(16)), 'x'.repeat(16), NOW)).toMatchObject({ ok: true });
  });

  it('every malformed shape is refused as malformed, never opened', () => {
    const good = signToken(claims, SECRET);
    const [body = '', sig = ''] = good.split('.');
    for (const token of [
      '',
      'no-dot',
      `${body}.${sig}.extra`,
      `.${sig}`,
      `${body}.`,
      `${body}!.${sig}`,
      `${body}.${sig}=`,
      42 as unknown as string,
      undefined as unknown as string,
    ]) {
      expect({ token, result: openSealed(token, SECRET, 'token') }).toEqual({ token, result: MALFORMED });
      expect({ token, result: verifyToken(token, SECRET, NOW) }).toEqual({ token, result: MALFORMED });
    }
  });

  it('1024 characters are the limit: a sealed token of exactly 1024 opens, a longer one is refused unread', () => {
    const sealedOf = (length: number) => {
      for (let n = 0; n < 1024; n++) {
        const token = sealPayload({ pad: 'p'.repeat(n) }, SECRET, 'status');
        if (token.length === length) return token;
      }
      throw new Error(`no sealed token of length ${length}`);
    };
    expect(openSealed(sealedOf(1024), SECRET, 'status')).toMatchObject({ ok: true });
    // (base64url never ends a body at 1025 characters: 1026 is the next sealed length.)
    expect(openSealed(sealedOf(1026), SECRET, 'status')).toEqual(MALFORMED);
  });

  it('a correctly signed body that is not JSON, or not a token payload, is malformed', () => {
    const notJson = Buffer.from('not json').toString('base64url');
    const signed = `${notJson}.${mac(SECRET, 'token', notJson)}`;
    expect(openSealed(signed, SECRET, 'token')).toEqual(MALFORMED);
    expect(verifyToken(signed, SECRET, NOW)).toEqual(MALFORMED);
    const foreign = sealPayload({ v: 1, h: 'x' }, SECRET, 'token');
    expect(openSealed(foreign, SECRET, 'token')).toEqual({ ok: true, payload: { v: 1, h: 'x' } });
    expect(verifyToken(foreign, SECRET, NOW)).toEqual(MALFORMED);
  });

  it('signing names what is wrong: the date, the hold id or nonce', () => {
    expect(() => signToken({ ...claims, expiresAt: new Date('nope') }, SECRET)).toThrow(
      'approval token: expiresAt is not a valid date',
    );
    expect(() => signToken({ ...claims, nonce: 'short' }, SECRET)).toThrow(
      'approval token: holdId must be 1-200 characters and nonce 8-64 characters',
    );
    expect(() => signToken({ ...claims, holdId: '' }, SECRET)).toThrow(
      'approval token: holdId must be 1-200 characters and nonce 8-64 characters',
    );
  });

  it('the form proof is an HMAC of nonce and action under its own "form" purpose', () => {
    const expected = createHmac('sha256', SECRET)
      .update('jianlou.form.nonce-0123456789.approve')
      .digest('base64url');
    expect(formProof(claims, SECRET)).toBe(expected);
    expect(checkFormProof(claims, SECRET, expected)).toBe(true);
    // The same data signed for another purpose is no proof.
    expect(checkFormProof(claims, SECRET, mac(SECRET, 'token', 'nonce-0123456789.approve'))).toBe(false);
    expect(checkFormProof(claims, SECRET, undefined)).toBe(false);
  });

  it('the links drop every trailing slash of the public URL; each verifies to its own action', () => {
    const links = makeApprovalLinks({
      publicUrl: 'http://192.168.1.5:8787/jl//',
      secret: SECRET,
      holdId: 'h1',
      expiresAt: claims.expiresAt,
      now: NOW,
    });
    const tokenOf = (url: string) => url.replace('http://192.168.1.5:8787/jl/h/', '');
    expect(links.approveUrl.startsWith('http://192.168.1.5:8787/jl/h/')).toBe(true);
    expect(links.releaseUrl.startsWith('http://192.168.1.5:8787/jl/h/')).toBe(true);
    expect(verifyToken(tokenOf(links.approveUrl), SECRET, NOW)).toMatchObject({
      ok: true,
      claims: { holdId: 'h1', action: 'approve' },
    });
    expect(verifyToken(tokenOf(links.releaseUrl), SECRET, NOW)).toMatchObject({
      ok: true,
      claims: { holdId: 'h1', action: 'release' },
    });
  });

  it('links that would be dead on arrival name the hold and the instant, or an invalid date', () => {
    const options = { publicUrl: 'http://192.168.1.5:8787/', secret: SECRET, holdId: 'h1', now: NOW };
    expect(() => makeApprovalLinks({ ...options, expiresAt: NOW })).toThrow(
      'approval links for hold "h1" would be expired on arrival (expiresAt is 2026-07-01T02:00:00.000Z); pass a later expiresAt',
    );
    expect(() => makeApprovalLinks({ ...options, expiresAt: new Date('nope') })).toThrow(
      'approval links for hold "h1" would be expired on arrival (expiresAt is an invalid date); pass a later expiresAt',
    );
  });
});
