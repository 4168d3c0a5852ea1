import { afterEach, describe, expect, it, vi } from 'vitest';
import { phone, relayServers, until } from './relay-routes-kit.js';

/**
 * When a relay closes by itself (idle, phone gone, phone left, link expired) and when a finished
 * relay is forgotten, on a fake clock: the relay's watch (setInterval) and Date are faked, the HTTP
 * calls run on real timers. Setup in relay-routes-kit.ts.
 */

const { start } = relayServers();
const LONG = 24 * 3_600_000;
const clock = () => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a relay closes by itself', () => {
  it('idleMs after the last action, not after the opening', async () => {
    clock();
    const s = await start({ idleMs: 1000, goneMs: LONG, leftMs: LONG });
    const { link, mom, port } = await s.claimed();
    vi.advanceTimersByTime(900);
    await mom.act(link);
    vi.advanceTimersByTime(600);
    expect(port.closed).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(port.closed).toBe(1);
  });

  it('goneMs after the phone last asked for a frame', async () => {
    clock();
    const s = await start({ idleMs: LONG, goneMs: 1000, leftMs: LONG });
    const { link, mom, port } = await s.claimed();
    vi.advanceTimersByTime(900);
    await mom.frame(link);
    vi.advanceTimersByTime(600);
    expect(port.closed).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(port.closed).toBe(1);
  });

  it('leftMs after the phone left the page, unless the phone comes back to it', async () => {
    clock();
    const s = await start({ idleMs: LONG, goneMs: LONG, leftMs: 1000 });
    const { link, mom, port } = await s.claimed();
    await mom.cancel(link, true);
    vi.advanceTimersByTime(500);
    await mom.frame(link);
    vi.advanceTimersByTime(3000);
    expect(port.closed).toBe(0);
    await mom.cancel(link, true);
    vi.advanceTimersByTime(2000);
    expect(port.closed).toBe(1);
  });

  it("the same phone's other browser only watching does not keep a left relay open; its action does", async () => {
    clock();
    const s = await start({ idleMs: LONG, goneMs: LONG, leftMs: 1000 });
    const { link, mom, port } = await s.claimed();
    const system = phone(s.base, '10.0.0.1');
    await system.open(link);
    await mom.cancel(link, true);
    await system.frame(link);
    vi.advanceTimersByTime(1000);
    expect(port.closed).toBe(1);
    const again = await s.claimed();
    const other = phone(s.base, '10.0.0.1');
    await other.open(again.link);
    await again.mom.cancel(again.link, true);
    await other.act(again.link);
    vi.advanceTimersByTime(3000);
    expect(again.port.closed).toBe(0);
  });

  it('when its link expires (30 minutes), not before', async () => {
    clock();
    const s = await start({ idleMs: LONG, goneMs: LONG, leftMs: LONG });
    const { port } = await s.opened();
    vi.advanceTimersByTime(30 * 60_000 - 10_000);
    expect(port.closed).toBe(0);
    vi.advanceTimersByTime(10_000);
    expect(port.closed).toBe(1);
  });
});

describe('a finished relay', () => {
  it('is watched no more: a saved or cancelled relay is not closed again', async () => {
    clock();
    const s = await start({ idleMs: 1000, goneMs: LONG, leftMs: LONG });
    const saved = await s.claimed();
    saved.port.save();
    await until(() => s.saved.length > 0);
    vi.advanceTimersByTime(5000);
    expect(saved.port.closed).toBe(0);
    const cancelled = await s.claimed();
    await cancelled.mom.cancel(cancelled.link);
    await until(() => s.relays.openAccounts().length === 0);
    vi.advanceTimersByTime(5000);
    expect(cancelled.port.closed).toBe(1);
  });

  it('is forgotten 30 s later (its phone no longer counts as told), a newer relay of the account is not', async () => {
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const forget = () => {
      // The relay's own forgetting (the server's close has a 30 s timer of its own).
      const calls = spy.mock.calls.filter((c) => c[1] === 30_000 && String(c[0]).includes('relays'));
      spy.mockClear();
      for (const [f] of calls) (f as () => void)();
      return calls.length;
    };
    const s = await start();
    const first = await s.claimed();
    first.port.save();
    await until(() => s.saved.length > 0);
    expect((await first.mom.frame(first.link)).state).toBe('saved');
    expect(await s.relays.savedSeen('mom', 0)).toBe(true);
    expect(forget()).toBe(1);
    expect(await s.relays.savedSeen('mom', 0)).toBe(false);

    const t = await start();
    const cancelled = await t.claimed();
    await cancelled.mom.cancel(cancelled.link);
    await until(() => t.relays.openAccounts().length === 0);
    const newer = await t.claimed();
    expect(t.relays.openAccounts()).toEqual(['mom']);
    // The cancelled relay is forgotten after the newer one opened: the newer one stays.
    expect(forget()).toBe(1);
    expect(t.relays.openAccounts()).toEqual(['mom']);
    expect(newer.port.closed).toBe(0);
  });
});
