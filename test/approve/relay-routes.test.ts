import { afterEach, describe, expect, it } from 'vitest';
import { LOGIN_LINKS_NS, type LoginRelayOptions, type RelayPort } from '../../src/approve/login-relay.js';
import { makeLoginLink, signLoginToken } from '../../src/approve/login-tokens.js';
import { RELAY_CSP } from '../../src/approve/relay-page.js';
import { type ApprovalServer, startApprovalServer } from '../../src/approve/server.js';
import { createLoginLog } from '../../src/store/logins.js';
import { createFakeDecider } from './fake-decider.js';
import { recordingLogger } from './harness.js';
import { createMapKv } from './map-kv.js';

/**
 * The relayed login's routes in-process (issue 15, issue 29 items 6-8): a fake relayed browser
 * instead of Chromium, each phone its own cookie jar and address (the server trusts this test as its
 * proxy). The Chromium tests (login-relay, relay-claim) drive the real page.
 */

const SECRET = 'relay-routes-secret-0123456789';

interface FakePort extends RelayPort {
  acts: unknown[];
  closed: number;
  frames: { jpeg: Buffer; seq: number }[];
  save(): void;
}

function fakePort(): FakePort {
  let open = true;
  let settle!: (saved: boolean) => void;
  const done = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  const port: FakePort = {
    acts: [],
    closed: 0,
    frames: [],
    done,
    isOpen: () => open,
    async act(action) {
      port.acts.push(action);
      return port.acts.length;
    },
    async frame() {
      return port.frames.shift();
    },
    async close() {
      port.closed += 1;
      if (!open) return;
      open = false;
      settle(false);
    },
    save() {
      open = false;
      settle(true);
    },
  };
  return port;
}

let server: ApprovalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(over: Partial<LoginRelayOptions> = {}) {
  const kv = createMapKv();
  const ports: FakePort[] = [];
  const saved: string[] = [];
  const logger = recordingLogger();
  server = await startApprovalServer({
    listen: '127.0.0.1:0',
    secret: SECRET,
    kv,
    decider: createFakeDecider(),
    logger,
    trustProxy: true,
    rateLimit: { max: 1000, windowMs: 60_000 },
    loginRelay: {
      accounts: ['mom', 'dad'],
      open: async () => {
        const p = fakePort();
        ports.push(p);
        return p;
      },
      onSaved: (id) => void saved.push(id),
      ...over,
    },
  });
  const base = server.url;
  const link = (accountId = 'mom', now = new Date()) =>
    new URL(makeLoginLink({ publicUrl: base, secret: SECRET, accountId, now }).url).pathname;
  return { kv, ports, saved, logger, link, relays: server.loginRelays!, base };
}

/** A browser: its own visitor cookie (once the server gave one) and address. */
function phone(base: string, ip: string) {
  let cookie: string | undefined;
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        'x-forwarded-for': ip,
        ...(cookie ? { cookie: `other=1; ${cookie}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    const type = res.headers.get('content-type') ?? '';
    const payload = type.includes('json') ? await res.json() : await res.text();
    return { status: res.status, state: res.headers.get('x-relay-state'), res, payload, set };
  };
  return {
    open: (path: string) => call('GET', path),
    frame: (path: string, after?: string) => call('GET', `${path}/frame${after ? `?after=${after}` : ''}`),
    act: (path: string, action: unknown = { kind: 'tap', x: 1, y: 2 }, headers?: Record<string, string>) =>
      call('POST', `${path}/act`, action, headers),
    cancel: (path: string, leave = false, headers?: Record<string, string>) =>
      call('POST', `${path}/cancel${leave ? '?leave=1' : ''}`, undefined, headers),
    get cookie() {
      return cookie;
    },
  };
}

const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};

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
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
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
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
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
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
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

describe('the end of a relay', () => {
  it('a saved session spends the link: replayed after its login it is refused (410), the login recorded', async () => {
    const s = await start();
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
    await mom.act(link);
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
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
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
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
    await mom.act(link);
    s.ports[0]?.save();
    await until(() => s.saved.length > 0);
    expect(await s.relays.savedSeen('mom', 20)).toBe(false);
  });

  it('a login by another way spends an open relay\'s link: the relay closes, the phone is told "saved"', async () => {
    const s = await start();
    const link = s.link('mom', new Date(Date.now() - 60_000));
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
    await mom.act(link);
    await createLoginLog(s.kv).record('mom', {
      at: new Date().toISOString(),
      via: 'window',
      expiresAt: null,
    });
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
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
    await mom.act(link);
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
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
    await mom.act(link);
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
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
    await mom.act(link);
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
    const link = s.link();
    const mom = phone(s.base, '10.0.0.1');
    await mom.open(link);
    s.ports[0]?.save();
    await until(() => s.saved.length > 0);
    expect(s.logger.lines.map((l) => [l.level, l.msg, l.obj])).toContainEqual([
      'info',
      'login relay: session saved',
      { accountId: 'mom' },
    ]);
    await server?.close();
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
