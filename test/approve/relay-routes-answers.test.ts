import { describe, expect, it } from 'vitest';
import { signLoginToken } from '../../src/approve/login-tokens.js';
import { relayNoticePage } from '../../src/approve/relay-page.js';
import { type FakePort, fakePort, phone, relayServers, SECRET, until } from './relay-routes-kit.js';

/**
 * What each relay route answers (the mutation run's survivors, issue 26): a forged or spent link
 * drives nothing and is told so in the form its caller reads (a page for the link, JSON for the
 * page's own calls), and only the phone counts as told "saved". Setup in relay-routes-kit.ts.
 */

const { start } = relayServers();
const page = (kind: Parameters<typeof relayNoticePage>[1]) => relayNoticePage('zh', kind);
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('a forged, expired or spent link', () => {
  it('the link shows the notice page; the page\'s own calls get JSON "closed"; nothing is driven', async () => {
    const s = await start();
    const p = phone(s.base, '10.0.0.1');
    const forged = `${s.link().slice(0, -3)}AAA`;
    const expired = `/login/${signLoginToken(
      { accountId: 'mom', expiresAt: new Date(Date.now() - 1000), nonce: 'nonce-expired-2' },
      SECRET,
    )}`;
    expect((await p.open(forged)).payload).toBe(page('invalid'));
    expect((await p.open(expired)).payload).toBe(page('expired'));
    for (const [link, status] of [
      [forged, 400],
      [expired, 410],
    ] as const) {
      for (const r of [await p.frame(link), await p.act(link), await p.cancel(link)]) {
        expect([r.status, r.payload]).toEqual([status, { state: 'closed' }]);
      }
    }
    expect(s.ports).toHaveLength(0);
  });

  it('a spent link: the page says "used", the API 410 "saved"; its saved relay is not closed again', async () => {
    const s = await start();
    const { link, mom, port } = await s.claimed();
    port.save();
    await until(() => s.saved.length > 0);
    expect((await mom.open(link)).payload).toBe(page('used'));
    const api = await phone(s.base, '10.5.5.5').frame(link);
    expect([api.status, api.state, api.payload]).toEqual([410, 'saved', { state: 'saved' }]);
    expect((await mom.frame(link)).status).toBe(410);
    expect(port.closed).toBe(0);
  });

  it('replaying a spent link leaves alone the relay a newer link opened', async () => {
    const s = await start();
    const first = await s.claimed();
    first.port.save();
    await until(() => s.saved.length > 0);
    await tick();
    const newer = s.link();
    expect((await first.mom.open(newer)).status).toBe(200);
    expect((await first.mom.act(newer)).payload).toEqual({ state: 'open', seq: 1 });
    expect((await first.mom.frame(first.link)).status).toBe(410);
    expect(s.ports[1]?.closed).toBe(0);
    expect(s.relays.openAccounts()).toEqual(['mom']);
    expect(await s.relays.savedSeen('mom', 10)).toBe(false);
  });

  it('only the phone hearing "saved" counts as told; another visitor does not', async () => {
    const s = await start();
    const { link, mom, port } = await s.claimed();
    port.save();
    await until(() => s.saved.length > 0);
    expect((await phone(s.base, '10.5.5.5').frame(link)).state).toBe('saved');
    expect(await s.relays.savedSeen('mom', 20)).toBe(false);
    expect((await mom.frame(link)).state).toBe('saved');
    expect(await s.relays.savedSeen('mom', 20)).toBe(true);
  });
});

describe('opening', () => {
  it('each refusal shows its own notice page', async () => {
    const fails = await start({
      maxOpen: 1,
      open: async () => {
        throw new Error('no browser');
      },
    });
    expect((await phone(fails.base, '10.0.0.1').open(fails.link())).payload).toBe(page('failed'));
    const s = await start({ accounts: ['mom'], maxOpen: 1 });
    expect((await phone(s.base, '10.0.0.1').open(s.link('dad'))).payload).toBe(page('unknown_account'));
    const { link } = await s.claimed();
    expect((await phone(s.base, '10.0.0.2').open(link)).payload).toBe(page('in_use'));
    const two = await start({ accounts: ['mom', 'dad'], maxOpen: 1 });
    await two.opened();
    expect((await phone(two.base, '10.0.0.2').open(two.link('dad'))).payload).toBe(page('busy'));
  });

  it('while the browser of an account is opening, a second opener is "in use" and another account waits its turn', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const opened: string[] = [];
    const s = await start({
      maxOpen: 1,
      open: async (accountId) => {
        opened.push(accountId);
        await gate;
        return fakePort();
      },
    });
    const first = phone(s.base, '10.0.0.1').open(s.link());
    await until(() => opened.length > 0);
    const second = await phone(s.base, '10.0.0.2').open(s.link());
    expect([second.status, second.payload]).toEqual([409, page('in_use')]);
    expect((await phone(s.base, '10.0.0.3').open(s.link('dad'))).status).toBe(503);
    release();
    expect((await first).status).toBe(200);
    expect(opened).toEqual(['mom']);
  });

  it('the visitor cookie is Secure only when the public URL is HTTPS', async () => {
    const s = await start();
    const r = await phone(s.base, '10.0.0.1').open(s.link());
    expect(r.set).toMatch(/^jl_relay=/);
    expect(r.set).not.toMatch(/Secure/i);
  });

  it('after a relay is cancelled, a new link of the account opens a new relay', async () => {
    const s = await start();
    const { link, mom } = await s.claimed();
    await mom.cancel(link);
    await until(() => s.relays.openAccounts().length === 0);
    expect((await mom.open(s.link())).status).toBe(200);
    expect(s.ports).toHaveLength(2);
    expect(s.relays.openAccounts()).toEqual(['mom']);
  });
});

describe('frames', () => {
  it("pass the phone's sequence on and name the focused field's kind", async () => {
    const s = await start();
    const { link, mom, port } = await s.claimed();
    port.frames.push({ jpeg: Buffer.from([0xff, 0xd8, 2]), seq: 4, field: 'password' });
    port.frames.push({ jpeg: Buffer.from([0xff, 0xd8, 3]), seq: 5 });
    const secret = await mom.frame(link, '3');
    expect(secret.status).toBe(200);
    expect(secret.state).toBe('open');
    expect(secret.res.headers.get('x-relay-field')).toBe('password');
    const plain = await mom.frame(link);
    expect(plain.res.headers.get('x-relay-field')).toBe('text');
    expect(plain.res.headers.get('x-frame-seq')).toBe('5');
    expect(port.asked).toEqual([3, 0]);
    expect(plain.payload).toEqual(Buffer.from([0xff, 0xd8, 3]));
  });

  it('a session saved while a frame is awaited: "saved", and only the phone counts as told', async () => {
    const s = await start();
    const { link, mom, port } = await s.claimed();
    const sameIp = phone(s.base, '10.0.0.1');
    await sameIp.open(link);
    port.frame = async () => {
      port.save();
      await tick();
      return undefined;
    };
    const other = await sameIp.frame(link);
    expect([other.status, other.state, other.payload]).toEqual([409, 'saved', { state: 'saved' }]);
    expect(await s.relays.savedSeen('mom', 20)).toBe(false);
    expect((await mom.frame(link)).state).toBe('saved');
    expect(await s.relays.savedSeen('mom', 20)).toBe(true);
    const own = await start();
    const o = await own.claimed();
    o.port.frame = async () => {
      o.port.save();
      await tick();
      return undefined;
    };
    expect((await o.mom.frame(o.link)).state).toBe('saved');
    expect(await own.relays.savedSeen('mom', 20)).toBe(true);
  });

  it('while a slow store spends the saved link, the link is spent already; only the phone counts as told', async () => {
    const s = await start();
    const { link, mom, port } = await s.claimed();
    const sameIp = phone(s.base, '10.0.0.1');
    await sameIp.open(link);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const add = s.kv.add.bind(s.kv);
    s.kv.add = async (...args) => {
      await gate;
      return add(...args);
    };
    port.save();
    await tick();
    for (const r of [
      await sameIp.frame(link),
      await sameIp.act(link),
      await phone(s.base, '10.0.0.9').open(link),
    ]) {
      expect([r.status, r.state ?? 'saved']).toEqual([410, 'saved']);
    }
    expect(await s.relays.savedSeen('mom', 20)).toBe(false);
    expect((await mom.frame(link)).state).toBe('saved');
    expect(await s.relays.savedSeen('mom', 20)).toBe(true);
    release();
    await until(() => s.saved.length > 0);
    expect((await mom.frame(link)).status).toBe(410);
    expect(s.ports).toHaveLength(1);
  });

  it('a relayed browser that is no longer open is neither watched nor driven ("closed")', async () => {
    const port: FakePort = { ...fakePort(), isOpen: () => false };
    const s = await start({ open: async () => port });
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
    const frame = await mom.frame(link);
    expect([frame.status, frame.state, frame.payload]).toEqual([409, 'closed', { state: 'closed' }]);
    expect((await mom.act(link)).status).toBe(409);
    expect(port.acts).toEqual([]);
  });
});

describe('actions', () => {
  it('refusals say why in JSON: cross-site, a bad action, a relay in use', async () => {
    const s = await start();
    const { link, mom } = await s.claimed();
    const cross = await mom.act(link, undefined, { 'sec-fetch-site': 'cross-site' });
    expect(cross.payload).toEqual({ state: 'open', error: 'cross-site' });
    expect((await mom.act(link, { kind: 'fly' })).payload).toEqual({ state: 'open', error: 'bad action' });
    const other = await phone(s.base, '10.0.0.2').act(link);
    expect([other.status, other.state, other.payload]).toEqual([409, 'in_use', { state: 'in_use' }]);
  });

  it('an action over 16 kB is refused and reaches nothing', async () => {
    const s = await start();
    const { link, mom, port } = await s.claimed();
    const big = await mom.act(link, { kind: 'type', text: 'x'.repeat(17_000) });
    expect(big.status).toBe(413);
    expect(port.acts).toHaveLength(1);
  });

  it('the first action claims (logged once); until the session is saved nobody is told "saved"', async () => {
    const s = await start();
    const { link, mom } = await s.claimed();
    await mom.act(link);
    await mom.act(link, { kind: 'reload' });
    expect(s.logger.lines.filter((l) => l.msg === 'login relay claimed')).toHaveLength(1);
    expect(s.logger.lines.filter((l) => l.msg === 'login relay taken back')).toHaveLength(0);
    expect(await s.relays.savedSeen('mom', 10)).toBe(false);
  });

  it('a login recorded by another way: the phone is told "saved" by its next action, which drives nothing', async () => {
    const s = await start();
    const { link, mom } = await s.claimedThenLoggedInElsewhere();
    const r = await mom.act(link);
    expect([r.status, r.state, r.payload]).toEqual([410, 'saved', { state: 'saved' }]);
    expect(s.ports[0]?.acts).toHaveLength(1);
    expect(s.ports[0]?.closed).toBe(1);
    expect(await s.relays.savedSeen('mom', 10)).toBe(true);
  });
});

describe('a store that fails to spend the saved link', () => {
  it('the login still counts and is logged, and the link stays spent: it drives no second login', async () => {
    const s = await start();
    const { link, mom, port } = await s.claimed();
    s.kv.add = async () => {
      throw new Error('disk full');
    };
    port.save();
    await until(() => s.saved.length > 0);
    expect(s.saved).toEqual(['mom']);
    expect(s.logger.lines.find((l) => l.level === 'error')).toMatchObject({
      msg: 'login relay: link not recorded as spent',
      obj: { accountId: 'mom' },
    });
    const replay = await phone(s.base, '10.0.0.2').open(link);
    expect([replay.status, replay.payload]).toEqual([410, page('used')]);
    expect((await mom.act(link)).status).toBe(410);
    expect(s.ports).toHaveLength(1);
  });
});
