import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  adviceText,
  healthOf,
  newestJwtExpiry,
  readSessionFile,
  type SessionFile,
} from '../../../src/app/sessions/session-health.js';
import type { RunOutcome } from '../../../src/store/runs.js';

/**
 * What `status` says of an account's saved session without a browser (issue 26, test strength):
 * the file's cookie and token expiries, and the health and advice from it and the last check.
 */

const SAVED = new Date('2026-12-01T08:00:00.000Z');
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const E1 = 1_800_000_000; // 2027-01-15
const E2 = 1_900_000_000; // 2030-03-17

/** A JWT with the given payload (header and signature as a portal sends them). */
const jwt = (payload: object, signature = 'c2lnbmF0dXJl') =>
  `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;

describe('readSessionFile: the expiries of a saved session, nothing else', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-session-health-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const next = () => {
    n += 1;
    return n;
  };
  const file = (content: string | object) => {
    const path = join(dir, `s${next()}.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    utimesSync(path, SAVED, SAVED);
    return path;
  };

  it('a missing file is no session', async () => {
    expect(await readSessionFile(join(dir, 'none.json'))).toStrictEqual({
      present: false,
      savedAt: null,
      newestCookieExpiresAt: null,
      loginExpiresAt: null,
      unreadable: false,
    });
  });

  it("the newest cookie expiry is the login's end when no token says otherwise; odd cookies are skipped", async () => {
    const path = file({
      cookies: [{ expires: E1 }, null, { expires: E2 }, { expires: -1 }, { expires: '2031' }, {}],
      origins: [],
    });
    expect(await readSessionFile(path)).toStrictEqual({
      present: true,
      savedAt: SAVED.toISOString(),
      newestCookieExpiresAt: iso(E2),
      loginExpiresAt: iso(E2),
      unreadable: false,
    });
  });

  it('session cookies only (and a zero or odd expiry) say no end at all', async () => {
    const path = file({ cookies: [{ expires: -1 }, { expires: 0 }, { expires: '2031' }, {}, null] });
    expect(await readSessionFile(path)).toMatchObject({
      present: true,
      newestCookieExpiresAt: null,
      loginExpiresAt: null,
      unreadable: false,
    });
  });

  it("a token in localStorage gives the login's end; the cookies keep theirs", async () => {
    const path = file({
      cookies: [{ expires: E2 }],
      origins: [
        null,
        { origin: 'https://a.example' },
        {
          origin: 'https://portal.example',
          localStorage: [
            null,
            { name: 'n' },
            { name: 'n', value: 7 },
            { name: 'auth', value: jwt({ exp: E1 }) },
          ],
        },
      ],
    });
    expect(await readSessionFile(path)).toStrictEqual({
      present: true,
      savedAt: SAVED.toISOString(),
      newestCookieExpiresAt: iso(E2),
      loginExpiresAt: iso(E1),
      unreadable: false,
    });
  });

  it('a file without origins is read from its cookies', async () => {
    expect((await readSessionFile(file({ cookies: [{ expires: E1 }] }))).loginExpiresAt).toBe(iso(E1));
  });

  it.each([
    ['not JSON', '{"cookies": ['],
    ['no cookies array', { cookies: { sid: 'x' } }],
    ['JSON null', 'null'],
  ])('a file that is no storage state (%s) is there but unreadable', async (_what, content) => {
    expect(await readSessionFile(file(content))).toStrictEqual({
      present: true,
      savedAt: SAVED.toISOString(),
      newestCookieExpiresAt: null,
      loginExpiresAt: null,
      unreadable: true,
    });
  });
});

describe('newestJwtExpiry: the newest exp among tokens in storage values', () => {
  it('reads a bare token and one inside a JSON value', () => {
    expect(newestJwtExpiry([jwt({ exp: E1 })])).toBe(iso(E1));
    expect(newestJwtExpiry([JSON.stringify({ token: jwt({ sub: 'mom', exp: E2 }) })])).toBe(iso(E2));
  });

  it('takes the newest of several tokens, in one value or across values, in any order', () => {
    expect(newestJwtExpiry([`${jwt({ exp: E2 })} ${jwt({ exp: E1 })}`])).toBe(iso(E2));
    expect(newestJwtExpiry([jwt({ exp: E1 }), 'plain', jwt({ exp: E2 })])).toBe(iso(E2));
    expect(newestJwtExpiry([jwt({ exp: E2 }), jwt({ exp: E1 })])).toBe(iso(E2));
  });

  it("reads a token whose header and payload hold base64url's '-' and '_'", () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const header = b64({ alg: 'HS256', kid: 'a?>?>' });
    const payload = b64({ exp: E1, n: '?>?>' });
    expect(header).toMatch(/-.*_|_.*-/);
    expect(payload).toMatch(/-.*_|_.*-/);
    expect(newestJwtExpiry([`${header}.${payload}.sig`])).toBe(iso(E1));
  });

  it('two parts without the dot before a signature are no token', () => {
    expect(newestJwtExpiry([jwt({ exp: E1 }).replace(/\.c2lnbmF0dXJl$/, '')])).toBeNull();
  });

  it('reads an unsigned token (empty signature)', () => {
    expect(newestJwtExpiry([jwt({ exp: E1 }, '')])).toBe(iso(E1));
  });

  it('a token with a signature of URL-safe characters is read whole', () => {
    expect(newestJwtExpiry([`"${jwt({ exp: E1 }, 'a-b_c')}"`])).toBe(iso(E1));
  });

  it('no token, no exp, or an exp that is no time: null', () => {
    expect(newestJwtExpiry([])).toBeNull();
    expect(newestJwtExpiry(['eyJ not a token'])).toBeNull();
    expect(newestJwtExpiry([jwt({ sub: 'mom' })])).toBeNull();
    expect(newestJwtExpiry([jwt({ exp: String(E1) })])).toBeNull();
    expect(newestJwtExpiry([jwt({ exp: 0 })])).toBeNull();
    expect(newestJwtExpiry([jwt({ exp: -5 })])).toBeNull();
  });

  it('an infinite exp (1e999 in the JSON) is skipped, a real one beside it read', () => {
    const infinite = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from('{"exp":1e999}').toString('base64url')}.c2ln`;
    expect(newestJwtExpiry([infinite])).toBeNull();
    expect(newestJwtExpiry([infinite, jwt({ exp: E1 })])).toBe(iso(E1));
  });

  it('a token whose payload does not decode is skipped, and the next one still read', () => {
    const broken = `eyJhbGciOiJIUzI1NiJ9.eyJub3QganNvbg.c2ln`;
    expect(newestJwtExpiry([`${broken} ${jwt({ exp: E1 })}`])).toBe(iso(E1));
  });

  it('the header must look like a JWT header: a bare payload is no token', () => {
    const payload = Buffer.from(JSON.stringify({ exp: E1 })).toString('base64url');
    expect(newestJwtExpiry([`abc.${payload}.sig`])).toBeNull();
  });
});

describe('adviceText: the command-line wording of each advice', () => {
  const login = 'jianlou login mom';
  it.each([
    [{ code: 'no_session', login }, 'no saved session — run: jianlou login mom'],
    [{ code: 'unreadable', login }, 'the saved session is unreadable — run: jianlou login mom'],
    [
      { code: 'cookies_expired', login },
      'every cookie of the saved session has expired — run: jianlou login mom',
    ],
    [{ code: 'logged_out', login }, 'the portal logged this account out — run: jianlou login mom'],
    [{ code: 'unchecked' }, 'not checked yet — run: jianlou check'],
    [{ code: 'saved_after_failure' }, 'session saved after the last failed check — run: jianlou check'],
    [{ code: 'failing', outcome: 'rate_limited' }, 'last check: rate_limited — run: jianlou doctor'],
  ] as const)('%o', (advice, text) => {
    expect(adviceText(advice)).toBe(text);
  });
});

describe("healthOf: an account's health from its session file and last check", () => {
  const NOW = new Date('2026-12-01T10:00:00.000Z');
  const good: SessionFile = {
    present: true,
    savedAt: SAVED.toISOString(),
    newestCookieExpiresAt: '2026-12-02T08:00:00.000Z',
    loginExpiresAt: '2026-12-02T08:00:00.000Z',
    unreadable: false,
  };
  const run = (outcome: RunOutcome, startedAt = '2026-12-01T09:00:00.000Z') => ({ outcome, startedAt });

  it('no session file: log in', () => {
    const none = { ...good, present: false, savedAt: null, newestCookieExpiresAt: null };
    expect(healthOf('mom', none, run('ok'), NOW)).toEqual({
      health: 'needs_login',
      advice: 'no saved session — run: jianlou login mom',
      adviceCode: { code: 'no_session', login: 'jianlou login mom' },
    });
  });

  it('an unreadable file: log in', () => {
    expect(healthOf('dad', { ...good, unreadable: true }, run('ok'), NOW)).toEqual({
      health: 'needs_login',
      advice: 'the saved session is unreadable — run: jianlou login dad',
      adviceCode: { code: 'unreadable', login: 'jianlou login dad' },
    });
  });

  it('every cookie expired (at this very instant too): log in, whatever the last check said', () => {
    const expired = { ...good, newestCookieExpiresAt: NOW.toISOString() };
    expect(healthOf('mom', expired, run('ok'), NOW)).toEqual({
      health: 'needs_login',
      advice: 'every cookie of the saved session has expired — run: jianlou login mom',
      adviceCode: { code: 'cookies_expired', login: 'jianlou login mom' },
    });
  });

  it('a cookie alive one millisecond more is not expired', () => {
    const alive = { ...good, newestCookieExpiresAt: new Date(NOW.getTime() + 1).toISOString() };
    expect(healthOf('mom', alive, run('ok'), NOW).health).toBe('ok');
  });

  it('session cookies only (no expiry) never count as expired', () => {
    expect(healthOf('mom', { ...good, newestCookieExpiresAt: null }, run('ok'), NOW).health).toBe('ok');
  });

  it('never checked: unchecked, run a check', () => {
    expect(healthOf('mom', good, null, NOW)).toEqual({
      health: 'unchecked',
      advice: 'not checked yet — run: jianlou check',
      adviceCode: { code: 'unchecked' },
    });
  });

  it('the last check went well: ok, no advice, even with a session saved after it', () => {
    expect(healthOf('mom', good, run('ok', '2026-12-01T07:00:00.000Z'), NOW)).toEqual({
      health: 'ok',
      advice: null,
      adviceCode: null,
    });
  });

  it('a login after a failed check: unchecked until the next check tells', () => {
    const failed = run('session_expired', '2026-12-01T07:59:59.999Z');
    expect(healthOf('mom', good, failed, NOW)).toEqual({
      health: 'unchecked',
      advice: 'session saved after the last failed check — run: jianlou check',
      adviceCode: { code: 'saved_after_failure' },
    });
  });

  it('the portal logged the account out (and no login since, not even at the same instant): log in', () => {
    const failed = run('session_expired', SAVED.toISOString());
    expect(healthOf('mom', good, failed, NOW)).toEqual({
      health: 'needs_login',
      advice: 'the portal logged this account out — run: jianlou login mom',
      adviceCode: { code: 'logged_out', login: 'jianlou login mom' },
    });
  });

  it('any other failure is a problem for doctor, named by its outcome', () => {
    expect(healthOf('mom', good, run('portal_changed'), NOW)).toEqual({
      health: 'problem',
      advice: 'last check: portal_changed — run: jianlou doctor',
      adviceCode: { code: 'failing', outcome: 'portal_changed' },
    });
  });

  it('a file without a saved time is not a login after the failure', () => {
    expect(healthOf('mom', { ...good, savedAt: null }, run('error'), NOW).health).toBe('problem');
  });
});
