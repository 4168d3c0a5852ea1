import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser/launch.js';
import { loginCommand } from '../../src/cli/login.js';
import { exitCodeFor } from '../../src/core/errors.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { fieldBoxes, fillLogin, PASSWORD, phone } from '../approve/relay-phone.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('issue 15: jianlou login <account> --remote', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-cli-remote-'));
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
    browser = await launchBrowser({ headless: true });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function configWith(name: string, approval = true): Promise<string> {
    const port = await freePort();
    const file = join(dir, `${name}.yaml`);
    writeFileSync(
      file,
      [
        'store: memory://',
        `portal: { flow: demo-portal, baseUrl: "${portal.url}" }`,
        `accounts: [{ id: mom, storageState: storage-state/${name}.json }]`,
        'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
        'targets: [{ child: sister, courses: [ART-101] }]',
        'notify: { wecom: { webhook: "http://127.0.0.1:9/cgi-bin/webhook/send?key=demo" } }',
        approval
          ? `approval: { listen: "127.0.0.1:${port}", publicUrl: "http://127.0.0.1:${port}", secret: "0123456789abcdef0123456789abcdef" }`
          : '',
        '',
      ].join('\n'),
    );
    return file;
  }

  function terminal(realQr = false, isTTY = false) {
    const written: string[] = [];
    let announce: (url: string) => void;
    const link = new Promise<string>((resolve) => {
      announce = resolve;
    });
    return {
      written,
      link,
      io: {
        hasDisplay: false,
        ...(realQr ? {} : { qr: async (url: string) => `[QR of ${url.length} chars]` }),
        stdout: {
          isTTY,
          write(text: string) {
            written.push(text);
            const m = /https?:\/\/\S+\/login\/\S+/.exec(text);
            if (m) announce(m[0]);
          },
        },
      },
    };
  }

  it('prints the link and its QR code, waits for the phone, exits 0 with the session saved 0600', async () => {
    const file = await configWith('remote-ok');
    const t = terminal();
    const run = loginCommand(file, 'mom', { remote: true, timeout: 120 }, t.io);
    const url = await t.link;
    await expect.poll(() => t.written.join('')).toContain('[QR of');
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(url);
    const p = phone(page);
    await p.newFrame(0);
    await fillLogin(p, await fieldBoxes(browser, `${portal.url}/login?returnUrl=%2Fcourses`), PASSWORD);
    await run;
    // The server stopped only after the phone heard "saved": it shows 已登录, not a frozen picture
    // with live buttons (issue 29 item 7).
    expect(await page.evaluate(() => document.body.className)).toBe('saved');
    await expect(page.locator('#status').textContent()).resolves.toContain('已登录');
    await context.close();
    expect(statSync(join(dir, 'storage-state/remote-ok.json')).mode & 0o777).toBe(0o600);
    expect(t.written.join('')).toContain('已保存');
  }, 90_000);

  it('draws the QR code only on a terminal: a pipe or log gets the link alone (issue 29 item 12)', async () => {
    const file = await configWith('remote-qr');
    const blocks = /[█▀▄]{4}/;
    const piped = terminal(true, false);
    await loginCommand(file, 'mom', { remote: true, timeout: 1 }, piped.io).catch(() => {});
    expect(piped.written.join('')).toMatch(/\/login\//);
    expect(piped.written.join('')).not.toMatch(blocks);
    const tty = terminal(true, true);
    await loginCommand(file, 'mom', { remote: true, timeout: 1 }, tty.io).catch(() => {});
    expect(tty.written.join('')).toMatch(blocks);
  });

  it('a time-out is exit 1 and saves nothing; an unknown account or no approval section is exit 2', async () => {
    const file = await configWith('remote-timeout');
    const t = terminal();
    const timedOut = await loginCommand(file, 'mom', { remote: true, timeout: 1 }, t.io).catch(
      (e: unknown) => e,
    );
    expect(exitCodeFor(timedOut)).toBe(1);
    expect(String(timedOut)).toContain('jianlou login mom --remote');
    expect(() => statSync(join(dir, 'storage-state/remote-timeout.json'))).toThrow();
    const unknown = await loginCommand(file, 'dad', { remote: true, timeout: 5 }, t.io).catch(
      (e: unknown) => e,
    );
    expect(exitCodeFor(unknown)).toBe(2);
    const bare = await configWith('remote-bare', false);
    const none = await loginCommand(bare, 'mom', { remote: true, timeout: 5 }, t.io).catch((e: unknown) => e);
    expect(exitCodeFor(none)).toBe(2);
    expect(String(none)).toContain('approval');
  });
});
