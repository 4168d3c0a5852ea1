import { describe, expect, it } from 'vitest';
import { REDACTED, redactJsonLines, scrubString, secretList } from '../../src/browser/trace-redact.js';
import { jsonLeaves } from '../../src/browser/trace-secrets.js';

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
    expect(jsonLeaves('12345678901')).toEqual([]);
    expect(jsonLeaves(' ["refresh-9a8b7c6d", 7, null] ')).toEqual(['refresh-9a8b7c6d']);
    // A JSON string holding JSON (stored twice encoded): the outer string and the token inside.
    const twice = JSON.stringify(JSON.stringify({ token: LOCAL_TOKEN }));
    expect(jsonLeaves(twice)).toEqual([JSON.stringify({ token: LOCAL_TOKEN }), LOCAL_TOKEN]);
    expect(jsonLeaves(JSON.stringify({ a: 'exactly8', b: 'seven77' }))).toEqual(['exactly8']);
    expect(jsonLeaves('{not json')).toEqual([]);
  });
});
