import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';

/**
 * Credentials under their own names anywhere in a logged field (issue 26 item 4): a response's
 * headers with its `set-cookie`, a custom auth header, a password three levels down, and fields a
 * library hangs on an Error. pino's redact paths reach one or two levels and a few header names.
 */

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: createLogger({ destination, secrets: ['hunter22-secret'] }) };
}

describe('credential keys in logged fields', () => {
  it('blanks credential headers of a logged response, any case, and keeps the harmless ones', () => {
    const { lines, log } = capture();
    log.warn(
      {
        response: {
          status: 302,
          headers: {
            'Set-Cookie': 'JSESSIONID=abc123; Path=/',
            'x-api-key': 'k-9f8e7d',
            'X-CSRF-Token': 'csrf-77aa',
            'proxy-authorization': 'Basic eHg6eXk=',
            location: '/login',
          },
        },
      },
      'portal redirected',
    );
    const line = JSON.parse(lines[0] ?? '{}') as {
      response: { status: number; headers: Record<string, unknown> };
    };
    expect(line.response.headers).toEqual({
      'Set-Cookie': '[redacted]',
      'x-api-key': '[redacted]',
      'X-CSRF-Token': '[redacted]',
      'proxy-authorization': '[redacted]',
      location: '/login',
    });
    expect(line.response.status).toBe(302);
  });

  it('blanks a password, passwd, pwd, ticket or token deeper than two levels', () => {
    const { lines, log } = capture();
    log.info({
      a: { b: { password: 'p1-secret', passwd: 'p2', pwd: 'p3', ticket: 'ST-1', access_token: 't' } },
    });
    expect(JSON.parse(lines[0] ?? '{}').a.b).toEqual({
      password: '[redacted]',
      passwd: '[redacted]',
      pwd: '[redacted]',
      ticket: '[redacted]',
      access_token: '[redacted]',
    });
  });

  it('keeps ordinary fields with similar names (code, key, tokenCount, passwordHint)', () => {
    const { lines, log } = capture();
    log.info({ code: 'E_PORTAL', key: 'course-1', tokenCount: 3, passwordHint: 'ask mom' });
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      code: 'E_PORTAL',
      key: 'course-1',
      tokenCount: 3,
      passwordHint: 'ask mom',
    });
  });

  it("scrubs the fields a library hangs on an Error (a request's body and headers)", () => {
    const { lines, log } = capture();
    const err = Object.assign(new Error('request failed'), {
      body: 'user=mom&password=hunter22-secret',
      headers: { cookie: 'sid=zzz-cookie' },
    });
    log.error({ err }, 'failed');
    expect(lines[0]).not.toContain('hunter22-secret');
    expect(lines[0]).not.toContain('zzz-cookie');
    expect(JSON.parse(lines[0] ?? '{}').err.message).toBe('request failed');
  });
});
