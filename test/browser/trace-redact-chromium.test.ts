import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { redactTraceFile } from '../../src/browser/trace-redact.js';
import { traceSecrets } from '../../src/browser/trace-secrets.js';
import { readZip } from '../../src/browser/trace-zip.js';

/** A real trace recorded in Chromium keeps no custom auth header and no secret in any form. */
const PASSWORD = 'p@ss w+rd!&x';
const AUTH_TOKEN = 'xat-7f3c9a2e51d84b06';
const LOCAL_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtb20ifQ.c2lnbmF0dXJl';

describe('a real trace (Chromium, a local portal that answers an X-Auth-Token header)', () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-trace-'));

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/api')) {
        res.writeHead(200, { 'content-type': 'application/json', 'x-auth-token': AUTH_TOKEN });
        res.end(JSON.stringify({ ok: true }));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><title>t</title><form method="post" action="/api/login"><input name="password"></form>
<script>localStorage.setItem('auth', JSON.stringify({ token: '${LOCAL_TOKEN}', lang: 'zh-CN' }));</script>`);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds neither the X-Auth-Token, nor the password in any form, nor the localStorage token', async () => {
    const context = await newContext(browser);
    await context.tracing.start({ snapshots: true, screenshots: false });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    // The page sends the token alone (from the JSON value) and posts the password form-encoded.
    await page.evaluate(
      async ({ token, password }) => {
        await fetch(`/api/data?access=${token}`, { headers: { 'X-Auth-Token': token } });
        await fetch('/api/login', {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ username: 'mom', password }).toString(),
        });
      },
      { token: LOCAL_TOKEN, password: PASSWORD },
    );
    const file = join(dir, 'trace.zip');
    await context.tracing.stop({ path: file });
    const secrets = await traceSecrets(context, { cookies: [] }, [PASSWORD]);
    await context.close();

    const forms = [AUTH_TOKEN, LOCAL_TOKEN, PASSWORD, encodeURIComponent(PASSWORD), 'p%40ss+w%2Brd%21%26x'];
    const before = readZip(readFileSync(file))
      .map((e) => e.data.toString('latin1'))
      .join('\n');
    // The trace did hold them: the test would prove nothing otherwise.
    expect(forms.filter((f) => before.includes(f)).length).toBeGreaterThanOrEqual(3);
    expect(before).toContain(AUTH_TOKEN);

    await redactTraceFile(file, secrets);
    const after = readZip(readFileSync(file))
      .map((e) => `${e.name}\n${e.data.toString('latin1')}`)
      .join('\n');
    for (const form of forms) expect(after, form).not.toContain(form);
    expect(after).toContain('/api/login');
  });
});
