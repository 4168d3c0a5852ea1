import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  REDACTED,
  redactJsonLines,
  redactTraceFile,
  scrubString,
  secretForms,
  secretList,
} from '../../src/browser/trace-redact.js';
import { readZip, writeZip } from '../../src/browser/trace-zip.js';

/**
 * What a trace entry keeps and loses, one rule at a time (issue 26 item 4): the shapes of a trace's
 * JSON events (header lists and maps, cookies arrays, typed text, credential keys), the forms a
 * secret is written in, and which entries of the zip are rewritten as JSON lines.
 */

const SECRET = 'sekret-value-42';
/** One JSON event through redactJsonLines, parsed back. */
const redact = (event: unknown, secrets: readonly string[] = []): unknown =>
  JSON.parse(redactJsonLines(JSON.stringify(event), secrets));

describe('header lists and maps in a trace event', () => {
  it('a header entry that is not an object, or has no name, is scrubbed as a value, not dropped', () => {
    const event = { headers: [null, 7, `x ${SECRET}`, { value: SECRET }, { name: 'X-S', value: 'abc' }] };
    expect(redact(event, [SECRET])).toEqual({
      headers: [null, 7, `x ${REDACTED}`, { value: REDACTED }, { name: 'X-S', value: REDACTED }],
    });
  });
  it('a header value that is not a string is kept as it is', () => {
    expect(redact({ headers: [{ name: 'X-Count', value: 5 }] })).toEqual({
      headers: [{ name: 'X-Count', value: 5 }],
    });
    expect(redact({ headers: { 'x-count': 5, accept: null } })).toEqual({
      headers: { 'x-count': 5, accept: null },
    });
  });
  it('a header entry keeps its other fields beside the blanked value', () => {
    expect(redact({ headers: [{ name: 'X-Session', value: 'abc', order: 2 }] })).toEqual({
      headers: [{ name: 'X-Session', value: REDACTED, order: 2 }],
    });
  });
  it('harmless header names count in any case', () => {
    expect(redact({ headersArray: [{ name: 'CONTENT-TYPE', value: 'text/html' }] })).toEqual({
      headersArray: [{ name: 'CONTENT-TYPE', value: 'text/html' }],
    });
  });
  it('allHeaders and extraHTTPHeaders maps are blanked like headers', () => {
    expect(
      redact({ allHeaders: { 'x-token': 'abc', vary: 'Accept' }, extraHTTPHeaders: { 'X-Api': 'k' } }),
    ).toEqual({
      allHeaders: { 'x-token': REDACTED, vary: 'Accept' },
      extraHTTPHeaders: { 'X-Api': REDACTED },
    });
  });
  it('a headers field that is a string is searched for secrets, not split into characters', () => {
    expect(redact({ headers: `X-Auth: ${SECRET}` }, [SECRET])).toEqual({ headers: `X-Auth: ${REDACTED}` });
    expect(redact({ headers: null })).toEqual({ headers: null });
  });
});

describe('other fields of a trace event', () => {
  it('numbers, booleans and null are kept as they are', () => {
    expect(redact({ status: 200, ok: true, body: null, timing: { start: 1.5 } })).toEqual({
      status: 200,
      ok: true,
      body: null,
      timing: { start: 1.5 },
    });
  });
  it('a secret is replaced in strings at any depth, in arrays too', () => {
    expect(redact({ a: [`u?t=${SECRET}`, [SECRET]], b: { c: SECRET } }, [SECRET])).toEqual({
      a: [`u?t=${REDACTED}`, [REDACTED]],
      b: { c: REDACTED },
    });
  });
  it('an object named like a credential header has its value blanked, any case; its name stays', () => {
    expect(redact({ name: 'Cookie', value: 'sid=1' })).toEqual({ name: 'Cookie', value: REDACTED });
    expect(redact({ name: 'Proxy-Authorization', value: 'Basic x' })).toEqual({
      name: 'Proxy-Authorization',
      value: REDACTED,
    });
  });
  it('an object named like anything else keeps its value', () => {
    expect(redact({ name: 'title', value: 'hello' })).toEqual({ name: 'title', value: 'hello' });
    expect(redact({ name: 7, value: 'hello' })).toEqual({ name: 7, value: 'hello' });
  });
  it('a credential header as a key (any case) is blanked when it holds a string', () => {
    expect(redact({ Cookie: 'sid=1', authorization: 'Bearer x', 'Set-Cookie': 'a=b' })).toEqual({
      Cookie: REDACTED,
      authorization: REDACTED,
      'Set-Cookie': REDACTED,
    });
  });
  it('a credential header key that holds an object is searched, not blanked', () => {
    expect(redact({ cookie: { name: 'sid', note: 'n' } })).toEqual({ cookie: { name: 'sid', note: 'n' } });
  });
});

describe('cookies arrays', () => {
  it('every cookie keeps its name and loses its value; non-objects stay', () => {
    expect(redact({ cookies: [{ name: 'sid', value: 'zzz', path: '/' }, null, 'plain'] })).toEqual({
      cookies: [{ name: 'sid', value: REDACTED, path: '/' }, null, 'plain'],
    });
  });
  it('an array under another key is not taken for cookies', () => {
    expect(redact({ items: [{ name: 'a', value: 'b' }] })).toEqual({ items: [{ name: 'a', value: 'b' }] });
  });
  it('a cookies field that is not an array is scrubbed as a value', () => {
    expect(redact({ cookies: { value: 'kept' } })).toEqual({ cookies: { value: 'kept' } });
  });
});

describe('typed text', () => {
  it('fill, type, pressSequentially and insertText lose their value and text', () => {
    for (const method of ['fill', 'type', 'pressSequentially', 'insertText']) {
      expect(redact({ method, params: { selector: '#pw', value: 'hunter22', text: 'abc' } })).toEqual({
        method,
        params: { selector: '#pw', value: REDACTED, text: REDACTED },
      });
    }
  });
  it('other actions keep their params', () => {
    expect(redact({ method: 'click', params: { selector: '#go', value: 'kept' } })).toEqual({
      method: 'click',
      params: { selector: '#go', value: 'kept' },
    });
    expect(redact({ params: { value: 'kept' } })).toEqual({ params: { value: 'kept' } });
    expect(redact({ method: 5, params: { value: 'kept' } })).toEqual({
      method: 5,
      params: { value: 'kept' },
    });
  });
  it('a typed value that is not a string stays; the rest of the params are still searched', () => {
    expect(redact({ method: 'fill', params: { value: 5, selector: `#${SECRET}` } }, [SECRET])).toEqual({
      method: 'fill',
      params: { value: 5, selector: `#${REDACTED}` },
    });
  });
  it("a typing action's other object fields keep their value and text", () => {
    expect(redact({ method: 'fill', options: { value: 'kept', text: 'kept' } })).toEqual({
      method: 'fill',
      options: { value: 'kept', text: 'kept' },
    });
  });
  it("a typing action's other fields are not blanked", () => {
    expect(redact({ method: 'fill', value: 'kept', params: 'p' })).toEqual({
      method: 'fill',
      value: 'kept',
      params: 'p',
    });
  });
});

describe('redactJsonLines', () => {
  it('keeps the lines apart, blank ones included', () => {
    const text = [JSON.stringify({ a: 1 }), '', JSON.stringify({ b: SECRET })].join('\n');
    expect(redactJsonLines(text, [SECRET])).toBe(`{"a":1}\n\n{"b":"${REDACTED}"}`);
  });
  it('a line that is not JSON is still searched for secrets', () => {
    expect(redactJsonLines(`not json ${SECRET}`, [SECRET])).toBe(`not json ${REDACTED}`);
  });
});

describe('scrubString', () => {
  it('cuts an approval link token, keeping the path', () => {
    const token = `${'a'.repeat(16)}.${'B-_9'.repeat(4)}`;
    expect(scrubString(`see https://x/h/${token} now`, [])).toBe(`see https://x/h/${REDACTED} now`);
  });
  it('a short "/h/" path is no token', () => {
    expect(scrubString('/h/abc.def', [])).toBe('/h/abc.def');
  });
  it('replaces every occurrence of every secret', () => {
    expect(scrubString('a1234 b5678 a1234', ['a1234', 'b5678'])).toBe(`${REDACTED} ${REDACTED} ${REDACTED}`);
  });
});

describe('secretForms', () => {
  it('as is, URL-encoded (both hex cases), form-encoded, JSON-escaped (both ways) and decoded', () => {
    expect(secretForms('a;b ö"+')).toEqual([
      'a;b ö"+',
      'a%3Bb%20%C3%B6%22%2B',
      'a%3bb%20%c3%b6%22%2b',
      'a%3Bb+%C3%B6%22%2B',
      'a;b ö\\"+',
      'a;b \\u00f6\\"+',
      'a;b ö" ',
    ]);
  });
  it('a cookie stored URL-encoded is also looked for decoded', () => {
    expect(secretForms('tok%2Fen+x').at(-1)).toBe('tok/en x');
  });
  it('a value that is not valid URL-encoding is not decoded', () => {
    expect(secretForms('bad%E0%A4%Aval')).toHaveLength(6);
  });
});

describe('secretList', () => {
  it('skips missing values and values under 4 characters; 4 is enough', () => {
    expect(secretList([undefined, '', 'abc', 'abcd'])).toEqual(['abcd']);
    // Its encoded forms are longer, but the value is too short to be a secret.
    expect(secretList(['a b'])).toEqual([]);
  });
  it('drops a form under 4 characters (a short value stored encoded)', () => {
    expect(secretList(['%41%42'])).toEqual(['%2541%2542', '%41%42']);
  });
  it('each form once, longest first', () => {
    expect(secretList(['a b c', 'a b c'])).toEqual(['a%20b%20c', 'a b c', 'a+b+c']);
  });
});

describe('redactTraceFile: which entries are JSON lines', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-trace-rules-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const event = `${JSON.stringify({ headers: [{ name: 'X-Auth-Token', value: 'xat-123' }] })}\n`;

  it('.trace and .network entries have their headers blanked; other entries are searched as bytes', async () => {
    const file = join(dir, 'kinds.zip');
    writeFileSync(
      file,
      writeZip(
        ['0-trace.trace', '0-trace.network', 'resources/a.json', 'x.trace.txt'].map((name) => ({
          name,
          data: Buffer.from(event),
        })),
      ),
    );
    await redactTraceFile(file, []);
    const out = new Map(readZip(readFileSync(file)).map((e) => [e.name, e.data.toString()]));
    expect(out.get('0-trace.trace')).not.toContain('xat-123');
    expect(out.get('0-trace.network')).not.toContain('xat-123');
    expect(out.get('resources/a.json')).toBe(event);
    expect(out.get('x.trace.txt')).toBe(event);
  });

  it('a body with bytes above 0x7f keeps them while a secret in it is cut', async () => {
    const file = join(dir, 'bytes.zip');
    const body = Buffer.concat([
      Buffer.from([0xff, 0xc3]),
      Buffer.from(`密码=${SECRET}`),
      Buffer.from([0x80]),
    ]);
    writeFileSync(file, writeZip([{ name: 'resources/b.dat', data: body }]));
    await redactTraceFile(file, [SECRET]);
    const [entry] = readZip(readFileSync(file));
    expect(entry?.data).toEqual(
      Buffer.concat([Buffer.from([0xff, 0xc3]), Buffer.from(`密码=${REDACTED}`), Buffer.from([0x80])]),
    );
  });

  it('a status page link in a body is cut', async () => {
    const file = join(dir, 'status.zip');
    const link = `/s/AbCdEfGhIjKlMnOpQrStUvWx.${'S'.repeat(43)}`;
    writeFileSync(file, writeZip([{ name: 'resources/s.html', data: Buffer.from(`<a href="${link}">`) }]));
    await redactTraceFile(file, []);
    const [entry] = readZip(readFileSync(file));
    expect(entry?.data.toString()).toBe(`<a href="/s/${REDACTED}">`);
  });

  it('a non-ASCII secret in a body is cut', async () => {
    const file = join(dir, 'utf8.zip');
    writeFileSync(file, writeZip([{ name: 'resources/c.dat', data: Buffer.from('pw=密码很长的秘密&x=1') }]));
    await redactTraceFile(file, ['密码很长的秘密']);
    const [entry] = readZip(readFileSync(file));
    expect(entry?.data.toString()).toBe(`pw=${REDACTED}&x=1`);
  });
});

describe('our own links in a trace', () => {
  it('status page and relay login tokens are cut like approval tokens', () => {
    const sig = 'S'.repeat(43);
    expect(
      scrubString(`/s/AbCdEfGhIjKlMnOpQrStUvWx.${sig} /login/eyJ2IjoxLCJwIjoibG9naW4ifQ.${sig}`, []),
    ).toBe(`/s/${REDACTED} /login/${REDACTED}`);
  });
});
