import { describe, expect, it } from 'vitest';
import { LOGIN_LINKS_NS } from '../../src/approve/login-relay.js';
import { makeLoginLink } from '../../src/approve/login-tokens.js';
import { createLoginLog } from '../../src/store/logins.js';
import { phone, relayServers, SECRET, until } from './relay-routes-kit.js';

/**
 * The relayed login's routes in-process: how a relay ends (saved, spent, cancelled, left, idle) and
 * what it logs. Setup shared in relay-routes-kit.ts.
 */

const { start } = relayServers();

describe('the end of a relay', () => {
  it('a saved session spends the link: replayed after its login it is refused (410), the login recorded', async () => {
    const s = await start();
    const { link, mom } = await s.claimed();
    s.ports[0]?.save();
    await until(() => s.saved.length > 0);
    expect(s.saved).toEqual(['mom']);
    expect((await mom.frame(link)).state).toBe('saved');
    expect((await mom.open(link)).status).toBe(410);
    expect((await phone(s.base, '10.5.5.5').act(link)).status).toBe(410);
    expect((await createLoginLog(s.kv).last('mom'))?.via).toBe('relay');
    expect(s.kv.size()).toBeGreaterThanOrEqual(2);
    expect(s.relays.openAccounts()).toEqual([]);
  });

  it('the phone that heard "saved" is seen by login --remote; nobody else counts', async () => {
    const s = await start();
    const { link, mom } = await s.opened();
    expect(await s.relays.savedSeen('mom', 10)).toBe(false);
    await mom.act(link);
    const seen = s.relays.savedSeen('mom', 5000);
    s.ports[0]?.save();
    await until(() => s.saved.length > 0);
    expect((await phone(s.base, '10.5.5.5').frame(link)).state).toBe('saved');
    expect((await mom.frame(link)).state).toBe('saved');
    expect(await seen).toBe(true);
    expect(await s.relays.savedSeen('mom', 10)).toBe(true);
    expect(await s.relays.savedSeen('dad', 10)).toBe(false);
  });

  it('a session saved while nobody heard it: savedSeen gives up after its wait', async () => {
    const s = await start();
    await s.claimed();
    s.ports[0]?.save();
    await until(() => s.saved.length > 0);
    expect(await s.relays.savedSeen('mom', 20)).toBe(false);
  });

  it('a login by another way spends an open relay\'s link: the relay closes, the phone is told "saved"', async () => {
    const s = await start();
    const { link, mom } = await s.claimedThenLoggedInElsewhere();
    const r = await mom.frame(link);
    expect(r.status).toBe(410);
    expect(r.state).toBe('saved');
    expect(s.ports[0]?.closed).toBe(1);
    expect(await s.relays.savedSeen('mom', 10)).toBe(true);
  });

  it('a link made after the last login still opens', async () => {
    const s = await start();
    await createLoginLog(s.kv).record('mom', {
      at: new Date(Date.now() - 60_000).toISOString(),
      via: 'window',
      expiresAt: null,
    });
    expect((await phone(s.base, '10.0.0.1').open(s.link())).status).toBe(200);
  });

  it('a link whose nonce was spent is refused even with no login recorded', async () => {
    const s = await start();
    const path = makeLoginLink({ publicUrl: s.base, secret: SECRET, accountId: 'mom', now: new Date() }).url;
    const token = path.split('/login/')[1] ?? '';
    const payload = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as {
      n: string;
    };
    await s.kv.add(LOGIN_LINKS_NS, payload.n, { usedAt: new Date().toISOString(), accountId: 'mom' });
    expect((await phone(s.base, '10.0.0.1').open(`/login/${token}`)).status).toBe(410);
  });

  it('cancel closes the relay; the phone is then told "closed"', async () => {
    const s = await start();
    const { link, mom } = await s.claimed();
    expect((await mom.cancel(link)).payload).toEqual({ state: 'closed' });
    expect(s.ports[0]?.closed).toBe(1);
    await until(() => s.relays.openAccounts().length === 0);
    expect((await mom.frame(link)).state).toBe('closed');
    expect((await mom.act(link)).state).toBe('closed');
  });

  it("another browser's cancel closes nothing once the relay is claimed", async () => {
    const s = await start();
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    const other = phone(s.base, '10.0.0.2');
    await mom.open(link);
    await other.open(link);
    await mom.act(link);
    expect((await other.cancel(link)).payload).toEqual({ state: 'closed' });
    expect(s.ports[0]?.closed).toBe(0);
  });

  it('the phone leaving the page closes the relay after leftMs unless it comes back', async () => {
    const s = await start({ leftMs: 60 });
    const { link, mom } = await s.claimed();
    expect((await mom.cancel(link, true)).payload).toEqual({ state: 'open' });
    expect(s.ports[0]?.closed).toBe(0);
    await until(() => (s.ports[0]?.closed ?? 0) > 0);
    expect(s.ports[0]?.closed).toBe(1);
  });

  it("a visitor's leaving does not count when it is not the phone", async () => {
    const s = await start({ leftMs: 40, goneMs: 100_000 });
    const link = s.link();
    const preview = phone(s.base, '10.0.0.2');
    await preview.open(link);
    await preview.cancel(link, true);
    await new Promise((r) => setTimeout(r, 150));
    expect(s.ports[0]?.closed).toBe(0);
  });

  it('a relay without an action for idleMs closes', async () => {
    const s = await start({ idleMs: 50 });
    await phone(s.base, '10.0.0.1').open(s.link());
    await until(() => (s.ports[0]?.closed ?? 0) > 0);
    expect(s.ports[0]?.closed).toBe(1);
    await until(() => s.relays.openAccounts().length === 0);
    expect(s.relays.openAccounts()).toEqual([]);
  });

  it('closeAll closes every relay', async () => {
    const s = await start();
    await phone(s.base, '10.0.0.1').open(s.link('mom'));
    await phone(s.base, '10.0.0.2').open(s.link('dad'));
    await s.relays.closeAll();
    expect(s.ports.map((p) => p.closed)).toEqual([1, 1]);
  });

  it('an action that saves the session answers "saved" at once, and the phone counts as told', async () => {
    const s = await start();
    const { link, mom } = await s.claimed();
    const port = s.ports[0];
    if (!port) throw new Error('no relay opened');
    port.act = async (action) => {
      port.acts.push(action);
      port.save();
      return 7;
    };
    expect((await mom.act(link, { kind: 'key', key: 'Enter' })).payload).toEqual({ state: 'saved', seq: 7 });
    expect(await s.relays.savedSeen('mom', 10)).toBe(true);
    await until(() => s.saved.length > 0);
    expect((await mom.cancel(link)).payload).toEqual({ state: 'saved' });
  });
});

describe('what the relay logs (never a token, never what was typed)', () => {
  it('refused links, openings, claims, a second opener, cancels and closes, each with its account', async () => {
    const s = await start();
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(`${link}x`);
    await mom.open(link);
    await mom.act(link, { kind: 'type', text: 'typed-secret' });
    await phone(s.base, '10.0.0.2').open(link);
    await mom.cancel(link);
    await until(() => s.logger.lines.some((l) => l.msg === 'login relay closed'));
    expect(s.logger.lines.map((l) => [l.level, l.msg, l.obj])).toEqual([
      ['info', 'approval server listening', expect.anything()],
      ['warn', 'login link refused', { reason: 'bad_signature', ip: '10.0.0.1' }],
      ['info', 'login relay opened', { accountId: 'mom', ip: '10.0.0.1' }],
      ['info', 'login relay claimed', { accountId: 'mom', ip: '10.0.0.1' }],
      ['info', 'login relay: second opener refused', { accountId: 'mom' }],
      ['info', 'login relay cancelled', { accountId: 'mom' }],
      ['info', 'login relay closed', { accountId: 'mom' }],
    ]);
    expect(JSON.stringify(s.logger.lines)).not.toContain(link.split('/login/')[1]);
  });

  it('a saved session and a browser that could not open are logged', async () => {
    const s = await start();
    await s.opened();
    s.ports[0]?.save();
    await until(() => s.saved.length > 0);
    expect(s.logger.lines.map((l) => [l.level, l.msg, l.obj])).toContainEqual([
      'info',
      'login relay: session saved',
      { accountId: 'mom' },
    ]);
    const f = await start({
      open: async () => {
        throw new Error('no browser');
      },
    });
    await phone(f.base, '10.0.0.1').open(f.link());
    expect(f.logger.lines.find((l) => l.level === 'error')).toMatchObject({
      msg: 'login relay: could not open the browser',
      obj: { accountId: 'mom' },
    });
  });
});
