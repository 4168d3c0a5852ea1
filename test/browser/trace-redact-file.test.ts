import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright';
import { afterAll, describe, expect, it } from 'vitest';
import { REDACTED, redactTraceFile, secretList } from '../../src/browser/trace-redact.js';
import { traceSecrets } from '../../src/browser/trace-secrets.js';
import { readZip, writeZip } from '../../src/browser/trace-zip.js';

/**
 * The trace file rewrite on its own (no browser): JSON-lines entries parsed and scrubbed, resource
 * entries (bodies) searched as bytes, the file replaced with mode 0600; and which values of a
 * context's storage state become secrets. The Chromium test records a real trace.
 */
const dir = mkdtempSync(join(tmpdir(), 'jianlou-trace-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'p@ss w+rd!&x';
const TOKEN = 'tok-0123456789abcdef';

describe('redactTraceFile', () => {
  it('scrubs JSON-lines entries, searches bodies as bytes, keeps screenshots, and leaves a 0600 file', async () => {
    const file = join(dir, 'trace.zip');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]);
    writeFileSync(
      file,
      writeZip([
        {
          name: 'trace.network',
          data: Buffer.from(
            `${JSON.stringify({ snapshot: { response: { headers: [{ name: 'X-Auth-Token', value: TOKEN }] } } })}\n`,
          ),
        },
        {
          name: 'trace.trace',
          data: Buffer.from(`${JSON.stringify({ method: 'fill', params: { value: PASSWORD } })}\n`),
        },
        {
          name: 'resources/body.dat',
          data: Buffer.from(`username=mom&password=${encodeURIComponent(PASSWORD)}&t=${TOKEN}`),
        },
        { name: 'resources/shot.png', data: png },
      ]),
      { mode: 0o644 },
    );
    await redactTraceFile(file, secretList([PASSWORD, TOKEN]));
    const entries = new Map(readZip(readFileSync(file)).map((e) => [e.name, e.data]));
    expect([...entries.keys()]).toEqual([
      'trace.network',
      'trace.trace',
      'resources/body.dat',
      'resources/shot.png',
    ]);
    const all = [...entries.values()].map((d) => d.toString('latin1')).join('\n');
    for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), TOKEN]) expect(all).not.toContain(secret);
    expect(entries.get('resources/body.dat')?.toString()).toBe(
      `username=mom&password=${REDACTED}&t=${REDACTED}`,
    );
    expect(entries.get('resources/shot.png')).toEqual(png);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a body holding no secret and no link is kept byte for byte', async () => {
    const file = join(dir, 'plain.zip');
    const body = Buffer.from('plain body \u00e9', 'latin1');
    writeFileSync(file, writeZip([{ name: 'resources/a.dat', data: body }]));
    await redactTraceFile(file, secretList([PASSWORD]));
    expect(readZip(readFileSync(file))[0]?.data).toEqual(body);
  });

  it('an approval link in a body is cut, whatever the secrets', async () => {
    const file = join(dir, 'link.zip');
    const link = `/h/${'a'.repeat(20)}.${'b'.repeat(20)}`;
    writeFileSync(file, writeZip([{ name: 'resources/a.dat', data: Buffer.from(`see ${link} now`) }]));
    await redactTraceFile(file, []);
    expect(readZip(readFileSync(file))[0]?.data.toString()).toBe(`see /h/${REDACTED} now`);
  });
});

describe('traceSecrets', () => {
  const context = (state: unknown) => ({ storageState: async () => state }) as unknown as BrowserContext;

  it('takes cookies and localStorage from before and now, JSON leaves, and the extra values, in all forms', async () => {
    const secrets = await traceSecrets(
      context({
        cookies: [{ value: 'now-cookie-1234' }],
        origins: [{ localStorage: [{ value: JSON.stringify({ token: 'jwt-abcdefgh', lang: 'zh' }) }] }],
      }),
      { cookies: [{ value: 'old-cookie-5678' }] },
      [PASSWORD, undefined],
    );
    for (const s of [
      'now-cookie-1234',
      'old-cookie-5678',
      'jwt-abcdefgh',
      PASSWORD,
      encodeURIComponent(PASSWORD),
    ]) {
      expect(secrets).toContain(s);
    }
    expect(secrets).not.toContain('zh');
    // Longest first: a value inside another is replaced after it.
    expect([...secrets].sort((a, b) => b.length - a.length)).toEqual(secrets);
  });

  it('a closed context gives the values it was started from', async () => {
    const closed = {
      storageState: async () => Promise.reject(new Error('closed')),
    } as unknown as BrowserContext;
    expect(await traceSecrets(closed, { cookies: [{ value: 'old-cookie-5678' }] }, [])).toEqual([
      'old-cookie-5678',
    ]);
  });
});
