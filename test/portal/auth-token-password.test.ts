import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';

/**
 * Issue 26's campaign needs a portal that sends its own session header and an account whose password
 * has `@ + ! &` (test setups): `authToken` and `passwords` of the classic demo portal.
 */
const PASSWORD = 'p@ss+w!rd&1';
const TOKEN = 'xat-3f9c2b7e51d04a68';

async function login(url: string, password: string): Promise<Response> {
  return fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: '13800000000', password, captcha: '8888', returnUrl: '/courses' }),
  });
}

describe('demo portal: authToken and passwords', () => {
  let portal: RunningPortal;
  let plain: RunningPortal;

  beforeAll(async () => {
    portal = await startPortal({
      port: 0,
      testMode: true,
      authToken: TOKEN,
      passwords: { '13800000000': PASSWORD },
    });
    plain = await startPortal({ port: 0, testMode: true });
  });
  afterAll(async () => {
    await portal?.close();
    await plain?.close();
  });

  it('logs in with the given password (form-encoded), not the documented one', async () => {
    const ok = await login(portal.url, PASSWORD);
    expect(ok.status).toBe(302);
    expect(ok.headers.get('set-cookie')).toMatch(/=/);
    expect((await login(portal.url, 'demo1234')).status).toBe(401);
    // Other accounts keep theirs.
    const other = await fetch(`${portal.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: '13900000000', password: 'demo1234', captcha: '8888' }),
    });
    expect(other.status).toBe(302);
  });

  it('sends X-Auth-Token on every answer (pages, API, login, faults), and only when asked', async () => {
    for (const path of ['/login', '/api/courses', '/courses', '/nowhere']) {
      const res = await fetch(`${portal.url}${path}`, { redirect: 'manual' });
      await res.arrayBuffer();
      expect(res.headers.get('x-auth-token'), path).toBe(TOKEN);
    }
    portal.admin.setFault('all', 'maintenance');
    const down = await fetch(`${portal.url}/api/courses`);
    await down.arrayBuffer();
    expect(down.headers.get('x-auth-token')).toBe(TOKEN);
    portal.admin.setFault('all', 'none');
    const res = await fetch(`${plain.url}/login`);
    await res.arrayBuffer();
    expect(res.headers.get('x-auth-token')).toBeNull();
    expect((await login(plain.url, 'demo1234')).status).toBe(302);
  });
});
