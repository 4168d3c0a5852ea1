import { describe, expect, it } from 'vitest';
import {
  claimSeat,
  frameAfter,
  isPhone,
  linkRefusal,
  mayView,
  mayWatch,
  type RelaySeat,
  refusedState,
  relayCookieOf,
  relayLimits,
  roomToOpen,
  sameSiteRequest,
  shouldClose,
  spentByLogin,
  watchEveryMs,
} from '../../src/approve/relay-rules.js';

/** The relayed login's decisions (issue 15, issue 29 items 6-8), without a server or a browser. */

const seat = (over: Partial<RelaySeat> = {}): RelaySeat => ({
  nonce: 'nonce-A',
  phone: null,
  phoneIp: null,
  replaced: new Set(),
  state: 'open',
  lastActionMs: 0,
  lastSeenMs: 0,
  leftAtMs: null,
  ...over,
});
const claimed = (over: Partial<RelaySeat> = {}) => seat({ phone: 'cookie-P', phoneIp: '10.0.0.1', ...over });

describe('relayLimits', () => {
  it('defaults: 2 relays open, 10 minutes idle, 60 s gone, 15 s left', () => {
    expect(relayLimits({})).toEqual({ maxOpen: 2, idleMs: 600_000, goneMs: 60_000, leftMs: 15_000 });
  });
  it('keeps every limit it is given', () => {
    expect(relayLimits({ maxOpen: 5, idleMs: 1, goneMs: 2, leftMs: 3 })).toEqual({
      maxOpen: 5,
      idleMs: 1,
      goneMs: 2,
      leftMs: 3,
    });
  });
});

describe('relayCookieOf', () => {
  it('finds the visitor cookie among others, spaces trimmed', () => {
    expect(relayCookieOf('a=1;  jl_relay=abc ; b=2')).toBe('abc');
  });
  it('keeps an "=" inside the value', () => {
    expect(relayCookieOf('jl_relay=ab=c=')).toBe('ab=c=');
  });
  it('no header, or no visitor cookie in it: none', () => {
    expect(relayCookieOf(undefined)).toBeUndefined();
    expect(relayCookieOf('')).toBeUndefined();
    expect(relayCookieOf('jl_relayx=1; xjl_relay=2')).toBeUndefined();
  });
  it('an empty visitor cookie is an empty string, not none', () => {
    expect(relayCookieOf('jl_relay=')).toBe('');
  });
});

describe('isPhone', () => {
  it('the browser that claimed the relay is its phone', () => {
    expect(isPhone(claimed(), { cookie: 'cookie-P', ip: '10.9.9.9' })).toBe(true);
  });
  it('another cookie, no cookie, or an unclaimed relay: not the phone', () => {
    expect(isPhone(claimed(), { cookie: 'cookie-Q', ip: '10.0.0.1' })).toBe(false);
    expect(isPhone(claimed(), { cookie: undefined, ip: '10.0.0.1' })).toBe(false);
    expect(isPhone(seat(), { cookie: 'cookie-P', ip: '10.0.0.1' })).toBe(false);
  });
});

describe('mayView: who sees the relay page of an open relay', () => {
  it('anyone with the link while nobody has claimed it', () => {
    expect(mayView(seat(), 'nonce-A', { cookie: undefined, ip: '10.5.5.5' })).toBe(true);
  });
  it('another link of the same account is refused', () => {
    expect(mayView(seat(), 'nonce-B', { cookie: undefined, ip: '10.5.5.5' })).toBe(false);
  });
  it('once claimed: the phone, and the same phone (same address) in another browser', () => {
    expect(mayView(claimed(), 'nonce-A', { cookie: 'cookie-P', ip: '10.7.7.7' })).toBe(true);
    expect(mayView(claimed(), 'nonce-A', { cookie: undefined, ip: '10.0.0.1' })).toBe(true);
  });
  it('once claimed, another browser at another address is refused', () => {
    expect(mayView(claimed(), 'nonce-A', { cookie: 'cookie-Q', ip: '10.7.7.7' })).toBe(false);
  });
});

describe('mayWatch: who may drive an open relay', () => {
  it('a browser with a cookie while nobody has claimed it', () => {
    expect(mayWatch(seat(), 'nonce-A', { cookie: 'cookie-Q', ip: '10.5.5.5' })).toBe(true);
  });
  it('a relay link of the same account made later does not drive this relay', () => {
    expect(mayWatch(seat(), 'nonce-B', { cookie: 'cookie-Q', ip: '10.5.5.5' })).toBe(false);
  });
  it('a request without the visitor cookie drives nothing', () => {
    expect(mayWatch(seat(), 'nonce-A', { cookie: undefined, ip: '10.5.5.5' })).toBe(false);
  });
  it('a browser whose relay the same phone took back in another browser is refused', () => {
    const r = claimed({ replaced: new Set(['cookie-old']) });
    expect(mayWatch(r, 'nonce-A', { cookie: 'cookie-old', ip: '10.0.0.1' })).toBe(false);
  });
  it('once claimed: the phone, and the same address in another browser', () => {
    expect(mayWatch(claimed(), 'nonce-A', { cookie: 'cookie-P', ip: '10.7.7.7' })).toBe(true);
    expect(mayWatch(claimed(), 'nonce-A', { cookie: 'cookie-Q', ip: '10.0.0.1' })).toBe(true);
  });
  it('once claimed, another browser at another address is refused', () => {
    expect(mayWatch(claimed(), 'nonce-A', { cookie: 'cookie-Q', ip: '10.7.7.7' })).toBe(false);
  });
});

describe('claimSeat: the first action claims the relay', () => {
  it('an unclaimed relay becomes this browser\'s, at its address, no longer "left"', () => {
    const r = seat({ leftAtMs: 5 });
    expect(claimSeat(r, { cookie: 'cookie-Q', ip: '10.5.5.5' })).toBe('claimed');
    expect(r).toMatchObject({ phone: 'cookie-Q', phoneIp: '10.5.5.5', leftAtMs: null });
    expect([...r.replaced]).toEqual([]);
  });
  it("the phone's own action changes nothing", () => {
    const r = claimed({ leftAtMs: 5 });
    expect(claimSeat(r, { cookie: 'cookie-P', ip: '10.8.8.8' })).toBe('mine');
    expect(r).toMatchObject({ phone: 'cookie-P', phoneIp: '10.0.0.1', leftAtMs: 5 });
  });
  it('the same phone in another browser takes it back; the old browser is replaced', () => {
    const r = claimed({ leftAtMs: 5 });
    expect(claimSeat(r, { cookie: 'cookie-Q', ip: '10.0.0.1' })).toBe('taken back');
    expect(r).toMatchObject({ phone: 'cookie-Q', phoneIp: '10.0.0.1', leftAtMs: null });
    expect([...r.replaced]).toEqual(['cookie-P']);
  });
  it('a browser without cookie or address claims with none', () => {
    const r = seat();
    claimSeat(r, { cookie: undefined, ip: undefined });
    expect(r).toMatchObject({ phone: null, phoneIp: null });
  });
});

describe('refusedState: what a request that may not drive the relay is told', () => {
  it('its relay saved the session: "saved"', () => {
    expect(refusedState({ state: 'saved' }, { state: 'saved', nonce: 'nonce-A' }, 'nonce-A')).toBe('saved');
  });
  it('another browser holds this link\'s open relay: "in_use"', () => {
    expect(refusedState(undefined, { state: 'open', nonce: 'nonce-A' }, 'nonce-A')).toBe('in_use');
  });
  it('the open relay is another link\'s, closed, or gone: "closed"', () => {
    expect(refusedState(undefined, { state: 'open', nonce: 'nonce-B' }, 'nonce-A')).toBe('closed');
    expect(refusedState(undefined, { state: 'closed', nonce: 'nonce-A' }, 'nonce-A')).toBe('closed');
    expect(refusedState(undefined, undefined, 'nonce-A')).toBe('closed');
  });
  it('its own relay closed or no longer open: "closed", never "in_use"', () => {
    expect(refusedState({ state: 'closed' }, { state: 'open', nonce: 'nonce-A' }, 'nonce-A')).toBe('closed');
    expect(refusedState({ state: 'open' }, { state: 'open', nonce: 'nonce-A' }, 'nonce-A')).toBe('closed');
  });
});

describe('linkRefusal', () => {
  it('an expired link is 410 "expired"', () => {
    expect(linkRefusal('expired')).toEqual({ status: 410, notice: 'expired' });
  });
  it('a forged or broken link is 400 "invalid"', () => {
    expect(linkRefusal('bad_signature')).toEqual({ status: 400, notice: 'invalid' });
    expect(linkRefusal('malformed')).toEqual({ status: 400, notice: 'invalid' });
  });
});

describe('spentByLogin: a login at or after the link was made spends it', () => {
  const issued = new Date('2026-03-01T08:00:00Z');
  it('a login after the link was made spends it', () => {
    expect(spentByLogin('2026-03-01T08:05:00Z', issued)).toBe(true);
  });
  it('a login at the very moment the link was made spends it', () => {
    expect(spentByLogin('2026-03-01T08:00:00Z', issued)).toBe(true);
  });
  it('a login before the link was made does not', () => {
    expect(spentByLogin('2026-03-01T07:59:59.999Z', issued)).toBe(false);
  });
  it('no login recorded: not spent', () => {
    expect(spentByLogin(undefined, issued)).toBe(false);
  });
  it('a link without a making time is spent by any login', () => {
    expect(spentByLogin('1970-01-01T00:00:00Z', undefined)).toBe(true);
  });
});

describe('roomToOpen', () => {
  it('opens while fewer relays are open or opening than the cap', () => {
    expect(roomToOpen(0, 0, 2)).toBe(true);
    expect(roomToOpen(1, 0, 2)).toBe(true);
  });
  it('relays being opened count against the cap', () => {
    expect(roomToOpen(1, 1, 2)).toBe(false);
    expect(roomToOpen(0, 2, 2)).toBe(false);
  });
  it('at the cap: busy', () => {
    expect(roomToOpen(2, 0, 2)).toBe(false);
  });
});

describe('shouldClose', () => {
  const limits = { idleMs: 100, goneMs: 50, leftMs: 20 };
  const fresh = { lastActionMs: 1000, lastSeenMs: 1000, leftAtMs: null };
  it('a relay in use stays open', () => {
    expect(shouldClose(fresh, 1049, false, limits)).toBe(false);
  });
  it('closes once its link expired', () => {
    expect(shouldClose(fresh, 1001, true, limits)).toBe(true);
  });
  it('closes after idleMs without an action, to the millisecond', () => {
    const r = { ...fresh, lastSeenMs: 1090 };
    expect(shouldClose(r, 1099, false, limits)).toBe(false);
    expect(shouldClose(r, 1100, false, limits)).toBe(true);
  });
  it('closes after goneMs without a frame asked, to the millisecond', () => {
    const r = { ...fresh, lastActionMs: 1040 };
    expect(shouldClose(r, 1049, false, limits)).toBe(false);
    expect(shouldClose(r, 1050, false, limits)).toBe(true);
  });
  it('closes leftMs after its phone left, to the millisecond', () => {
    const r = { lastActionMs: 1030, lastSeenMs: 1030, leftAtMs: 1040 };
    expect(shouldClose(r, 1059, false, limits)).toBe(false);
    expect(shouldClose(r, 1060, false, limits)).toBe(true);
  });
});

describe('watchEveryMs', () => {
  it('looks every 5 s at most', () => {
    expect(watchEveryMs({ idleMs: 600_000, goneMs: 60_000, leftMs: 15_000 })).toBe(5000);
  });
  it('looks as often as the shortest limit', () => {
    expect(watchEveryMs({ idleMs: 300, goneMs: 900, leftMs: 900 })).toBe(300);
    expect(watchEveryMs({ idleMs: 900, goneMs: 200, leftMs: 900 })).toBe(200);
    expect(watchEveryMs({ idleMs: 900, goneMs: 900, leftMs: 100 })).toBe(100);
  });
});

describe('sameSiteRequest', () => {
  it('a same-origin request or one without Sec-Fetch-Site acts', () => {
    expect(sameSiteRequest(undefined)).toBe(true);
    expect(sameSiteRequest('same-origin')).toBe(true);
  });
  it('a cross-site or same-site (other subdomain) POST does not', () => {
    expect(sameSiteRequest('cross-site')).toBe(false);
    expect(sameSiteRequest('same-site')).toBe(false);
    expect(sameSiteRequest('none')).toBe(false);
  });
});

describe('frameAfter', () => {
  it('reads the sequence the phone has', () => {
    expect(frameAfter('7')).toBe(7);
  });
  it('none or unreadable: 0', () => {
    expect(frameAfter(undefined)).toBe(0);
    expect(frameAfter('x')).toBe(0);
    expect(frameAfter('Infinity')).toBe(0);
  });
});
