import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { afterEach, describe, expect, it } from 'vitest';
import { makeLoginLink, signLoginToken } from '../../src/approve/login-tokens.js';
import { signToken } from '../../src/approve/tokens.js';
import { newContext } from '../../src/browser/launch.js';
import { readStorageState } from '../../src/browser/session.js';
import { createFlowContext } from '../../src/flow/context.js';
import { type Box, fillLogin, PASSWORD, phone, USER } from './relay-phone.js';
import { useRelayRig } from './relay-rig.js';

const SECRET = 'relay-test-secret-0123456789';

describe('issue 15: log in again from the phone through a relayed login page', () => {
  const rig = useRelayRig('relay');
  const logs: string[] = [];
  const saved: string[] = [];

  const log = {
    info: (o: object, m?: string) => void logs.push(JSON.stringify([o, m])),
    warn: (o: object, m?: string) => void logs.push(JSON.stringify([o, m])),
    error: (o: object, m?: string) => void logs.push(JSON.stringify([o, m])),
  };

  async function start(name: string, over: { idleMs?: number; maxOpen?: number } = {}) {
    const path = join(rig.dir, name);
    await rig.startServer({
      secret: SECRET,
      logger: log,
      storageStatePath: path,
      accounts: ['mom', 'dad'],
      relay: { onSaved: (accountId) => void saved.push(accountId), ...over },
    });
    return { path, link: rig.link() };
  }

  async function openPhone(
    url: string,
  ): Promise<{ page: Page; status: number; headers: Record<string, string> }> {
    const page = await rig.newPhone({ deviceScaleFactor: 2 });
    const response = await page.goto(url);
    return { page, status: response?.status() ?? 0, headers: response?.headers() ?? {} };
  }

  afterEach(() => {
    saved.length = 0;
  });

  it('the phone taps the fields, types the login and the captcha; the session is saved 0600 and the link is spent', async () => {
    const { path, link } = await start('mom.json');
    const { page, status, headers } = await openPhone(link);
    expect(status).toBe(200);
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['content-security-policy']).toContain("default-src 'none'");
    const p = phone(page);
    await p.newFrame(0);
    await fillLogin(p, rig.boxes, PASSWORD);
    await page.waitForFunction(() => document.body.className === 'saved', undefined, { timeout: 15_000 });
    await expect(page.locator('#status').textContent()).resolves.toContain('已登录');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(saved).toEqual(['mom']);
    // The next check passes with the saved session.
    const state = await readStorageState(path, 'mom');
    const context = await newContext(rig.browser, { storageState: state, baseURL: rig.portal.url });
    await expect(
      rig.flow.checkSession(createFlowContext({ context, baseUrl: rig.portal.url, accountId: 'mom' })),
    ).resolves.toBe('ok');
    await context.close();
    // The link no longer works.
    const again = await openPhone(link);
    expect(again.status).toBe(410);
    await expect(again.page.locator('h1').textContent()).resolves.toContain('已经登录过了');
    // Nothing typed reached the logs.
    const all = logs.join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(USER);
    expect(all).not.toContain(link.split('/login/')[1]);
  });

  it('a wrong password shows the portal’s own error on the picture and saves nothing', async () => {
    const { path, link } = await start('wrong.json');
    const { page } = await openPhone(link);
    const p = phone(page);
    await p.newFrame(0);
    await fillLogin(p, rig.boxes, 'not-the-password');
    // The portal answers with its error page; the relay stays open and nothing is written.
    const before = await p.seq();
    await p.newFrame(before);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await page.evaluate(() => document.body.className)).toBe('open');
    // The page the relay captures (its own context in this browser) is the portal's error.
    const relayed = rig.browser
      .contexts()
      .flatMap((c) => c.pages())
      .find((pg) => pg.url().startsWith(rig.portal.url));
    expect(relayed).toBeDefined();
    await expect(relayed!.locator('body').textContent()).resolves.toContain('用户名或密码错误');
    expect(existsSync(path)).toBe(false);
    expect(rig.server?.loginRelays?.openAccounts()).toEqual(['mom']);
    expect(logs.join('\n')).not.toContain('not-the-password');
  }, 90_000);

  it('a tap and the typing right after it reach the portal in that order, even when the tap is slow on the line', async () => {
    const { link } = await start('order.json');
    const { page } = await openPhone(link);
    const p = phone(page);
    await p.newFrame(0);
    // The first action's request is held up 800 ms (a slow mobile line); the typing is sent at once.
    let first = true;
    await page.route('**/act', async (route) => {
      if (first) {
        first = false;
        await new Promise((r) => setTimeout(r, 800));
      }
      await route.continue();
    });
    const img = await page.locator('#screen').boundingBox();
    const box = rig.boxes.username as Box;
    const scale = (img?.width ?? 0) / 390;
    await page.mouse.click(
      (img?.x ?? 0) + (box.x + box.width / 2) * scale,
      (img?.y ?? 0) + (box.y + box.height / 2) * scale,
    );
    await page.fill('#text', USER);
    await page.click('#typing button[type=submit]');
    const relayed = rig.browser
      .contexts()
      .flatMap((c) => c.pages())
      .find((pg) => pg.url().startsWith(rig.portal.url));
    expect(relayed).toBeDefined();
    // Sent side by side, the typing would land before the tap focused the field: in no field at all.
    await expect.poll(() => relayed!.inputValue('input[name=username]'), { timeout: 10_000 }).toBe(USER);
  });

  // Who may drive a relay (the first action claims it, not the GET) is in relay-claim.test.ts.

  it('a tampered or foreign-purpose link opens nothing', async () => {
    const { link } = await start('tampered.json');
    const [base, token = ''] = link.split('/login/');
    const [body = '', sig = ''] = token.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...payload, u: 'dad' })).toString('base64url');
    const tampered = await fetch(`${base}/login/${forged}.${sig}`);
    expect(tampered.status).toBe(400);
    // An approval link's token under /login/ is refused too (its own purpose key).
    const approval = signToken(
      {
        holdId: 'h1',
        action: 'approve',
        expiresAt: new Date(Date.now() + 60_000),
        nonce: 'nonce-approval-1',
      },
      SECRET,
    );
    expect((await fetch(`${base}/login/${approval}`)).status).toBe(400);
    expect((await fetch(`${base}/login/${body}.${sig.slice(0, -2)}AA`)).status).toBe(400);
    const expired = signLoginToken(
      { accountId: 'mom', expiresAt: new Date(Date.now() - 1000), nonce: 'nonce-expired-1' },
      SECRET,
    );
    expect((await fetch(`${base}/login/${expired}`)).status).toBe(410);
    expect(rig.server?.loginRelays?.openAccounts()).toEqual([]);
  });

  it('cancel closes the browser context; nothing is saved', async () => {
    const { path, link } = await start('cancel.json');
    const { page } = await openPhone(link);
    await phone(page).newFrame(0);
    expect(rig.server?.loginRelays?.openAccounts()).toEqual(['mom']);
    await page.click('button[data-act=cancel]');
    await page.waitForFunction(() => document.body.className === 'closed');
    await expect.poll(() => rig.server?.loginRelays?.openAccounts()).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });

  it('an idle relay times out and closes; the phone is told', async () => {
    const { path, link } = await start('idle.json', { idleMs: 1500 });
    const { page } = await openPhone(link);
    await page.waitForFunction(() => document.body.className === 'closed', undefined, { timeout: 15_000 });
    expect(rig.server?.loginRelays?.openAccounts()).toEqual([]);
    expect(existsSync(path)).toBe(false);
  });

  it('caps the open relays: one more account sees "busy"', async () => {
    await start('cap.json', { maxOpen: 1 });
    const mom = makeLoginLink({
      publicUrl: rig.server?.url ?? '',
      secret: SECRET,
      accountId: 'mom',
      now: new Date(),
    });
    const dad = makeLoginLink({
      publicUrl: rig.server?.url ?? '',
      secret: SECRET,
      accountId: 'dad',
      now: new Date(),
    });
    expect((await openPhone(mom.url)).status).toBe(200);
    expect((await openPhone(dad.url)).status).toBe(503);
  });
});
