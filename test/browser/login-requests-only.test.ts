import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import legacyFlow from '../../flows/demo-legacy.js';
import { runLogin } from '../../src/browser/login.js';
import type { Flow } from '../../src/flow/types.js';
import { type RunningLegacyPortal, startPortal } from '../../src/portal/server.js';

// Issue 28: a scripted login whose steps are only requests (the legacy flow: login form, captcha, SMS
// page) starts no Chromium: launching is made to fail, and the login still succeeds and is saved.
describe('runLogin --scripted with a requests-only flow', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-login-requests-'));
  let portal: RunningLegacyPortal;
  beforeAll(async () => {
    portal = await startPortal({ style: 'legacy', testMode: true });
  });
  afterAll(async () => {
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs in and saves the session without launching a browser', async () => {
    const path = join(dir, 'mom.json');
    let launches = 0;
    await runLogin({
      flow: legacyFlow as Flow,
      flowOptions: { timeoutMs: 10_000 },
      accountId: 'mom',
      baseUrl: portal.url,
      storageStatePath: path,
      mode: 'scripted',
      credentials: { username: '13800000000', password: 'demo1234', captcha: '8888' },
      timeoutMs: 30_000,
      out: () => {},
      launch: () => {
        launches += 1;
        return Promise.reject(new Error('no browser in this test'));
      },
    });
    expect(launches).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { cookies: { name: string; path: string }[] };
    expect(
      saved.cookies
        .filter((c) => c.name === 'JSESSIONID')
        .map((c) => c.path)
        .sort(),
    ).toEqual(['/', '/xk/']);
    expect(portal.admin.state().sessions).toBe(1);
  });
});
