import { afterEach, describe, expect, it } from 'vitest';
import { clientKey } from '../../src/approve/rate-limit.js';
import { type Harness, startHarness } from './harness.js';

/**
 * The approval server's limiter on opening links: one IPv6 /64 is one client (walking through its
 * addresses does not walk around the limit), also behind a trusted proxy; other clients are not
 * locked out by it. The proxy is this test: a direct request from 127.0.0.1 with X-Forwarded-For,
 * with `trustProxy: ['loopback']`.
 */
const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function server(max: number, trustProxy: ['loopback'] | 1 = ['loopback']) {
  const h = await startHarness({ rateLimit: { max, windowMs: 60_000 }, trustProxy });
  harnesses.push(h);
  return h;
}

async function open(h: Harness, from: string, path = '/h/not-a-token'): Promise<number> {
  const res = await fetch(`${h.server.url}${path}`, { headers: { 'x-forwarded-for': from } });
  await res.arrayBuffer();
  return res.status;
}

/** The n-th address of the /64 `prefix` (e.g. 2001:db8:1:2), spread over its last 64 bits. */
const hex16 = (v: number) => (v & 0xffff).toString(16);
const inBlock = (prefix: string, n: number) =>
  `${prefix}:${hex16(n * 7919)}:${hex16(n * 104_729)}:${hex16(n)}:1`;

describe('clientKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:a:b:c:d', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:db8:1:3::1', '2001:db8:1:3::/64'],
  ])('%s counts as %s', (ip, key) => {
    expect(clientKey(ip)).toBe(key);
  });
});

describe('the link limiter', () => {
  it('counts every address of one IPv6 /64 as one client', async () => {
    const h = await server(5);
    const statuses: number[] = [];
    for (let n = 1; n <= 40; n++) statuses.push(await open(h, inBlock('2001:db8:1:2', n)));
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(5).every((s) => s === 429)).toBe(true);
    // Another /64 and an IPv4 client are their own clients.
    expect(await open(h, inBlock('2001:db8:1:3', 1))).not.toBe(429);
    expect(await open(h, '198.51.100.9')).not.toBe(429);
    expect(h.decider.calls).toEqual([]);
  });

  it('one limit across /h/ and /s/ links, with a Retry-After in whole seconds', async () => {
    const h = await server(3);
    const from = '2001:db8:9:9::5';
    expect(await open(h, from, '/h/not-a-token')).not.toBe(429);
    expect(await open(h, from, '/s/not-a-token')).not.toBe(429);
    expect(await open(h, from, '/h/other')).not.toBe(429);
    const res = await fetch(`${h.server.url}/s/x`, { headers: { 'x-forwarded-for': '2001:db8:9:9::77' } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(59);
    expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await res.text()).toContain('操作太频繁');
  });

  it('behind a trusted proxy (one hop) the forwarded address counts, by its /64', async () => {
    const h = await server(2, 1);
    expect(await open(h, '2001:db8:5:5::1')).not.toBe(429);
    expect(await open(h, '2001:db8:5:5::2')).not.toBe(429);
    expect(await open(h, '2001:db8:5:5:ffff::3')).toBe(429);
    expect(await open(h, '2001:db8:5:6::1')).not.toBe(429);
  });

  it('many distinct clients, each knocking once, are each let through', async () => {
    const h = await server(1);
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, n) => open(h, `2001:db8:${(n + 1).toString(16)}:1::1`)),
    );
    expect(statuses.filter((s) => s === 429)).toEqual([]);
  });
});
