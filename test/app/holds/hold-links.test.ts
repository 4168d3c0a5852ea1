import { describe, expect, it } from 'vitest';
import { linkExpiryOf, linksFor } from '../../../src/app/holds/hold-records.js';
import { CART_HOLD, type Hold, type HoldKind } from '../../../src/core/types.js';

/** Until when a hold's approval links work, and which links a parent gets for a hold kind. */

const hold = (expiresAt: string | null): Hold => ({
  id: 'cart-1',
  courseId: 'ART-101',
  heldAt: '2026-11-07T01:00:00.000Z',
  expiresAt,
});
const REVIEW: HoldKind = { kind: 'registration', expires: false, after: 'review', release: false };

describe('linkExpiryOf', () => {
  it("is the portal's expiry, the usual 15 minutes of an expiring kind, or 14 days for a kept one", () => {
    expect(linkExpiryOf(hold('2026-11-07T01:20:00.000Z'), CART_HOLD).toISOString()).toBe(
      '2026-11-07T01:20:00.000Z',
    );
    expect(linkExpiryOf(hold(null), CART_HOLD).toISOString()).toBe('2026-11-07T01:15:00.000Z');
    expect(linkExpiryOf(hold(null), REVIEW).toISOString()).toBe('2026-11-21T01:00:00.000Z');
  });
});

describe('linksFor', () => {
  const asked: [string, string][] = [];
  const rt = {
    links: (holdId: string, until: Date) => {
      asked.push([holdId, until.toISOString()]);
      return { approveUrl: `http://x/a/${holdId}`, releaseUrl: `http://x/r/${holdId}` };
    },
  };

  it('gives approve and release links valid until the link expiry; no release link where nobody can give a seat back', () => {
    expect(linksFor(rt, 'h1', hold(null), CART_HOLD)).toEqual({
      approveUrl: 'http://x/a/h1',
      releaseUrl: 'http://x/r/h1',
    });
    expect(linksFor(rt, 'h2', hold(null), REVIEW)).toEqual({ approveUrl: 'http://x/a/h2' });
    expect(asked).toEqual([
      ['h1', '2026-11-07T01:15:00.000Z'],
      ['h2', '2026-11-21T01:00:00.000Z'],
    ]);
  });

  it('gives none when approval links are off', () => {
    expect(linksFor({ links: () => undefined }, 'h1', hold(null), CART_HOLD)).toBeUndefined();
    expect(linksFor({ links: () => undefined }, 'h1', hold(null), REVIEW)).toBeUndefined();
  });
});
