import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLinkLimiter, IPV6_PREFIX, type LinkLimiter } from '../../src/approve/rate-limit.js';

/**
 * The link limiter on its own, in front of a tiny app on 127.0.0.1:0: its answer past the limit
 * (Retry-After in whole seconds, our own page), no rate-limit headers for a prober to read, and a
 * client address taken from the caller (here the X-Client header).
 */

let server: Server | undefined;
let limiter: LinkLimiter | undefined;
afterEach(async () => {
  limiter?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  vi.restoreAllMocks();
});

async function start(max: number, windowMs: number) {
  const limited: string[] = [];
  limiter = createLinkLimiter({
    max,
    windowMs,
    clientIp: (req) => req.get('x-client') ?? '203.0.113.1',
    onLimited: (req, res) => {
      limited.push(req.path);
      res.status(429).send('slow down');
    },
  });
  const app = express();
  app.use(limiter.middleware);
  app.get('/{*any}', (_req, res) => void res.send('ok'));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server?.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path = '/h/x', client?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, {
      headers: { ...(client ? { 'x-client': client } : {}), ...headers },
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  return { get, limited };
}

describe('createLinkLimiter', () => {
  it('lets max requests of a client through, then answers with onLimited', async () => {
    const l = await start(2, 60_000);
    expect((await l.get('/h/a')).text).toBe('ok');
    expect((await l.get('/h/b')).text).toBe('ok');
    const third = await l.get('/h/c');
    expect(third.status).toBe(429);
    expect(third.text).toBe('slow down');
    expect(l.limited).toEqual(['/h/c']);
  });

  it('Retry-After is the rest of the window rounded up to whole seconds', async () => {
    const l = await start(1, 2500);
    await l.get();
    expect((await l.get()).headers.get('retry-after')).toBe('3');
  });

  it('Retry-After is at least one second', async () => {
    const l = await start(1, 300);
    await l.get();
    expect((await l.get()).headers.get('retry-after')).toBe('1');
  });

  it('sends no rate-limit headers, allowed or limited: a prober learns nothing of the limit', async () => {
    const l = await start(1, 60_000);
    for (const res of [await l.get(), await l.get()]) {
      const names: string[] = [];
      res.headers.forEach((_value, name) => void names.push(name));
      expect(names.filter((n) => n.includes('ratelimit'))).toEqual([]);
      expect(names).toContain('content-type');
    }
  });

  it('counts clients by the address the caller names, IPv6 by its /64', async () => {
    expect(IPV6_PREFIX).toBe(64);
    const l = await start(1, 60_000);
    expect((await l.get('/h/x', '2001:db8:1:2::1')).status).toBe(200);
    expect((await l.get('/h/x', '2001:db8:1:2:ffff::9')).status).toBe(429);
    expect((await l.get('/h/x', '2001:db8:1:3::1')).status).toBe(200);
    expect((await l.get('/h/x', '198.51.100.1')).status).toBe(200);
  });

  it('a client X-Forwarded-For the server does not trust is ignored without a console warning', async () => {
    const warned = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const warnedToo = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const l = await start(5, 60_000);
    expect((await l.get('/h/x', undefined, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(200);
    expect(warned).not.toHaveBeenCalled();
    expect(warnedToo).not.toHaveBeenCalled();
  });

  it('close empties the counts', async () => {
    const l = await start(1, 60_000);
    await l.get();
    expect((await l.get()).status).toBe(429);
    limiter?.close();
    await new Promise((r) => setTimeout(r, 20));
    expect((await l.get()).status).toBe(200);
  });
});
