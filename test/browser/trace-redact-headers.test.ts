import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import {
  REDACTED,
  redactJsonLines,
  redactTraceFile,
  scrubString,
  secretList,
} from '../../src/browser/trace-redact.js';
import { jsonLeaves, traceSecrets } from '../../src/browser/trace-secrets.js';
import { readZip } from '../../src/browser/trace-zip.js';

/**
 * Traces keep no custom auth header and no secret in any of the forms it is written in: every header
 * value but a short harmless list is blanked, and each secret is looked for URL-, form- and
 * JSON-escaped and inside JSON localStorage values.
 */

const PASSWORD = 'p@ss w+rd!&x';
const AUTH_TOKEN = 'xat-7f3c9a2e51d84b06';
const CUSTOM_SESSION = 'psess-41d2c9e07ab3';
const LOCAL_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJtb20ifQ.c2lnbmF0dXJl';

const line = (o: unknown) => JSON.stringify(o);

describe('header values in a trace', () => {
  it('blanks every header value but the harmless ones, in lists and in maps', () => {
    const out = redactJsonLines(
      [
        line({
          type: 'resource-snapshot',
          snapshot: {
            request: {
              headers: [
                { name: 'X-Portal-Session', value: CUSTOM_SESSION },
                { name: 'Accept', value: 'application/json' },
                { name: 'User-Agent', value: 'Mozilla/5.0' },
              ],
            },
            response: {
              status: 200,
              headers: [
                { name: 'X-Auth-Token', value: AUTH_TOKEN },
                { name: 'Content-Type', value: 'text/html; charset=utf-8' },
              ],
            },
          },
        }),
        line({
          type: 'before',
          method: 'fetch',
          params: { headers: { 'x-auth-token': AUTH_TOKEN, accept: '*/*' } },
        }),
      ].join('\n'),
      [],
    );
    expect(out).not.toContain(AUTH_TOKEN);
    expect(out).not.toContain(CUSTOM_SESSION);
    expect(out).toContain(`{"name":"X-Auth-Token","value":"${REDACTED}"}`);
    expect(out).toContain(`"x-auth-token":"${REDACTED}"`);
    for (const kept of ['application/json', 'Mozilla/5.0', 'text/html; charset=utf-8', '*/*']) {
      expect(out).toContain(kept);
    }
  });

  it('still replaces a known secret inside a harmless header (a Referer with it in the query)', () => {
    const out = redactJsonLines(
      line({ headers: [{ name: 'Referer', value: `https://p/x?t=${encodeURIComponent(PASSWORD)}` }] }),
      secretList([PASSWORD]),
    );
    expect(out).not.toContain(encodeURIComponent(PASSWORD));
    expect(out).toContain('https://p/x?t=');
  });
});

describe('the forms a secret is written in', () => {
  const secrets = secretList([PASSWORD, 'pa"ss\\wörd']);

  it.each([
    ['as is', PASSWORD],
    ['URL-encoded', encodeURIComponent(PASSWORD)],
    ['URL-encoded, lower-case hex', encodeURIComponent(PASSWORD).toLowerCase()],
    ['form-encoded', new URLSearchParams({ p: PASSWORD }).toString().slice(2)],
    ['JSON-escaped', JSON.stringify('pa"ss\\wörd').slice(1, -1)],
    ['JSON-escaped as ASCII', 'pa\\"ss\\\\w\\u00f6rd'],
  ])('%s', (_form, written) => {
    const text = `username=mom&password=${written}&captcha=8888`;
    // As a request or response body is kept: a resource file of the trace, searched as text.
    const out = scrubString(text, secrets);
    expect(out).not.toContain(written);
    expect(out).toContain('captcha=8888');
  });
});

describe('JSON localStorage values', () => {
  it('their string leaves are secrets of their own; short words are not', () => {
    const value = JSON.stringify({
      token: LOCAL_TOKEN,
      user: { name: 'mom', lang: 'zh-CN' },
      ids: ['refresh-9a8b7c6d'],
    });
    expect(jsonLeaves(value)).toEqual([LOCAL_TOKEN, 'refresh-9a8b7c6d']);
    expect(jsonLeaves('plain-token-value')).toEqual([]);
    expect(jsonLeaves('{not json')).toEqual([]);
  });
});

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
