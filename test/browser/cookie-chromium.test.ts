import dns from 'node:dns';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateRawSync, deflateSync } from 'node:zlib';
import type { APIRequestContext, Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchRequest } from '../../src/browser/fetch-request.js';
import { launchBrowser, type StorageState } from '../../src/browser/launch.js';
import { cookie } from './cookies.js';

/**
 * Issue 27: the browser-free client keeps and sends cookies as Chromium does. Each case replays
 * the same Set-Cookie sequence through a Chromium page and through the client, against one local
 * server, and compares the Cookie headers the server received — byte for byte. Host names are
 * mapped to 127.0.0.1 on both sides (Chromium's host resolver rules; Node's dns.lookup here), so
 * domains, public suffixes and IP hosts are the real rules, not local shortcuts.
 */

interface Step {
  /** Host (mapped to the local server) and path; `set` lists Set-Cookie lines the server answers with. */
  host: string;
  path: string;
  set?: string[];
}

interface Case {
  name: string;
  steps: Step[];
  /** Loaded first, as a saved session. */
  state?: StorageState;
}

const HOST = 'www.portal.com.cn';

const CASES: Case[] = [
  {
    name: 'a saved session: longest path first, then the order added; a value outside Latin-1 as UTF-8',
    state: {
      cookies: [
        cookie('S', 'root', { domain: HOST }),
        cookie('U', '张三', { domain: HOST }),
        cookie('S', 'app', { domain: HOST, path: '/app' }),
      ],
      origins: [],
    },
    steps: [
      { host: HOST, path: '/app/echo' },
      { host: HOST, path: '/echo' },
    ],
  },
  {
    name: 'same name at three paths, set in mixed order: longest path first, then earliest creation',
    steps: [
      { host: HOST, path: '/app/set', set: ['J=app; Path=/app', 'J=root; Path=/', 'J=sub; Path=/app/sub'] },
      { host: HOST, path: '/set', set: ['K=2', 'L=3; Path=/'] },
      { host: HOST, path: '/app/sub/echo' },
      { host: HOST, path: '/app/echo' },
    ],
  },
  {
    name: 'a Set-Cookie value outside Latin-1 round-trips',
    steps: [
      { host: HOST, path: '/set', set: ['N=李四; Path=/', 'M=课程 A; Path=/'] },
      { host: HOST, path: '/echo' },
    ],
  },
  {
    name: 'host-only and Domain cookies of the same name and host',
    steps: [
      {
        host: HOST,
        path: '/set',
        set: ['a=host', 'a=dom; Domain=portal.com.cn', 'b=dom; Domain=www.portal.com.cn'],
      },
      { host: HOST, path: '/set', set: ['b=host'] },
      { host: HOST, path: '/echo' },
      { host: 'portal.com.cn', path: '/echo' },
      { host: 'api.www.portal.com.cn', path: '/echo' },
    ],
  },
  {
    name: 'Domain on a public suffix is refused; a leading dot and capitals are read',
    steps: [
      {
        host: HOST,
        path: '/set',
        set: ['ps=1; Domain=com.cn', 'cn=1; Domain=cn', 'dot=1; Domain=.PORTAL.com.cn'],
      },
      { host: 'other.com.cn', path: '/echo' },
      { host: 'x.portal.com.cn', path: '/echo' },
      { host: HOST, path: '/echo' },
    ],
  },
  {
    name: 'a Domain the host is not in is refused',
    steps: [
      { host: HOST, path: '/set', set: ['f=1; Domain=other.com.cn', 'g=1; Domain=api.www.portal.com.cn'] },
      { host: 'other.com.cn', path: '/echo' },
      { host: 'api.www.portal.com.cn', path: '/echo' },
    ],
  },
  {
    name: 'IP hosts: Domain equal to the IP is kept host-only, a partial IP is refused',
    steps: [
      { host: '127.0.0.1', path: '/set', set: ['ip=1; Domain=127.0.0.1', 'part=1; Domain=0.0.1', 'plain=1'] },
      { host: '127.0.0.1', path: '/echo' },
    ],
  },
  {
    name: 'Secure set over http is refused on a public host',
    steps: [
      { host: HOST, path: '/set', set: ['sec=1; Secure', 'open=1'] },
      { host: HOST, path: '/echo' },
    ],
  },
  {
    name: 'Secure over http on loopback names (potentially trustworthy)',
    steps: [
      {
        host: 'localhost',
        path: '/set',
        set: ['lsec=1; Secure', '__Secure-l=1; Secure', '__Host-l=1; Secure; Path=/'],
      },
      { host: 'localhost', path: '/echo' },
      { host: '127.0.0.1', path: '/set', set: ['isec=1; Secure'] },
      { host: '127.0.0.1', path: '/echo' },
    ],
  },
  {
    name: '__Host- and __Secure- prefixes are enforced',
    steps: [
      {
        host: HOST,
        path: '/app/set',
        set: ['__Host-a=1; Path=/', '__Secure-b=1', '__Host-c=1; Secure; Path=/', '__secure-d=1', 'e=1'],
      },
      { host: HOST, path: '/app/echo' },
      {
        host: 'localhost',
        path: '/app/set',
        set: [
          '__Host-f=1; Secure',
          '__Host-g=1; Secure; Path=/; Domain=localhost',
          '__Host-h=1; Secure; Path=/',
        ],
      },
      { host: 'localhost', path: '/app/echo' },
    ],
  },
  {
    name: 'default path, replace, delete, expiry',
    steps: [
      { host: HOST, path: '/app/sub/page', set: ['dp=1', 'rel=1; Path=relative', 'x=1; Path=/'] },
      {
        host: HOST,
        path: '/set',
        set: [
          'x=2; Path=/',
          'old=1; Expires=Thu, 01 Jan 1970 00:00:01 GMT',
          'm=1; Max-Age=3600; Expires=Thu, 01 Jan 1970 00:00:01 GMT',
        ],
      },
      { host: HOST, path: '/app/sub/echo' },
      { host: HOST, path: '/set', set: ['x=; Max-Age=0; Path=/', 'm=1; Max-Age=-1'] },
      { host: HOST, path: '/app/sub/echo' },
      { host: HOST, path: '/app/echo' },
    ],
  },
  {
    name: 'a replaced cookie keeps its place (creation) whether its value changed or not',
    steps: [
      { host: HOST, path: '/set', set: ['r1=a', 'r2=b', 'r3=c'] },
      { host: HOST, path: '/set', set: ['r1=changed', 'r2=b'] },
      { host: HOST, path: '/echo' },
    ],
  },
  {
    name: 'odd values and names: quotes, spaces, =, nameless',
    steps: [
      { host: HOST, path: '/set', set: ['q="a b"', 'eq=a=b', ' sp = v ', '=nameless', 'bare'] },
      { host: HOST, path: '/echo' },
    ],
  },
];

function mapHosts(port: number): () => void {
  const original = dns.lookup;
  const mapped = ((_host: string, options: unknown, callback: unknown) => {
    const cb = (typeof options === 'function' ? options : callback) as (...a: unknown[]) => void;
    const opts = typeof options === 'function' ? {} : options;
    return (original as (...a: unknown[]) => void)('127.0.0.1', opts, cb);
  }) as typeof dns.lookup;
  dns.lookup = mapped;
  void port;
  return () => {
    dns.lookup = original;
  };
}

describe('cookies as Chromium keeps and sends them (issue 27)', () => {
  let browser: Browser;
  let port: number;
  const received: { who: string; path: string; cookie: string | undefined }[] = [];
  let server: ReturnType<typeof createServer>;
  let unmap: () => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const who = url.searchParams.get('who') ?? '?';
      const raw = req.headers.cookie;
      // Node reads header bytes as Latin-1: back to the bytes, then UTF-8, to compare what was sent.
      const sent = raw === undefined ? undefined : Buffer.from(raw, 'latin1').toString('utf8');
      if (url.pathname.endsWith('/echo'))
        received.push({ who, path: `${req.headers.host}${url.pathname}`, cookie: sent });
      if (url.pathname === '/deflate-raw' || url.pathname === '/deflate-zlib') {
        const body = Buffer.from('<html><body>少儿国画 deflate</body></html>');
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'deflate' });
        res.end(url.pathname === '/deflate-raw' ? deflateRawSync(body) : deflateSync(body));
        return;
      }
      const lines = url.searchParams.getAll('c').map((line) => Buffer.from(line, 'utf8').toString('latin1'));
      if (lines.length) res.setHeader('Set-Cookie', lines);
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>ok</body></html>');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
    unmap = mapHosts(port);
    browser = await launchBrowser({ args: ['--host-resolver-rules=MAP * 127.0.0.1'] });
  });

  afterAll(async () => {
    unmap?.();
    await browser?.close();
    await new Promise<void>((done) => {
      server?.closeAllConnections();
      server?.close(() => done());
    });
  });

  function urlOf(step: Step, who: string): string {
    const query = new URLSearchParams([
      ['who', who],
      ...(step.set ?? []).map((c) => ['c', c] as [string, string]),
    ]);
    return `http://${step.host}:${port}${step.path}?${query}`;
  }

  function portState(state: StorageState | undefined): StorageState {
    return state ?? { cookies: [], origins: [] };
  }

  /** What a side kept, as the session file would save it (expiry reduced to session or not). */
  function kept(state: StorageState): string[] {
    return state.cookies
      .map((k) =>
        [k.name, k.value, k.domain, k.path, k.secure, k.httpOnly, k.sameSite, k.expires === -1].join(' '),
      )
      .sort();
  }

  async function throughChromium(c: Case): Promise<{ sent: (string | undefined)[]; kept: string[] }> {
    const context = await browser.newContext({ storageState: portState(c.state) });
    const page = await context.newPage();
    let state: StorageState;
    try {
      for (const step of c.steps) await page.goto(urlOf(step, 'chromium'));
      state = await context.storageState();
    } finally {
      await context.close();
    }
    const sent = received.filter((r) => r.who === 'chromium').map((r) => r.cookie);
    return { sent, kept: kept(state) };
  }

  async function throughClient(c: Case): Promise<{ sent: (string | undefined)[]; kept: string[] }> {
    const client: APIRequestContext = createFetchRequest({
      storageState: portState(c.state),
      userAgent: 'test',
      timeout: 5000,
    });
    let state: StorageState;
    try {
      for (const step of c.steps) await client.get(urlOf(step, 'client'));
      state = await client.storageState();
    } finally {
      await client.dispose();
    }
    const sent = received.filter((r) => r.who === 'client').map((r) => r.cookie);
    return { sent, kept: kept(state) };
  }

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    received.length = 0;
    const chromium = await throughChromium(c);
    received.length = 0;
    const ours = await throughClient(c);
    expect(chromium.sent.length).toBeGreaterThan(0);
    expect(ours.sent).toEqual(chromium.sent);
    expect(ours.kept).toEqual(chromium.kept);
  });

  it('the saved-session case sends what real-portals.md recorded of Chromium', async () => {
    received.length = 0;
    const first = CASES[0] as Case;
    expect((await throughClient(first)).sent[0]).toBe('S=app; S=root; U=张三');
  });

  it('a body in raw deflate (no zlib header) reads as Chromium shows it, as does zlib deflate', async () => {
    const client = createFetchRequest({
      storageState: { cookies: [], origins: [] },
      userAgent: 't',
      timeout: 5000,
    });
    const page = await browser.newPage();
    try {
      for (const path of ['/deflate-raw', '/deflate-zlib']) {
        await page.goto(`http://${HOST}:${port}${path}`);
        const shown = await page.textContent('body');
        const text = await (await client.get(`http://${HOST}:${port}${path}`)).text();
        expect(text).toBe('<html><body>少儿国画 deflate</body></html>');
        expect(shown).toBe('少儿国画 deflate');
      }
    } finally {
      await page.close();
      await client.dispose();
    }
  });
});
