import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { launchBrowser, newContext, type StorageState } from '../../src/browser/launch.js';
import { runLogin } from '../../src/browser/login.js';
import { saveSession } from '../../src/browser/session.js';
import { createFlowContext } from '../../src/flow/context.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';

const credentials = { username: '13800000000', password: 'demo1234', captcha: '8888' };

/**
 * Issue 29 item 2: logging in again replaces the login (its cookies, the tokens it set) and keeps
 * what flow steps saved beside it — a cart a hold wrote to localStorage stayed HELD in `holds`
 * while the file lost it.
 */
describe('a new login merges into the session file (issue 29 item 2)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-login-merge-'));
  const flow = createDemoFlow({ timeoutMs: 3000 });
  let portal: RunningPortal;

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
  });
  afterAll(async () => {
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** An expired login's file, with a cart a hold wrote beside it and the old session cookie. */
  function oldFile(name: string): string {
    const origin = new URL(portal.url).origin;
    const host = new URL(portal.url).hostname;
    const state: StorageState = {
      cookies: [
        {
          name: 'yp_session',
          value: 'expired-session',
          domain: host,
          path: '/',
          expires: -1,
          httpOnly: true,
          secure: false,
          sameSite: 'Lax',
        },
      ],
      origins: [
        {
          origin,
          localStorage: [
            { name: 'cart', value: '[{"course":"ART-101","child":"S001"}]' },
            { name: 'token', value: 'old-token' },
          ],
        },
      ],
    };
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(state), { mode: 0o600 });
    return path;
  }

  const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as StorageState;
  const item = (s: StorageState, name: string) =>
    s.origins.flatMap((o) => o.localStorage).find((i) => i.name === name)?.value;
  const cookie = (s: StorageState, name: string) => s.cookies.filter((c) => c.name === name);

  it('login --scripted keeps the cart a hold saved and replaces the session cookie', async () => {
    const path = oldFile('scripted.json');
    await runLogin({
      flow,
      accountId: 'mom',
      baseUrl: portal.url,
      storageStatePath: path,
      mode: 'scripted',
      credentials,
      timeoutMs: 20_000,
      out: () => {},
    });
    const saved = read(path);
    expect(item(saved, 'cart')).toBe('[{"course":"ART-101","child":"S001"}]');
    const session = cookie(saved, 'yp_session');
    expect(session).toHaveLength(1);
    expect(session[0]?.value).not.toBe('expired-session');
  });

  it('login --import keeps the cart and takes the imported login (a token it sets replaces the old one)', async () => {
    const browser = await launchBrowser();
    const source = join(dir, 'source.json');
    try {
      const context = await newContext(browser);
      const ctx = createFlowContext({ context, baseUrl: portal.url, accountId: 'mom' });
      await flow.login(ctx, credentials);
      const page = await context.newPage();
      await page.goto(portal.url);
      await page.evaluate(() => localStorage.setItem('token', 'new-token'));
      await saveSession(context, source);
      await context.close();
    } finally {
      await browser.close();
    }
    const path = oldFile('imported.json');
    await runLogin({
      flow,
      accountId: 'mom',
      baseUrl: portal.url,
      storageStatePath: path,
      mode: 'import',
      importFrom: source,
      timeoutMs: 20_000,
      out: () => {},
    });
    const saved = read(path);
    expect(item(saved, 'cart')).toBe('[{"course":"ART-101","child":"S001"}]');
    expect(item(saved, 'token')).toBe('new-token');
    expect(cookie(saved, 'yp_session').map((c) => c.value)).toEqual(
      cookie(read(source), 'yp_session').map((c) => c.value),
    );
  });
});
