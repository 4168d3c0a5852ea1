import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../src/browser/launch.js';
import { type LoginIo, loginCommand } from '../../src/cli/login.js';
import { createLineWriter } from '../../src/cli/status-line.js';
import { exitCodeFor } from '../../src/core/errors.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';

const cjk = /[\u3000-\u9fff\uff00-\uffef]/;

describe('issue 19: jianlou login, as the terminal shows it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-cli-login-'));
  let portal: RunningPortal;

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
  });
  afterAll(async () => {
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function configFor(locale: 'zh' | 'en'): string {
    const file = join(dir, `jianlou-${locale}.yaml`);
    writeFileSync(
      file,
      [
        `locale: ${locale}`,
        'store: memory://',
        `portal: { flow: demo-portal, baseUrl: "${portal.url}" }`,
        `accounts: [{ id: mom, storageState: storage-state/mom-${locale}.json }]`,
        'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
        'targets: [{ child: sister, courses: [ART-101] }]',
        'notify: { wecom: { webhook: "http://127.0.0.1:9/cgi-bin/webhook/send?key=demo" } }',
        'approval: { listen: "127.0.0.1:0", publicUrl: "http://127.0.0.1:8787", secret: "0123456789abcdef0123456789abcdef" }',
        '',
      ].join('\n'),
    );
    return file;
  }

  /** A terminal that records what was written; the person logs in (or closes) once the wait is announced. */
  function io(person: 'login' | 'close'): LoginIo & { written: string[] } {
    const written: string[] = [];
    let browser: Browser | undefined;
    let acted = false;
    return {
      written,
      hasDisplay: true,
      confirmMs: 0,
      launch: async (options) => {
        browser = await launchBrowser({ ...options, headless: true });
        return browser;
      },
      stdout: {
        isTTY: false,
        write(text: string) {
          written.push(text);
          const page = browser?.contexts()[0]?.pages()[0];
          if (acted || !page || written.length < 2) return;
          acted = true;
          if (person === 'close') {
            void page.close();
            return;
          }
          void (async () => {
            await page.fill('input[name=username]', '13800000000');
            await page.fill('input[name=password]', 'demo1234');
            await page.fill('input[name=captcha]', '8888');
            await page.click('button[type=submit]');
          })().catch(() => {});
        },
      },
    };
  }

  it('says "saved" once, in Chinese, under locale zh', async () => {
    const terminal = io('login');
    await loginCommand(configFor('zh'), 'mom', { timeout: 60 }, terminal);
    const out = terminal.written.join('');
    const path = join(dir, 'storage-state/mom-zh.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(out.split(path)).toHaveLength(2);
    expect(out).toContain('已保存账号 mom 的登录状态');
    expect(out).toContain('最多等待 60 秒');
    expect(out).not.toMatch(/session for account|saved to/);
  });

  it('speaks English only under locale en, errors included; a closed window is exit 3', async () => {
    const terminal = io('login');
    await loginCommand(configFor('en'), 'mom', { timeout: 60 }, terminal);
    const out = terminal.written.join('');
    expect(out.split('\n').filter((l) => cjk.test(l))).toEqual([]);
    expect(out).toContain('Waiting up to 60 seconds');
    expect(out.split(join(dir, 'storage-state/mom-en.json'))).toHaveLength(2);

    const closing = io('close');
    const error = await loginCommand(configFor('en'), 'mom', { timeout: 60 }, closing).catch(
      (e: unknown) => e,
    );
    expect(exitCodeFor(error)).toBe(3);
    expect((error as Error).message).toContain('the browser window was closed');
    expect(cjk.test((error as Error).message)).toBe(false);
  });
});

describe('the countdown line', () => {
  const stream = (isTTY: boolean) => {
    const written: string[] = [];
    return { written, isTTY, write: (text: string) => void written.push(text) };
  };

  it('is rewritten in place on a terminal and cleared before the next line', () => {
    const s = stream(true);
    const w = createLineWriter(s);
    w.progress({ line: 'left 3', remainingMs: 3000 });
    w.progress({ line: 'left 2', remainingMs: 2000 });
    w.line('saved');
    expect(s.written).toEqual(['\r\x1b[2Kleft 3', '\r\x1b[2Kleft 2', '\r\x1b[2K', 'saved\n']);
  });

  it('in a pipe or log, shows up once per step instead of every second', () => {
    const s = stream(false);
    const w = createLineWriter(s, 30_000);
    for (let ms = 90_000; ms > 0; ms -= 1000) w.progress({ line: `left ${ms / 1000}`, remainingMs: ms });
    w.end();
    expect(s.written).toEqual(['left 90\n', 'left 60\n', 'left 30\n']);
  });
});
