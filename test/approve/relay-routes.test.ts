import { describe, expect, it } from 'vitest';
import { signLoginToken } from '../../src/approve/login-tokens.js';
import { RELAY_CSP } from '../../src/approve/relay-page.js';
import { fakePort, phone, relayServers, SECRET } from './relay-routes-kit.js';

/**
 * The relayed login's routes in-process: opening a link and driving the relay (the end of a relay
 * and what it logs: relay-routes-end.test.ts). Setup shared in relay-routes-kit.ts.
 */

const { start } = relayServers();

describe('opening a relay link', () => {
  it('a forged link is refused with 400, an expired one with 410, and nothing opens', async () => {
    const s = await start();
    const p = phone(s.base, '10.0.0.1');
    const forged = `${s.link().slice(0, -3)}AAA`;
    expect((await p.open(forged)).status).toBe(400);
    const expired = signLoginToken(
      { accountId: 'mom', expiresAt: new Date(Date.now() - 1000), nonce: 'nonce-expired-1' },
      SECRET,
    );
    expect((await p.open(`/login/${expired}`)).status).toBe(410);
    expect((await p.frame(`/login/${expired}`)).status).toBe(410);
    expect((await p.frame(forged)).status).toBe(400);
    expect(s.ports).toHaveLength(0);
  });

  it('a link of an account the config does not name is 404', async () => {
    const s = await start({ accounts: ['dad'] });
    expect((await phone(s.base, '10.0.0.1').open(s.link('mom'))).status).toBe(404);
    expect(s.ports).toHaveLength(0);
  });

  it('gives every visitor a cookie of its own: HttpOnly, SameSite=Strict, for /login/ only', async () => {
    const s = await start({ secureCookie: true });
    const r = await phone(s.base, '10.0.0.1').open(s.link());
    expect(r.status).toBe(200);
    expect(r.res.headers.get('content-security-policy')).toBe(RELAY_CSP);
    expect(r.set).toMatch(/^jl_relay=[A-Za-z0-9_-]{24};/);
    expect(r.set).toMatch(/HttpOnly/);
    expect(r.set).toMatch(/SameSite=Strict/);
    expect(r.set).toMatch(/Path=\/login\//);
    expect(r.set).toMatch(/Secure/);
    expect(r.set).toMatch(/Max-Age=660;/);
    expect(s.relays.openAccounts()).toEqual(['mom']);
  });

  it('a browser that has its cookie gets no new one', async () => {
    const s = await start();
    const p = phone(s.base, '10.0.0.1');
    const link = s.link();
    await p.open(link);
    const again = await p.open(link);
    expect(again.status).toBe(200);
    expect(again.set).toBeNull();
    expect(s.ports).toHaveLength(1);
  });

  it('opening claims nothing: a link preview and the phone both see the page, the first action claims', async () => {
    const s = await start();
    const link = s.link();
    const preview = phone(s.base, '10.9.9.9');
    const mom = phone(s.base, '10.0.0.1');
    expect((await preview.open(link)).status).toBe(200);
    expect((await mom.open(link)).status).toBe(200);
    expect((await mom.act(link)).status).toBe(200);
    // Claimed: the preview neither drives nor sees it any more.
    expect((await preview.act(link)).state).toBe('in_use');
    expect((await preview.frame(link)).state).toBe('in_use');
    expect((await preview.open(link)).status).toBe(409);
    expect(s.ports[0]?.acts).toHaveLength(1);
  });

  it('another link of the same account is refused while a relay is open', async () => {
    const s = await start();
    const first = s.link();
    await phone(s.base, '10.0.0.1').open(first);
    const later = s.link('mom', new Date(Date.now() - 1000));
    expect((await phone(s.base, '10.0.0.1').open(later)).status).toBe(409);
    expect(s.ports).toHaveLength(1);
  });

  it('past maxOpen relays the next account is told "busy" (503)', async () => {
    const s = await start({ maxOpen: 1 });
    await phone(s.base, '10.0.0.1').open(s.link('mom'));
    expect((await phone(s.base, '10.0.0.2').open(s.link('dad'))).status).toBe(503);
    expect(s.ports).toHaveLength(1);
  });

  it('a relayed browser that cannot open is 502, and frees its place', async () => {
    let fail = true;
    const s = await start({
      maxOpen: 1,
      open: async () => {
        if (fail) throw new Error('no browser');
        return fakePort();
      },
    });
    expect((await phone(s.base, '10.0.0.1').open(s.link())).status).toBe(502);
    fail = false;
    expect((await phone(s.base, '10.0.0.1').open(s.link())).status).toBe(200);
  });
});

describe('driving a relay', () => {
  it('a tap reaches the relayed browser and answers its sequence', async () => {
    const s = await start();
    const { link, mom } = await s.opened();
    const r = await mom.act(link, { kind: 'type', text: 'secret-typed' });
    expect(r.payload).toEqual({ state: 'open', seq: 1 });
    expect(s.ports[0]?.acts).toEqual([{ kind: 'type', text: 'secret-typed' }]);
    expect(JSON.stringify(s.logger.lines)).not.toContain('secret-typed');
  });

  it('a malformed action is 400 and claims nothing', async () => {
    const s = await start();
    const link = s.link();
    const a = phone(s.base, '10.0.0.1');
    const b = phone(s.base, '10.0.0.2');
    await a.open(link);
    await b.open(link);
    expect((await a.act(link, { kind: 'tap', x: 'left' })).status).toBe(400);
    expect((await b.act(link)).status).toBe(200);
    expect((await a.act(link)).state).toBe('in_use');
  });

  it('a cross-site action or cancel is refused with 403', async () => {
    const s = await start();
    const { link, mom } = await s.opened();
    const cross = { 'sec-fetch-site': 'cross-site' };
    expect((await mom.act(link, undefined, cross)).status).toBe(403);
    expect((await mom.cancel(link, false, cross)).status).toBe(403);
    expect(s.ports[0]?.acts).toHaveLength(0);
    expect(s.ports[0]?.closed).toBe(0);
    expect((await mom.act(link, undefined, { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
  });

  it('a request without the visitor cookie drives nothing', async () => {
    const s = await start();
    const link = s.link();
    await phone(s.base, '10.0.0.1').open(link);
    const bare = await fetch(`${s.base}${link}/act`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.0.0.1' },
      body: JSON.stringify({ kind: 'reload' }),
    });
    expect(bare.status).toBe(409);
    expect(s.ports[0]?.acts).toHaveLength(0);
  });

  it('the same phone in another browser takes the relay back; the first browser is then refused', async () => {
    const s = await start();
    const link = s.link();
    const app = phone(s.base, '10.0.0.1');
    const system = phone(s.base, '10.0.0.1');
    await app.open(link);
    await app.act(link);
    expect((await system.open(link)).status).toBe(200);
    expect((await system.act(link)).status).toBe(200);
    expect((await app.act(link)).state).toBe('in_use');
    expect((await app.frame(link)).state).toBe('in_use');
    expect(s.logger.lines.map((l) => l.msg)).toContain('login relay taken back');
  });

  it('frames: 204 while there is none, the JPEG and its sequence once there is', async () => {
    const s = await start();
    const { link, mom } = await s.opened();
    const none = await mom.frame(link);
    expect(none.status).toBe(204);
    expect(none.state).toBe('open');
    s.ports[0]?.frames.push({ jpeg: Buffer.from([0xff, 0xd8, 1]), seq: 9 });
    const one = await mom.frame(link, '3');
    expect(one.status).toBe(200);
    expect(one.res.headers.get('x-frame-seq')).toBe('9');
    expect(one.res.headers.get('content-type')).toBe('image/jpeg');
  });
});
