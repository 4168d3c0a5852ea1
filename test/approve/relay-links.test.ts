import { describe, expect, it } from 'vitest';
import { createRelayLinks, LOGIN_LINKS_NS, spentLinkSchema } from '../../src/approve/relay-port.js';
import { NS } from '../../src/store/namespaces.js';
import type { KvStore } from '../../src/store/types.js';
import { recordingLogger } from './harness.js';
import { createMapKv } from './map-kv.js';

/** Which relay links are spent, and spending one when its relay saved the session (issue 29 item 8). */

const AT = new Date('2026-03-01T08:00:00Z');
const claims = {
  accountId: 'mom',
  expiresAt: new Date('2026-03-01T09:00:00Z'),
  nonce: 'nonce-0123456789',
  issuedAt: AT,
};

describe('createRelayLinks', () => {
  it('a saved relay records its nonce as spent, with when and which account', async () => {
    const kv = createMapKv();
    await createRelayLinks(kv).saved('mom', claims.nonce, AT, recordingLogger());
    expect(await kv.get(LOGIN_LINKS_NS, claims.nonce, spentLinkSchema)).toEqual({
      usedAt: AT.toISOString(),
      accountId: 'mom',
    });
  });

  it('a spent nonce spends the link even when no login was recorded', async () => {
    const kv = createMapKv();
    await kv.add(LOGIN_LINKS_NS, claims.nonce, { usedAt: AT.toISOString(), accountId: 'mom' });
    expect(await createRelayLinks(kv).spent(claims)).toBe(true);
  });

  it('a fresh link of an account never logged in is not spent', async () => {
    expect(await createRelayLinks(createMapKv()).spent(claims)).toBe(false);
  });

  it('a login log that cannot be written is logged, and the link is still spent', async () => {
    const kv = createMapKv();
    const broken: KvStore = {
      ...kv,
      set: async (ns, key, value) => {
        if (ns === NS.logins) throw new Error('disk full');
        return kv.set(ns, key, value);
      },
    };
    const log = recordingLogger();
    await createRelayLinks(broken).saved('mom', claims.nonce, AT, log);
    expect(log.lines).toEqual([
      {
        level: 'error',
        obj: { err: expect.any(Error), accountId: 'mom' },
        msg: 'login relay: login not recorded',
      },
    ]);
    expect(await createRelayLinks(broken).spent(claims)).toBe(true);
  });
});
