import { describe, expect, it } from 'vitest';
import {
  errorCodeOf,
  errorMessageOf,
  excerptOf,
  jsonFromText,
  readEnvelope,
} from '../../src/flow/json-answer.js';
import { NotJsonError } from '../../src/flow/read-errors.js';

/** Reading API answers (src/flow/json-answer.ts): envelopes, error codes and words, excerpts. */
describe('readEnvelope', () => {
  it('a success code gives the body, or its data field', () => {
    for (const code of [0, 200, '0', '200', 'ok', 'OK', 'success', 'SUCCESS']) {
      expect(readEnvelope({ code, rows: [1] }, {}), String(code)).toEqual({
        kind: 'ok',
        body: { code, rows: [1] },
      });
    }
    expect(readEnvelope({ code: 0, data: { rows: [1] } }, { data: 'data' })).toEqual({
      kind: 'ok',
      body: { rows: [1] },
    });
    expect(readEnvelope({ code: 0 }, { data: 'data' })).toEqual({ kind: 'ok', body: undefined });
  });

  it('a missing, null or object status field is "missing", named', () => {
    expect(readEnvelope({ rows: [] }, {})).toEqual({ kind: 'missing', field: 'code' });
    expect(readEnvelope({ code: null }, {})).toEqual({ kind: 'missing', field: 'code' });
    expect(readEnvelope({ code: { v: 1 } }, {})).toEqual({ kind: 'missing', field: 'code' });
    expect(readEnvelope({ code: 0 }, { code: 'status' })).toEqual({ kind: 'missing', field: 'status' });
    expect(readEnvelope(null, {})).toEqual({ kind: 'missing', field: 'code' });
    expect(readEnvelope('text', {})).toEqual({ kind: 'missing', field: 'code' });
  });

  it('reads the named status field and the stated values, numbers and strings alike', () => {
    expect(readEnvelope({ status: 'S', v: 1 }, { code: 'status', ok: ['S'] })).toEqual({
      kind: 'ok',
      body: { status: 'S', v: 1 },
    });
    expect(readEnvelope({ code: 0 }, { ok: [1] })).toEqual({
      kind: 'refused',
      code: '0',
      message: undefined,
    });
    expect(readEnvelope({ code: 1 }, { ok: ['1'] })).toEqual({ kind: 'ok', body: { code: 1 } });
  });

  it('logged out, rate limited, unavailable and refused, with the code and the words', () => {
    expect(readEnvelope({ code: 401, msg: '请先登录' }, {})).toEqual({
      kind: 'logged_out',
      code: '401',
      message: '请先登录',
    });
    expect(readEnvelope({ code: '401' }, {})).toEqual({
      kind: 'logged_out',
      code: '401',
      message: undefined,
    });
    expect(readEnvelope({ code: 429 }, {})).toMatchObject({ kind: 'rate_limited', code: '429' });
    for (const code of [500, 502, 503, 504, '503']) {
      expect(readEnvelope({ code }, {}), String(code)).toMatchObject({
        kind: 'unavailable',
        code: String(code),
      });
    }
    expect(readEnvelope({ code: 501 }, {})).toMatchObject({ kind: 'refused', code: '501' });
    expect(readEnvelope({ code: 1001, msg: '名额已满' }, {})).toEqual({
      kind: 'refused',
      code: '1001',
      message: '名额已满',
    });
    const own = { loggedOut: [-1], rateLimited: [-2], unavailable: [-3] };
    expect(readEnvelope({ code: -1 }, own)).toMatchObject({ kind: 'logged_out' });
    expect(readEnvelope({ code: -2 }, own)).toMatchObject({ kind: 'rate_limited' });
    expect(readEnvelope({ code: -3 }, own)).toMatchObject({ kind: 'unavailable' });
    expect(readEnvelope({ code: 401 }, own)).toMatchObject({ kind: 'refused' });
    expect(readEnvelope({ code: 429 }, own)).toMatchObject({ kind: 'refused' });
    expect(readEnvelope({ code: 500 }, own)).toMatchObject({ kind: 'refused' });
  });
});

describe('errorCodeOf', () => {
  it('a string error first, then code, errcode, errorCode as a string', () => {
    expect(errorCodeOf({ error: 'full', code: 1 })).toBe('full');
    expect(errorCodeOf({ error: { message: 'x' }, code: 1001 })).toBe('1001');
    expect(errorCodeOf({ code: 'E1' })).toBe('E1');
    expect(errorCodeOf({ errcode: 40001 })).toBe('40001');
    expect(errorCodeOf({ errorCode: 'NO_SEATS' })).toBe('NO_SEATS');
    expect(errorCodeOf({ code: 0, errcode: 5 })).toBe('0');
    expect(errorCodeOf({ code: true })).toBeUndefined();
    expect(errorCodeOf({})).toBeUndefined();
    expect(errorCodeOf(null)).toBeUndefined();
    expect(errorCodeOf('full')).toBeUndefined();
  });
});

describe('errorMessageOf', () => {
  it('message, msg, errmsg, errorMessage, error_description, trimmed; else an error object message', () => {
    expect(errorMessageOf({ message: ' 满了 ', msg: 'x' })).toBe('满了');
    expect(errorMessageOf({ message: '  ', msg: '名额已满' })).toBe('名额已满');
    expect(errorMessageOf({ message: 3, errmsg: 'invalid' })).toBe('invalid');
    expect(errorMessageOf({ errorMessage: 'bad' })).toBe('bad');
    expect(errorMessageOf({ error_description: 'expired' })).toBe('expired');
    expect(errorMessageOf({ error: { message: 'nested' } })).toBe('nested');
    expect(errorMessageOf({ error: { message: 4 } })).toBeUndefined();
    expect(errorMessageOf({ error: 'full' })).toBeUndefined();
    expect(errorMessageOf({})).toBeUndefined();
    expect(errorMessageOf(undefined)).toBeUndefined();
  });
});

describe('excerptOf', () => {
  it('one line, spaces folded, cut at max with an ellipsis', () => {
    expect(excerptOf('  a\n\n b\t c  ')).toBe('a b c');
    expect(excerptOf('x'.repeat(120))).toBe('x'.repeat(120));
    expect(excerptOf('x'.repeat(121))).toBe(`${'x'.repeat(119)}…`);
    expect(excerptOf('abcdef', [], 4)).toBe('abc…');
    expect(excerptOf('abcd', [], 4)).toBe('abcd');
  });

  it('without secrets given, words stay as written (only credential fields are scrubbed)', () => {
    expect(excerptOf('Stryker was here: 名额已满')).toBe('Stryker was here: 名额已满');
  });

  it('scrubs the given secrets and credential fields', () => {
    expect(excerptOf('token abcdefgh12345 here', ['abcdefgh12345'])).toBe('token [redacted] here');
    expect(excerptOf('{"token":"t0ps3cret","n":1}')).toBe('{"token":"[redacted]","n":1}');
    expect(excerptOf("password='hunter2' ok")).toBe('password="[redacted]" ok');
    expect(excerptOf('a=1&pwd=hunter2&b=2')).toBe('a=1&pwd="[redacted]"&b=2');
    expect(excerptOf('JSESSIONID = ABC123, next')).toBe('JSESSIONID = "[redacted]", next');
    expect(excerptOf('sid:xyz}')).toBe('sid:"[redacted]"}');
    expect(excerptOf('SECRET=a b')).toBe('SECRET="[redacted]" b');
  });
});

describe('jsonFromText', () => {
  it('parses JSON, a UTF-8 BOM first included', () => {
    expect(jsonFromText('{"a":1}', { label: 'GET /x', status: 200 })).toEqual({ a: 1 });
    expect(jsonFromText('\ufeff[1,2]', { label: 'GET /x', status: 200 })).toEqual([1, 2]);
  });

  it('anything else is NotJsonError naming the request, the status and a scrubbed excerpt', () => {
    let caught: unknown;
    try {
      jsonFromText('<html>系统维护 token=abc123 </html>', { label: 'GET http://p/api', status: 502 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(NotJsonError);
    const e = caught as NotJsonError;
    expect(e.status).toBe(502);
    expect(e.excerpt).toBe('<html>系统维护 token="[redacted]" </html>');
    expect(e.message).toBe(
      'GET http://p/api answered HTTP 502 with something that is not JSON ("<html>系统维护 token="[redacted]" </html>") — has the portal changed?',
    );
    expect(() =>
      jsonFromText('not json mysecret99', { label: 'L', status: 200, secrets: ['mysecret99'] }),
    ).toThrow('("not json [redacted]")');
  });
});
