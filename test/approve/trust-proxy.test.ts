import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formProof, verifyToken } from '../../src/approve/tokens.js';
import type { TrustProxy } from '../../src/approve/trust-proxy.js';
import { loadConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import { NOW } from './fake-decider.js';
import { type Harness, SECRET, startHarness } from './harness.js';

/**
 * A reverse proxy on 127.0.0.1 that stands for one client address: it appends `clientIp` to
 * X-Forwarded-For, as nginx's `$proxy_add_x_forwarded_for` does, and passes everything else on.
 */
async function fakeProxy(target: string, clientIp: string): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    const prior = req.headers['x-forwarded-for'];
    const forwarded = prior ? `${String(prior)}, ${clientIp}` : clientIp;
    const out = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'x-forwarded-for': forwarded },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => res.writeHead(502).end());
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function get(url: string, headers: Record<string, string> = {}): Promise<number> {
  const res = await fetch(url, { headers, redirect: 'manual' });
  await res.arrayBuffer();
  return res.status;
}

async function approve(h: Harness, via: string, headers: Record<string, string> = {}): Promise<number> {
  const { approveUrl } = h.links();
  const token = approveUrl.split('/h/')[1] ?? '';
  const verdict = verifyToken(token, SECRET, NOW);
  if (!verdict.ok) throw new Error('link did not verify');
  const res = await fetch(`${via}/h/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ action: 'approve', proof: formProof(verdict.claims, SECRET) }).toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

describe('issue 11: approval.trustProxy behind a reverse proxy', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  async function behindProxies(trustProxy: TrustProxy | undefined) {
    const h = await startHarness({
      ...(trustProxy === undefined ? {} : { trustProxy }),
      rateLimit: { max: 5, windowMs: 60_000 },
    });
    closers.push(() => h.close());
    const alice = await fakeProxy(h.server.url, '203.0.113.7');
    const bob = await fakeProxy(h.server.url, '198.51.100.9');
    closers.push(alice.close, bob.close);
    return { h, alice: alice.url, bob: bob.url };
  }

  for (const setting of [1, true, ['127.0.0.1'], ['loopback']] as const) {
    it(`with trustProxy ${JSON.stringify(setting)} one client's flood does not lock another out`, async () => {
      const { h, alice, bob } = await behindProxies(setting);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) statuses.push(await get(`${alice}/h/not-a-token`));
      expect(statuses.slice(0, 5).every((s) => s === 404 || s === 400 || s === 410)).toBe(true);
      expect(statuses[5]).toBe(429);
      expect(await get(`${bob}/h/not-a-token`)).not.toBe(429);
      // "Who decided" records the parent, not the proxy; a forged X-Forwarded-For is not believed.
      expect(await approve(h, bob, { 'x-forwarded-for': '10.6.6.6' })).toBe(200);
      expect(h.decider.calls[0]?.who.ip).toBe('198.51.100.9');
    });
  }

  it('off by default: the proxy is one address for everyone (the documented reason to turn it on)', async () => {
    const { h, alice, bob } = await behindProxies(undefined);
    for (let i = 0; i < 5; i += 1) await get(`${alice}/h/not-a-token`);
    expect(await get(`${bob}/h/not-a-token`)).toBe(429);
    expect(h.decider.calls).toEqual([]);
  });

  it('a direct request is not given the address it claims in X-Forwarded-For when the proxy list excludes it', async () => {
    const { h } = await behindProxies(['10.0.0.1']);
    expect(await approve(h, h.server.url, { 'x-forwarded-for': '203.0.113.99' })).toBe(200);
    expect(h.decider.calls[0]?.who.ip).toBe('127.0.0.1');
  });
});

describe('issue 11: approval.trustProxy in the config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-trust-'));
  const write = (trust: string) => {
    const file = join(dir, `c-${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(
      file,
      [
        'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173" }',
        'accounts: [{ id: mom }]',
        'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
        'targets: [{ child: sister, courses: [ART-101] }]',
        'notify: { wecom: { webhook: "http://127.0.0.1:1/cgi-bin/webhook/send?key=k" } }',
        `approval: { publicUrl: "https://jl.example.cn", secret: "0123456789abcdef0123"${trust} }`,
      ].join('\n'),
    );
    return file;
  };

  it('is off by default and takes a hop count, a list or a comma-separated string of proxies', () => {
    try {
      expect(loadConfig(write('')).approval?.trustProxy).toBe(false);
      expect(loadConfig(write(', trustProxy: 1')).approval?.trustProxy).toBe(1);
      expect(loadConfig(write(', trustProxy: [127.0.0.1, "10.0.0.0/8"]')).approval?.trustProxy).toEqual([
        '127.0.0.1',
        '10.0.0.0/8',
      ]);
      expect(loadConfig(write(', trustProxy: "loopback, 172.16.0.2"')).approval?.trustProxy).toEqual([
        'loopback',
        '172.16.0.2',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an address that is not one, naming the path', () => {
    const d = mkdtempSync(join(tmpdir(), 'jianlou-trust-bad-'));
    const file = join(d, 'bad.yaml');
    writeFileSync(file, readBad());
    try {
      expect(() => loadConfig(file)).toThrow(ConfigError);
      expect(() => loadConfig(file)).toThrow(/approval\.trustProxy.*not a proxy address/s);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

function readBad(): string {
  return [
    'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173" }',
    'accounts: [{ id: mom }]',
    'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
    'targets: [{ child: sister, courses: [ART-101] }]',
    'notify: { wecom: { webhook: "http://127.0.0.1:1/cgi-bin/webhook/send?key=k" } }',
    'approval: { publicUrl: "https://jl.example.cn", secret: "0123456789abcdef0123", trustProxy: [nginx] }',
  ].join('\n');
}
