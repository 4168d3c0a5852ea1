import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import {
  checkAndSaveSession,
  cookieHeaderToState,
  importSession,
  openSession,
  readStorageState,
} from '../../src/browser/session.js';
import { BadInputError, SessionExpiredError } from '../../src/core/errors.js';
import { createFlowContext } from '../../src/flow/context.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';

const account = { username: '13800000000', password: 'demo1234', captcha: '8888' };

describe('saved sessions', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-session-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing storage-state file means the account needs a login', async () => {
    const reading = readStorageState(join(dir, 'nobody.json'), 'mom');
    await expect(reading).rejects.toThrow(SessionExpiredError);
    await expect(readStorageState(join(dir, 'nobody.json'), 'mom')).rejects.toThrow(/run: jianlou login mom/);
  });

  it('a storage-state file that is not JSON is bad input, without echoing its content', async () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, 'yp_session=SECRET-VALUE');
    const failure = await readStorageState(file, 'mom').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BadInputError);
    expect((failure as Error).message).not.toContain('SECRET-VALUE');
  });

  it('JSON that is not storage state is bad input naming the problem field', async () => {
    const file = join(dir, 'shape.json');
    writeFileSync(file, JSON.stringify({ cookies: [{ name: 'a' }] }));
    await expect(readStorageState(file, 'mom')).rejects.toThrow(/cookies\.0\.value/);
  });

  describe('importSession', () => {
    it('turns a Cookie header copied from dev tools into cookies for the portal host', async () => {
      const state = await importSession('Cookie: yp_session=abc=1; theme=dark', {
        baseUrl: 'http://127.0.0.1:4173',
      });
      expect(state.cookies.map((c) => [c.name, c.value, c.domain, c.path, c.secure])).toEqual([
        ['yp_session', 'abc=1', '127.0.0.1', '/', false],
        ['theme', 'dark', '127.0.0.1', '/', false],
      ]);
      expect(state.origins).toEqual([]);
    });

    it('marks cookies secure for an https portal and accepts the header without its prefix', () => {
      const state = cookieHeaderToState('a=1;b=2;', 'https://yp.example.cn/base');
      expect(state.cookies.map((c) => [c.name, c.domain, c.secure])).toEqual([
        ['a', 'yp.example.cn', true],
        ['b', 'yp.example.cn', true],
      ]);
    });

    it('reads a Cookie header from a file as well as a storage-state JSON file', async () => {
      const header = join(dir, 'cookies.txt');
      writeFileSync(header, 'Cookie: yp_session=from-file\n');
      const fromHeader = await importSession(header, { baseUrl: 'http://127.0.0.1:4173' });
      expect(fromHeader.cookies[0]?.value).toBe('from-file');

      const json = join(dir, 'state.json');
      writeFileSync(json, JSON.stringify(fromHeader));
      expect(await importSession(json, { baseUrl: 'http://127.0.0.1:4173' })).toEqual(fromHeader);
    });

    it('takes a token a site keeps in localStorage (issue 14), on the portal origin unless another is named', async () => {
      const file = join(dir, 'token.json');
      writeFileSync(file, JSON.stringify({ localStorage: { jl_token: 'tok-from-devtools' } }));
      expect(await importSession(file, { baseUrl: 'http://127.0.0.1:4173/app' })).toEqual({
        cookies: [],
        origins: [
          {
            origin: 'http://127.0.0.1:4173',
            localStorage: [{ name: 'jl_token', value: 'tok-from-devtools' }],
          },
        ],
      });
      const elsewhere = await importSession(
        JSON.stringify({ origin: 'https://web.example.cn/', localStorage: { t: 'x' }, cookie: 'sid=1' }),
        { baseUrl: 'https://api.example.cn' },
      );
      expect(elsewhere.origins[0]?.origin).toBe('https://web.example.cn');
      expect(elsewhere.cookies.map((c) => [c.name, c.domain])).toEqual([['sid', 'api.example.cn']]);
      await expect(
        importSession(JSON.stringify({ localStorage: { t: 42 } }), { baseUrl: 'http://127.0.0.1:4173' }),
      ).rejects.toThrow('problem at localStorage.t');
    });

    it('rejects input that is neither, without echoing it', async () => {
      const failure = await importSession('not a cookie SECRET', { baseUrl: 'http://127.0.0.1:4173' }).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(BadInputError);
      expect((failure as Error).message).not.toContain('SECRET');
    });
  });

  describe('against the demo portal', () => {
    let portal: RunningPortal;
    let browser: Browser;
    const flow = createDemoFlow({ timeoutMs: 3000 });

    beforeAll(async () => {
      portal = await startPortal({ port: 0, testMode: true });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await portal?.close();
    });

    async function loggedInFile(name: string): Promise<string> {
      const context = await newContext(browser);
      const ctx = createFlowContext({ context, baseUrl: portal.url, accountId: 'mom' });
      await flow.login(ctx, account);
      const file = join(dir, name);
      await expect(checkAndSaveSession(flow, ctx, file)).resolves.toBe('ok');
      await ctx.close();
      await context.close();
      return file;
    }

    it('a good check saves the session with mode 0600, and the file opens a logged-in context', async () => {
      const file = await loggedInFile('mom.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const context = await openSession(browser, {
        accountId: 'mom',
        storageStatePath: file,
        baseUrl: portal.url,
      });
      const ctx = createFlowContext({ context, baseUrl: portal.url, accountId: 'mom' });
      await expect(flow.checkSession(ctx)).resolves.toBe('ok');
      await context.close();
    });

    it('an expired session check keeps the file as it was', async () => {
      const file = await loggedInFile('dad.json');
      const before = readFileSync(file, 'utf8');
      portal.admin.expireSessions();
      const context = await openSession(browser, {
        accountId: 'dad',
        storageStatePath: file,
        baseUrl: portal.url,
      });
      const ctx = createFlowContext({ context, baseUrl: portal.url, accountId: 'dad' });
      await expect(checkAndSaveSession(flow, ctx, file)).resolves.toBe('expired');
      expect(readFileSync(file, 'utf8')).toBe(before);
      await context.close();
    });
  });
});
