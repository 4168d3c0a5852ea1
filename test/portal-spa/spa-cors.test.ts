import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSpaPortal, startPortal } from '../../src/portal/server.js';
import { call, loginToken } from './spa-kit.js';

let portal: RunningSpaPortal;

beforeAll(async () => {
  portal = await startPortal({ style: 'spa', testMode: true });
});
afterAll(async () => {
  await portal?.close();
});

const preflight = (origin: string, method = 'POST', headers = 'authorization,content-type') =>
  fetch(`${portal.apiUrl}/api/v1/registrations`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers },
  });

describe('spa style: CORS allow-list on the API', () => {
  it('gives the web app’s origin CORS headers on answers, also on errors', async () => {
    const token = await loginToken(portal.apiUrl);
    const ok = await call(portal.apiUrl, 'GET', '/api/v1/me', { token, headers: { origin: portal.webUrl } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(portal.webUrl);
    expect(ok.headers.get('vary')).toMatch(/Origin/);
    // Without it the page could not even read a 401 and go to its login.
    const denied = await call(portal.apiUrl, 'GET', '/api/v1/me', { headers: { origin: portal.webUrl } });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(portal.webUrl);
    const login = await call(portal.apiUrl, 'POST', '/api/v1/auth/login', {
      body: { phone: '13800000000', password: 'demo1234' },
      headers: { origin: portal.webUrl },
    });
    expect(login.headers.get('access-control-allow-origin')).toBe(portal.webUrl);
    // Bearer tokens, not cookies: credentials are never allowed.
    expect(login.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('gives any other origin no CORS headers, though the request itself is answered', async () => {
    const token = await loginToken(portal.apiUrl);
    for (const origin of [
      `http://127.0.0.1:${portal.apiPort}`,
      `http://localhost:${portal.port}`,
      'https://evil.example',
      'null',
    ]) {
      const answer = await call(portal.apiUrl, 'GET', '/api/v1/me', { token, headers: { origin } });
      expect(answer.status, origin).toBe(200);
      expect(answer.headers.get('access-control-allow-origin'), origin).toBeNull();
    }
    const none = await call(portal.apiUrl, 'GET', '/api/v1/me', { token });
    expect(none.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers the web app’s preflight with the methods and the Authorization header allowed', async () => {
    const answer = await preflight(portal.webUrl);
    expect(answer.status).toBe(204);
    expect(answer.headers.get('access-control-allow-origin')).toBe(portal.webUrl);
    expect(answer.headers.get('access-control-allow-methods')).toBe('GET, POST, DELETE, OPTIONS');
    expect(answer.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    expect(answer.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect(answer.headers.get('access-control-max-age')).toBe('600');
  });

  it('answers another origin’s preflight without any CORS header', async () => {
    const answer = await preflight('https://evil.example');
    expect(answer.status).toBe(204);
    for (const name of [
      'access-control-allow-origin',
      'access-control-allow-methods',
      'access-control-allow-headers',
    ]) {
      expect(answer.headers.get(name), name).toBeNull();
    }
  });

  it('answers a preflight even under an API fault and without a token', async () => {
    await portal.admin.setFault('api', '500');
    try {
      const answer = await preflight(portal.webUrl, 'GET', 'authorization');
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(portal.webUrl);
    } finally {
      portal.admin.setFault('api', 'none');
    }
  });
});
