import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLoginLog, LOGINS_KEPT } from '../../src/store/logins.js';
import { createMemoryStore } from '../../src/store/memory.js';

/**
 * The login log (issue 29 items 1 and 8; issue 26 test strength): what the login-soon alert is keyed
 * by and what a session's lifetime is measured from.
 */

const T0 = Date.parse('2026-12-02T02:00:00.000Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

describe('the login log', () => {
  it('an account without logins lists none and has no last one', async () => {
    const log = createLoginLog(createMemoryStore());
    expect(await log.list('mom')).toEqual([]);
    expect(await log.last('mom')).toBeUndefined();
  });

  it('records logins oldest first, the newest as the last one, per account', async () => {
    const log = createLoginLog(createMemoryStore());
    await log.record('mom', { at: iso(0), via: 'window', expiresAt: null });
    await log.record('dad', { at: iso(1), via: 'import', expiresAt: null });
    await log.record('mom', { at: iso(2), via: 'relay', expiresAt: iso(120) });
    expect(await log.list('mom')).toStrictEqual([
      { at: iso(0), via: 'window', expiresAt: null },
      { at: iso(2), via: 'relay', expiresAt: iso(120) },
    ]);
    expect(await log.last('mom')).toStrictEqual({ at: iso(2), via: 'relay', expiresAt: iso(120) });
    expect(await log.list('dad')).toStrictEqual([{ at: iso(1), via: 'import', expiresAt: null }]);
  });

  it("a login's time is stored as a UTC instant, however it was written", async () => {
    const log = createLoginLog(createMemoryStore());
    await log.record('mom', { at: '2026-12-02T10:00:00+08:00', via: 'scripted', expiresAt: null });
    expect((await log.last('mom'))?.at).toBe('2026-12-02T02:00:00.000Z');
  });

  it('a login by an unknown way is refused, and nothing is recorded', async () => {
    const log = createLoginLog(createMemoryStore());
    await expect(
      log.record('mom', { at: iso(0), via: 'telepathy' as 'relay', expiresAt: null }),
    ).rejects.toThrow();
    expect(await log.list('mom')).toEqual([]);
  });

  it(`keeps the newest ${LOGINS_KEPT} logins of an account`, async () => {
    const log = createLoginLog(createMemoryStore());
    for (let i = 0; i < LOGINS_KEPT + 2; i += 1) {
      await log.record('mom', { at: iso(i * 60), via: 'window', expiresAt: null });
    }
    const kept = await log.list('mom');
    expect(LOGINS_KEPT).toBe(12);
    expect(kept.map((l) => l.at)).toEqual(Array.from({ length: LOGINS_KEPT }, (_, i) => iso((i + 2) * 60)));
  });

  it("marks the newest login's session ended at the first finding only", async () => {
    const log = createLoginLog(createMemoryStore());
    await log.record('mom', { at: iso(0), via: 'window', expiresAt: null });
    await log.record('mom', { at: iso(10), via: 'relay', expiresAt: null });
    await log.ended('mom', new Date(iso(200)));
    await log.ended('mom', new Date(iso(300)));
    expect(await log.list('mom')).toStrictEqual([
      { at: iso(0), via: 'window', expiresAt: null },
      { at: iso(10), via: 'relay', expiresAt: null, endedAt: iso(200) },
    ]);
  });

  it('an end found at the very instant of the login counts; one from before the login does not', async () => {
    const log = createLoginLog(createMemoryStore());
    await log.record('mom', { at: iso(10), via: 'relay', expiresAt: null });
    await log.ended('mom', new Date(T0 + 10 * 60_000 - 1));
    expect((await log.last('mom'))?.endedAt).toBeUndefined();
    await log.ended('mom', new Date(iso(10)));
    expect((await log.last('mom'))?.endedAt).toBe(iso(10));
  });

  it('an end found for an account without logins records nothing', async () => {
    const kv = createMemoryStore();
    const log = createLoginLog(kv);
    await log.ended('mom', new Date(iso(0)));
    expect(await log.list('mom')).toEqual([]);
    expect(await kv.list('logins', z.unknown())).toEqual([]);
  });

  it('a new login after an ended one lives until its own end is found', async () => {
    const log = createLoginLog(createMemoryStore());
    await log.record('mom', { at: iso(0), via: 'window', expiresAt: null });
    await log.ended('mom', new Date(iso(100)));
    await log.record('mom', { at: iso(110), via: 'relay', expiresAt: null });
    expect((await log.last('mom'))?.endedAt).toBeUndefined();
    await log.ended('mom', new Date(iso(400)));
    expect((await log.list('mom')).map((l) => l.endedAt)).toEqual([iso(100), iso(400)]);
  });
});
