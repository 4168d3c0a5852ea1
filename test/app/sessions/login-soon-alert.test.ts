import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../../src/app/runtime/runtime.js';
import { warnLoginSoon } from '../../../src/app/sessions/login-soon.js';
import type { QuietHours } from '../../../src/config/policy.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';

/**
 * The login-soon alert as it is queued (issues 15, 29; issue 26 test strength): its id, its
 * payload, and each reason it is not sent, per account.
 */

const H = 3_600_000;
const M = 60_000;
const T0 = new Date('2026-12-02T02:00:00.000Z'); // 10:00 in Shanghai

const jwt = (expMs: number) =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ exp: expMs / 1000 })).toString('base64url')}.c2ln`;
const tokenState = (expMs: number) => ({
  cookies: [],
  origins: [{ origin: 'https://portal.example', localStorage: [{ name: 'token', value: jwt(expMs) }] }],
});

describe('warnLoginSoon: the alert and when it is held back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-login-soon-alert-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const next = () => {
    n += 1;
    return n;
  };

  function world(options: { accounts?: string[]; quiet?: QuietHours; link?: boolean } = {}) {
    const ids = options.accounts ?? ['mom'];
    const paths = Object.fromEntries(ids.map((id) => [id, join(dir, `${id}-${next()}.json`)]));
    const repos = createRepositories(createMemoryStore());
    let now = T0;
    const rt = {
      config: {
        accounts: ids.map((id) => ({ id, storageState: paths[id] })),
        policy: options.quiet ? { quietHours: options.quiet } : {},
      } as unknown as Runtime['config'],
      repos,
      now: () => now,
      loginLink: (accountId: string) =>
        options.link === false ? undefined : `https://family.example/login/${accountId}`,
    };
    return {
      rt,
      repos,
      save: (id: string, content: object | string) =>
        writeFileSync(paths[id] as string, typeof content === 'string' ? content : JSON.stringify(content)),
      setNow: (d: Date) => {
        now = d;
      },
      queued: async () => (await repos.outbox.open('message')).map((e) => ({ id: e.id, payload: e.payload })),
    };
  }

  it("queues one alert per login, keyed by the login's time, with the end and the phone link", async () => {
    const w = world();
    await w.repos.logins.record('mom', { at: T0.toISOString(), via: 'relay', expiresAt: null });
    const end = T0.getTime() + 2 * H;
    w.save('mom', tokenState(end));
    w.setNow(new Date(end - 20 * M));
    await warnLoginSoon(w.rt);
    expect(await w.queued()).toEqual([
      {
        id: `login_soon/mom/${T0.toISOString()}`,
        payload: {
          kind: 'login_soon',
          accountId: 'mom',
          expectedEnd: new Date(end).toISOString(),
          loginUrl: 'https://family.example/login/mom',
        },
      },
    ]);
  });

  it('predicts from earlier sessions when the session says no end: the median lifetime after the login', async () => {
    const w = world();
    for (const [start, hours] of [
      [-40, 3],
      [-30, 4],
      [-20, 2],
    ] as const) {
      await w.repos.logins.record('mom', {
        at: new Date(T0.getTime() + start * H).toISOString(),
        via: 'window',
        expiresAt: null,
      });
      await w.repos.logins.ended('mom', new Date(T0.getTime() + (start + hours) * H));
    }
    await w.repos.logins.record('mom', { at: T0.toISOString(), via: 'window', expiresAt: null });
    w.save('mom', { cookies: [{ name: 'sid', expires: -1 }], origins: [] });
    w.setNow(new Date(T0.getTime() + 3 * H - 10 * M));
    await warnLoginSoon(w.rt);
    expect((await w.queued()).map((q) => (q.payload as { expectedEnd: string }).expectedEnd)).toEqual([
      new Date(T0.getTime() + 3 * H).toISOString(),
    ]);
  });

  it('a login whose session was already found expired is not warned about', async () => {
    const w = world();
    await w.repos.logins.record('mom', { at: T0.toISOString(), via: 'relay', expiresAt: null });
    await w.repos.logins.ended('mom', new Date(T0.getTime() + H));
    const end = T0.getTime() + 2 * H;
    w.save('mom', tokenState(end));
    w.setNow(new Date(end - 20 * M));
    await warnLoginSoon(w.rt);
    expect(await w.queued()).toEqual([]);
  });

  it('the newest login counts: an earlier one that ended does not stop it', async () => {
    const w = world();
    await w.repos.logins.record('mom', {
      at: new Date(T0.getTime() - 9 * H).toISOString(),
      via: 'relay',
      expiresAt: null,
    });
    await w.repos.logins.ended('mom', new Date(T0.getTime() - 8 * H));
    await w.repos.logins.record('mom', { at: T0.toISOString(), via: 'relay', expiresAt: null });
    const end = T0.getTime() + 2 * H;
    w.save('mom', tokenState(end));
    w.setNow(new Date(end - 20 * M));
    await warnLoginSoon(w.rt);
    expect((await w.queued()).map((q) => q.id)).toEqual([`login_soon/mom/${T0.toISOString()}`]);
  });

  it.each([
    ['no session file', undefined],
    ['an unreadable session file', '{"cookies": '],
  ])(
    '%s: nothing even with a history to predict from, and the next account is still warned',
    async (_what, content) => {
      const w = world({ accounts: ['mom', 'dad'] });
      const end = T0.getTime() + 2 * H;
      // Three earlier sessions of mom's that lasted 2 h: they alone would predict T0 + 2 h.
      for (const start of [-30, -20, -10]) {
        await w.repos.logins.record('mom', {
          at: new Date(T0.getTime() + start * H).toISOString(),
          via: 'window',
          expiresAt: null,
        });
        await w.repos.logins.ended('mom', new Date(T0.getTime() + (start + 2) * H));
      }
      for (const id of ['mom', 'dad']) {
        await w.repos.logins.record(id, { at: T0.toISOString(), via: 'relay', expiresAt: null });
      }
      if (content !== undefined) w.save('mom', content);
      w.save('dad', tokenState(end));
      w.setNow(new Date(end - 20 * M));
      await warnLoginSoon(w.rt);
      expect((await w.queued()).map((q) => q.id)).toEqual([`login_soon/dad/${T0.toISOString()}`]);
    },
  );

  it('an account without a login recorded is skipped, the next one warned', async () => {
    const w = world({ accounts: ['mom', 'dad'] });
    const end = T0.getTime() + 2 * H;
    await w.repos.logins.record('dad', { at: T0.toISOString(), via: 'relay', expiresAt: null });
    w.save('mom', tokenState(end));
    w.save('dad', tokenState(end));
    w.setNow(new Date(end - 20 * M));
    await warnLoginSoon(w.rt);
    expect((await w.queued()).map((q) => q.id)).toEqual([`login_soon/dad/${T0.toISOString()}`]);
  });

  it('without a login link (no approval server) nothing is queued', async () => {
    const w = world({ link: false });
    await w.repos.logins.record('mom', { at: T0.toISOString(), via: 'relay', expiresAt: null });
    const end = T0.getTime() + 2 * H;
    w.save('mom', tokenState(end));
    w.setNow(new Date(end - 20 * M));
    await warnLoginSoon(w.rt);
    expect(await w.queued()).toEqual([]);
  });

  it('in quiet hours nothing is queued', async () => {
    const quiet = { start: '11:00', end: '13:00', timezone: 'Asia/Shanghai' };
    const w = world({ quiet });
    await w.repos.logins.record('mom', { at: T0.toISOString(), via: 'relay', expiresAt: null });
    const end = T0.getTime() + 2 * H + 30 * M; // 12:30 in Shanghai
    w.save('mom', tokenState(end));
    w.setNow(new Date(end - 20 * M));
    await warnLoginSoon(w.rt);
    expect(await w.queued()).toEqual([]);
  });
});
