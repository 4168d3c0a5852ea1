import { afterEach } from 'vitest';
import type { LoginRelayOptions, RelayPort } from '../../src/approve/login-relay.js';
import { makeLoginLink } from '../../src/approve/login-tokens.js';
import {
  type ApprovalServer,
  type ApprovalServerOptions,
  startApprovalServer,
} from '../../src/approve/server.js';
import { createLoginLog } from '../../src/store/logins.js';
import { createFakeDecider } from './fake-decider.js';
import { recordingLogger } from './harness.js';
import { createMapKv } from './map-kv.js';

/**
 * The relayed login's routes in-process (issue 15, issue 29 items 6-8), shared by the
 * relay-routes*.test.ts files: a stand-in relayed browser instead of Chromium, each phone its own
 * cookie jar and address (the server trusts the test as its proxy). The Chromium tests (login-relay,
 * relay-claim) drive the real page.
 */

export const SECRET = 'relay-routes-secret-0123456789';

/** A stand-in relayed browser: records actions and closes, hands out queued frames, saves on demand. */
export interface FakePort extends RelayPort {
  acts: unknown[];
  closed: number;
  frames: { jpeg: Buffer; seq: number; field?: 'password' | 'text' }[];
  /** The `after` of each frame request. */
  asked: number[];
  save(): void;
}

export function fakePort(): FakePort {
  let open = true;
  let settle!: (saved: boolean) => void;
  const done = new Promise<boolean>((resolve) => {
    settle = resolve;
  });
  const port: FakePort = {
    acts: [],
    closed: 0,
    frames: [],
    asked: [],
    done,
    isOpen: () => open,
    async act(action) {
      port.acts.push(action);
      return port.acts.length;
    },
    async frame(after) {
      port.asked.push(after);
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

type ServerOver = Partial<Pick<ApprovalServerOptions, 'now' | 'locale'>>;

/** One approval server per test with the relay on (closed after each test). */
export function relayServers() {
  let server: ApprovalServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });
  async function start(over: Partial<LoginRelayOptions> = {}, serverOver: ServerOver = {}) {
    await server?.close();
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
      ...serverOver,
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
    const relays = server.loginRelays;
    if (!relays) throw new Error('the relay routes were not mounted');
    /** A relay of mom's opened by her phone (10.0.0.1), not yet claimed. */
    const opened = async () => {
      const path = link();
      const mom = phone(base, '10.0.0.1');
      await mom.open(path);
      return { link: path, mom, port: ports[ports.length - 1] as FakePort };
    };
    /** A relay of mom's opened and claimed by her phone's first action. */
    const claimed = async () => {
      const o = await opened();
      await o.mom.act(o.link);
      return o;
    };
    /**
     * A relay of mom's claimed with a link made a minute ago, then a login of hers recorded by
     * another way (the login window): the link is spent.
     */
    const claimedThenLoggedInElsewhere = async () => {
      const path = link('mom', new Date(Date.now() - 60_000));
      const mom = phone(base, '10.0.0.1');
      await mom.open(path);
      await mom.act(path);
      await createLoginLog(kv).record('mom', {
        at: new Date().toISOString(),
        via: 'window',
        expiresAt: null,
      });
      return { link: path, mom };
    };
    return { kv, ports, saved, logger, link, relays, base, opened, claimed, claimedThenLoggedInElsewhere };
  }
  return { start };
}

/** A browser: its own visitor cookie (once the server gave one) and address. */
export function phone(base: string, ip: string) {
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
    const payload = type.includes('json')
      ? await res.json()
      : type.startsWith('image/')
        ? Buffer.from(await res.arrayBuffer())
        : await res.text();
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

/** Waits (up to 2 s) until ok() holds: for what the relay does after answering. */
export const until = async (ok: () => boolean) => {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 10));
};
