import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/app/runtime/runtime.js';
import { warnLoginSoon } from '../../../src/app/sessions/login-soon.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';

const H = 3_600_000;
const T0 = new Date('2026-12-02T02:00:00Z'); // 10:00 in Shanghai

const jwt = (expSeconds: number) =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: 'mom', exp: expSeconds })).toString('base64url')}.c2ln`;

/**
 * Issue 29 item 1: "登录即将过期" keyed by the login itself. A hold that re-saves the session file
 * is no new login: no second warning, no sliding end. One forced logout predicts nothing.
 */
describe('the login-soon alert follows the login, not the session file (issue 29 item 1)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-login-soon-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function world(name: string) {
    const path = join(dir, `${name}.json`);
    const repos = createRepositories(createMemoryStore());
    let now = T0;
    const rt = {
      config: { accounts: [{ id: 'mom', storageState: path }], policy: {} } as unknown as Runtime['config'],
      repos,
      now: () => now,
      loginLink: () => 'https://family.example/login/x',
    };
    const save = (state: object, at: Date) => {
      writeFileSync(path, JSON.stringify(state));
      utimesSync(path, at, at);
    };
    const sent = async () =>
      (await repos.outbox.open('message')).map((e) => e.payload as { kind: string; expectedEnd: string });
    const setNow = (d: Date) => {
      now = d;
    };
    return { rt, repos, save, sent, at: setNow };
  }

  async function runs(w: ReturnType<typeof world>, list: [number, 'ok' | 'session_expired'][]) {
    for (const [offset, outcome] of list) {
      const startedAt = new Date(T0.getTime() + offset).toISOString();
      await w.repos.runs.add({ accountId: 'mom', startedAt, durationMs: 100, outcome, courses: [] });
    }
  }

  const tokenState = (exp: number, cart?: string) => ({
    cookies: [],
    origins: [
      {
        origin: 'https://portal.example',
        localStorage: [
          { name: 'auth', value: JSON.stringify({ token: jwt(exp) }) },
          ...(cart ? [{ name: 'cart', value: cart }] : []),
        ],
      },
    ],
  });

  it("warns once per login from the token's own expiry; a hold re-saving the file neither repeats nor slides it", async () => {
    const w = world('token');
    const end = T0.getTime() + 2 * H;
    await w.repos.logins.record('mom', { at: T0.toISOString(), via: 'relay', expiresAt: null });
    w.save(tokenState(end / 1000), T0);
    w.at(new Date(end - 20 * 60_000));
    await warnLoginSoon(w.rt);
    // A hold writes a cart into the session a few seconds later, twice.
    for (const s of [5, 40]) {
      const t = new Date(end - 20 * 60_000 + s * 1000);
      w.save(tokenState(end / 1000, `[${s}]`), t);
      w.at(t);
      await warnLoginSoon(w.rt);
    }
    const alerts = (await w.sent()).filter((a) => a.kind === 'login_soon');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.expectedEnd).toBe(new Date(end).toISOString());
  });

  it('predicts nothing from a single forced logout, and says nothing minutes after a login', async () => {
    const w = world('one-lifetime');
    // One earlier session that the portal ended after 3 h; then a login at T0, session cookies only.
    await w.repos.logins.record('mom', {
      at: new Date(T0.getTime() - 5 * H).toISOString(),
      via: 'window',
      expiresAt: null,
    });
    await w.repos.logins.ended('mom', new Date(T0.getTime() - 2 * H));
    await runs(w, [
      [-5 * H, 'ok'],
      [-2 * H, 'session_expired'],
      [10 * 60_000, 'ok'],
    ]);
    await w.repos.logins.record('mom', { at: T0.toISOString(), via: 'relay', expiresAt: null });
    w.save({ cookies: [], origins: [] }, T0);
    for (const m of [150, 160, 170, 179]) {
      w.at(new Date(T0.getTime() + m * 60_000));
      await warnLoginSoon(w.rt);
    }
    expect((await w.sent()).filter((a) => a.kind === 'login_soon')).toEqual([]);

    // A token ending 20 min from now, but the login was 12 s ago: nothing yet.
    const w2 = world('fresh');
    const login = new Date(T0.getTime() + 12 * 60_000);
    await w2.repos.logins.record('mom', { at: login.toISOString(), via: 'relay', expiresAt: null });
    w2.save(tokenState((login.getTime() + 25 * 60_000) / 1000), login);
    w2.at(new Date(login.getTime() + 12_000));
    await warnLoginSoon(w2.rt);
    expect((await w2.sent()).filter((a) => a.kind === 'login_soon')).toEqual([]);
  });

  it('with no login recorded at all, a saved file alone predicts nothing', async () => {
    const w = world('no-login');
    const end = T0.getTime() + 2 * H;
    // Checks that saw three sessions end after 3 h each: still no login to predict from.
    await runs(w, [
      [-20 * H, 'ok'],
      [-17 * H, 'session_expired'],
      [-15 * H, 'ok'],
      [-12 * H, 'session_expired'],
      [-10 * H, 'ok'],
      [-7 * H, 'session_expired'],
    ]);
    w.save(tokenState(end / 1000), T0);
    w.at(new Date(end - 20 * 60_000));
    await warnLoginSoon(w.rt);
    expect(await w.sent()).toEqual([]);
  });
});
