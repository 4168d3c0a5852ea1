import { describe, expect, it } from 'vitest';
import {
  checkStatusFormProof,
  ensureStatusLink,
  rotateStatusLink,
  signStatusToken,
  statusFormProof,
  statusUrlOf,
  verifyStatusToken,
} from '../../src/approve/status-link.js';
import { mac } from '../../src/approve/tokens.js';
import { NS } from '../../src/store/namespaces.js';
import type { KvStore } from '../../src/store/types.js';
import { createMapKv } from './map-kv.js';

/**
 * The status page's link (`/s/<id>.<signature>`): it never expires, so what refuses a forged,
 * replayed-after-rotation or tampered link is all here.
 */

const SECRET = 'status-link-secret-0123456789';
const NOW = new Date('2026-03-01T08:00:00Z');
const ID = 'AbCdEfGhIjKlMnOpQrStUvWx';

async function current(kv: KvStore) {
  const record = await ensureStatusLink(kv, NOW);
  return { record, token: signStatusToken(record.id, SECRET) };
}

describe('the status link record', () => {
  it('is made once: a second call gives the same id and its time', async () => {
    const kv = createMapKv();
    const first = await ensureStatusLink(kv, NOW);
    const second = await ensureStatusLink(kv, new Date('2026-04-01T00:00:00Z'));
    expect(second).toEqual(first);
    expect(first.createdAt).toBe(NOW.toISOString());
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{24}$/);
  });

  it('two processes making it at once agree on the one that was stored first', async () => {
    const kv = createMapKv();
    const stored = { id: ID, createdAt: NOW.toISOString() };
    // The other process stores its record between this one's read and its add.
    const racing: KvStore = {
      ...kv,
      get: async (ns, key, schema) => {
        const value = await kv.get(ns, key, schema);
        if (value === undefined) await kv.add(NS.statusLink, 'current', stored);
        return value;
      },
    };
    expect(await ensureStatusLink(racing, NOW)).toEqual(stored);
  });

  it('when the record cannot be read back after losing the race, the fresh one is used', async () => {
    const kv = createMapKv();
    const never: KvStore = { ...kv, get: async () => undefined, add: async () => false };
    const fresh = await ensureStatusLink(never, NOW);
    expect(fresh.id).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(fresh.createdAt).toBe(NOW.toISOString());
  });

  it('rotating makes a new id, stored, and refuses the old link from then on', async () => {
    const kv = createMapKv();
    const { record, token } = await current(kv);
    const later = new Date('2026-03-02T00:00:00Z');
    const fresh = await rotateStatusLink(kv, later);
    expect(fresh.id).not.toBe(record.id);
    expect(fresh.createdAt).toBe(later.toISOString());
    expect(await ensureStatusLink(kv, NOW)).toEqual(fresh);
    expect(await verifyStatusToken(token, SECRET, kv)).toEqual({ ok: false, reason: 'rotated' });
    expect(await verifyStatusToken(signStatusToken(fresh.id, SECRET), SECRET, kv)).toEqual({
      ok: true,
      id: fresh.id,
    });
  });
});

describe('signStatusToken and statusUrlOf', () => {
  it('a token is the id and its HMAC under the "status" purpose', () => {
    expect(signStatusToken(ID, SECRET)).toBe(`${ID}.${mac(SECRET, 'status', ID)}`);
  });
  it('refuses to sign with a short secret', () => {
    expect(() => signStatusToken(ID, 'short')).toThrow(/at least 16 characters/);
  });
  it('the URL drops every trailing slash of the public URL', () => {
    const record = { id: ID, createdAt: NOW.toISOString() };
    expect(statusUrlOf('https://a.example/jl//', record, SECRET)).toBe(
      `https://a.example/jl/s/${signStatusToken(ID, SECRET)}`,
    );
  });
});

describe('verifyStatusToken', () => {
  it('the current link opens', async () => {
    const kv = createMapKv();
    const { record, token } = await current(kv);
    expect(await verifyStatusToken(token, SECRET, kv)).toEqual({ ok: true, id: record.id });
  });

  it('a correctly signed id that was never the current one is "rotated"', async () => {
    const kv = createMapKv();
    await current(kv);
    expect(await verifyStatusToken(signStatusToken(ID, SECRET), SECRET, kv)).toEqual({
      ok: false,
      reason: 'rotated',
    });
  });

  it('with no link stored, a signed token is refused', async () => {
    expect(await verifyStatusToken(signStatusToken(ID, SECRET), SECRET, createMapKv())).toEqual({
      ok: false,
      reason: 'rotated',
    });
  });

  it('a forged signature, another secret, or another purpose is "bad_signature"', async () => {
    const kv = createMapKv();
    const { record, token } = await current(kv);
    const bad = { ok: false, reason: 'bad_signature' };
    expect(await verifyStatusToken(`${token.slice(0, -2)}AA`, SECRET, kv)).toEqual(bad);
    expect(await verifyStatusToken(signStatusToken(record.id, `${SECRET}-other`), SECRET, kv)).toEqual(bad);
    expect(await verifyStatusToken(`${record.id}.${mac(SECRET, 'token', record.id)}`, SECRET, kv)).toEqual(
      bad,
    );
  });

  it.each([
    ['no signature', (t: string) => t.split('.')[0] ?? ''],
    ['an empty signature', (t: string) => `${t.split('.')[0]}.`],
    ['an empty id', (t: string) => `.${t.split('.')[1]}`],
    ['a third part', (t: string) => `${t}.x`],
    ['an id too short', () => `abc.${mac(SECRET, 'status', 'abc')}`],
    ['an id with other characters', () => `${ID}!.${mac(SECRET, 'status', `${ID}!`)}`],
    ['an id with a prefix the pattern must not allow', () => `/${ID}.${mac(SECRET, 'status', `/${ID}`)}`],
    ['an id too long', () => `${'a'.repeat(65)}.${mac(SECRET, 'status', 'a'.repeat(65))}`],
    ['longer than 200 characters', (t: string) => `${t}${'A'.repeat(200)}`],
  ])('%s is malformed', async (_name, make) => {
    const kv = createMapKv();
    const { token } = await current(kv);
    expect(await verifyStatusToken(make(token), SECRET, kv)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('an id of 16 and of 64 characters has the right shape', async () => {
    const kv = createMapKv();
    for (const id of ['a'.repeat(16), 'a'.repeat(64)]) {
      await kv.set(NS.statusLink, 'current', { id, createdAt: NOW.toISOString() });
      expect(await verifyStatusToken(signStatusToken(id, SECRET), SECRET, kv)).toEqual({ ok: true, id });
    }
  });

  it('junk that is not a string is malformed, never thrown', async () => {
    expect(await verifyStatusToken(42 as unknown as string, SECRET, createMapKv())).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});

describe('the status page form proof', () => {
  const proof = statusFormProof('link-1', 'CART-1', 'approve', SECRET);
  it('is the HMAC of link, hold and action under "status-form"', () => {
    expect(proof).toBe(mac(SECRET, 'status-form', 'link-1.CART-1.approve'));
  });
  it('passes for the same link, hold and action', () => {
    expect(checkStatusFormProof('link-1', 'CART-1', 'approve', SECRET, proof)).toBe(true);
  });
  it('fails for another link, hold or action, another secret, or a value that is no string', () => {
    expect(checkStatusFormProof('link-2', 'CART-1', 'approve', SECRET, proof)).toBe(false);
    expect(checkStatusFormProof('link-1', 'CART-2', 'approve', SECRET, proof)).toBe(false);
    expect(checkStatusFormProof('link-1', 'CART-1', 'release', SECRET, proof)).toBe(false);
    expect(checkStatusFormProof('link-1', 'CART-1', 'approve', `${SECRET}x`, proof)).toBe(false);
    expect(checkStatusFormProof('link-1', 'CART-1', 'approve', SECRET, [proof])).toBe(false);
    expect(checkStatusFormProof('link-1', 'CART-1', 'approve', SECRET, undefined)).toBe(false);
  });
});
