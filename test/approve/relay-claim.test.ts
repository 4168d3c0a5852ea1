import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright';
import { describe, expect, it } from 'vitest';
import { createLoginLog } from '../../src/store/logins.js';
import { createMapKv } from './map-kv.js';
import { type Box, fillLogin, PASSWORD, phone } from './relay-phone.js';
import { useRelayRig } from './relay-rig.js';

const SECRET = 'relay-claim-secret-0123456789';

/**
 * Issue 29 items 6 and 8: opening a relay link claims nothing (link previews, scanners, the group
 * app's browser handing over to the system one); the first action does, the same phone may take it
 * back, and a login by any way spends every outstanding link of the account.
 * Each phone has its own address: the server trusts the one proxy in front (this test) for it.
 */
describe('the relay link is claimed by the first action, and spent by any login (issue 29 items 6, 8)', () => {
  const rig = useRelayRig('relay-claim');
  let kv: ReturnType<typeof createMapKv>;

  async function start(name: string) {
    const path = join(rig.dir, name);
    kv = createMapKv();
    await rig.startServer({ secret: SECRET, kv, trustProxy: true, storageStatePath: path });
    return { path, link: () => rig.link() };
  }

  async function openPhone(url: string, ip: string): Promise<{ page: Page; status: number }> {
    const page = await rig.newPhone({ extraHTTPHeaders: { 'x-forwarded-for': ip } });
    const response = await page.goto(url);
    return { page, status: response?.status() ?? 0 };
  }

  it('a link preview and a hand-over browser open the link first; the phone still logs in with it', async () => {
    const { path, link } = await start('preview.json');
    const url = link();
    // A chat app's link preview, from its own server: a plain GET, no script, no cookie kept.
    expect((await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.9' } })).status).toBe(200);
    // The group app's own browser opens it and hands over to the system browser before any tap.
    const inApp = await openPhone(url, '198.51.100.7');
    expect(inApp.status).toBe(200);
    await phone(inApp.page).newFrame(0);
    const system = await openPhone(url, '192.0.2.20');
    expect(system.status).toBe(200);
    const p = phone(system.page);
    await p.newFrame(0);
    await fillLogin(p, rig.boxes, PASSWORD);
    await system.page.waitForFunction(() => document.body.className === 'saved', undefined, {
      timeout: 15_000,
    });
    expect(existsSync(path)).toBe(true);
  });

  it('after the first tap another phone sees "in use"; the same phone in another browser takes it back', async () => {
    const { link } = await start('claim.json');
    const url = link();
    const first = await openPhone(url, '192.0.2.20');
    const p1 = phone(first.page);
    await p1.newFrame(0);
    await p1.tap(rig.boxes.username as Box);
    const other = await openPhone(url, '192.0.2.99');
    expect(other.status).toBe(409);
    await expect(other.page.locator('h1').textContent()).resolves.toContain('另一台手机');
    // The same phone (same address) in its system browser: the page opens and its first tap claims it.
    const again = await openPhone(url, '192.0.2.20');
    expect(again.status).toBe(200);
    const p2 = phone(again.page);
    await p2.newFrame(0);
    await p2.tap(rig.boxes.password as Box);
    // The first browser is told it no longer drives the relay.
    await first.page.waitForFunction(() => document.body.className === 'in_use', undefined, {
      timeout: 10_000,
    });
    await expect(first.page.locator('#status').textContent()).resolves.toContain('另一台手机');
  });

  it('a login of the account by another way spends the links made before it, not those made after', async () => {
    const { link } = await start('spent.json');
    const before = link();
    const opened = await openPhone(before, '192.0.2.20');
    await phone(opened.page).newFrame(0);
    await new Promise((r) => setTimeout(r, 5));
    // `jianlou login mom` on the computer records its login.
    await createLoginLog(kv).record('mom', { at: new Date().toISOString(), via: 'window', expiresAt: null });
    const res = await fetch(before);
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('已经登录过了');
    // The phone that had it open is told the account is logged in, and its relay closes.
    await opened.page.waitForFunction(() => document.body.className === 'saved', undefined, {
      timeout: 10_000,
    });
    await expect.poll(() => rig.server?.loginRelays?.openAccounts()).toEqual([]);
    await new Promise((r) => setTimeout(r, 5));
    expect((await openPhone(link(), '192.0.2.20')).status).toBe(200);
  });

  it('a login through one relay link spends the other outstanding links of the account', async () => {
    const { link } = await start('relay-spends.json');
    const older = link();
    await new Promise((r) => setTimeout(r, 5));
    const used = link();
    const { page } = await openPhone(used, '192.0.2.20');
    const p = phone(page);
    await p.newFrame(0);
    await fillLogin(p, rig.boxes, PASSWORD);
    await page.waitForFunction(() => document.body.className === 'saved', undefined, { timeout: 15_000 });
    const res = await fetch(older);
    expect(res.status).toBe(410);
    expect(await createLoginLog(kv).last('mom')).toMatchObject({ via: 'relay' });
  });
});
