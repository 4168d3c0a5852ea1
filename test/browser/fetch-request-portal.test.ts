import type { APIRequestContext } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { createFetchRequest } from '../../src/browser/fetch-request.js';
import type { StorageState } from '../../src/browser/launch.js';
import { createLazySession } from '../../src/browser/lazy-session.js';
import { browserSettings } from '../../src/browser/settings.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';

const sister = { id: 'sister', name: '姐姐', account: 'mom', studentId: 'S001' };

describe('the browser-free request client on the demo portal (issue 17)', () => {
  let portal: RunningPortal;
  let saved: StorageState;
  const open: APIRequestContext[] = [];

  function client(storageState: StorageState): APIRequestContext {
    const made = createFetchRequest({
      storageState,
      baseURL: portal.url,
      userAgent: browserSettings.api.userAgent,
      extraHTTPHeaders: browserSettings.api.extraHTTPHeaders,
      timeout: 5000,
    });
    open.push(made);
    return made;
  }

  async function admin(path: string, data: unknown = {}): Promise<void> {
    const answer = await client({ cookies: [], origins: [] }).post(`/__admin/${path}`, { data });
    expect(answer.status()).toBe(200);
  }

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.dispose()));
    await portal?.close();
  });

  it('logs in through the API (pre-login cookie, form POST, redirect) and saves the session', async () => {
    const login = client({ cookies: [], origins: [] });
    expect((await login.get('/login')).status()).toBe(200);
    const landed = await login.post('/login', {
      form: { username: '13800000000', password: 'demo1234', captcha: '8888' },
    });
    expect(landed.status()).toBe(200);
    expect(new URL(landed.url()).pathname).not.toBe('/login');
    saved = await login.storageState();
    expect(saved.cookies.every((c) => c.domain === '127.0.0.1' && c.httpOnly)).toBe(true);

    const session = await client(saved).get('/api/session');
    expect(session.status()).toBe(200);
    expect((await session.json()).user.username).toBe('13800000000');
    expect((await client({ cookies: [], origins: [] }).get('/api/session')).status()).toBe(401);
  });

  it("runs the demo flow's API mode behind the lazy session: observe, hold, list, release, no browser", async () => {
    const flow = createDemoFlow({ mode: 'api', timeoutMs: 5000 });
    let launches = 0;
    const lazy = createLazySession({
      request: client(saved),
      baseUrl: portal.url,
      accountId: 'mom',
      async openContext() {
        launches += 1;
        throw new Error('this check must not need a browser');
      },
    });
    const before = await flow.observe(lazy.ctx, [{ id: 'ART-101' }, { id: 'SWIM-201' }]);
    expect(before.map((o) => [o.courseId, o.state])).toEqual([
      ['ART-101', 'full'],
      ['SWIM-201', 'full'],
    ]);
    await admin('seats', { courseId: 'ART-101', seats: 1 });
    const after = await flow.observe(lazy.ctx, [{ id: 'ART-101' }]);
    expect(after[0]).toMatchObject({ courseId: 'ART-101', state: 'open', seats: 1 });
    await expect(flow.checkSession(lazy.ctx)).resolves.toBe('ok');

    const held = await flow.hold!(lazy.ctx, { id: 'ART-101' }, sister);
    expect(held).toMatchObject({ courseId: 'ART-101', studentId: 'S001' });
    expect((await flow.listHolds!(lazy.ctx)).map((h) => h.id)).toEqual([held.id]);
    await flow.release!(lazy.ctx, held);
    await expect(flow.listHolds!(lazy.ctx)).resolves.toEqual([]);

    expect(launches).toBe(0);
    expect(lazy.browserContext()).toBeUndefined();
    expect(lazy.requests()).toBeGreaterThan(5);
    expect((await lazy.storageState()).cookies.map((c) => c.name).sort()).toEqual(
      saved.cookies.map((c) => c.name).sort(),
    );

    await admin('expire-sessions');
    await expect(flow.checkSession(lazy.ctx)).resolves.toBe('expired');
    await admin('reset');
  });
});
