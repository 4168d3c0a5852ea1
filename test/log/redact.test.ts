import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubSecrets } from '../../src/log/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

const WEBHOOK = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';

describe('log redaction', () => {
  it('hides a webhook key and a cookie value wherever they appear', () => {
    const { lines, destination } = capture();
    const log = createLogger({ destination, secrets: [WEBHOOK, 'cookie-secret-value'] });
    log.info({ webhook: WEBHOOK, notify: { wecom: { webhook: WEBHOOK } } }, 'configured');
    log.info({ headers: { cookie: 'yp_session=cookie-secret-value' } }, 'request');
    log.info({ detail: `posting to ${WEBHOOK}` }, `sending to ${WEBHOOK}`);
    log.error({ err: new Error(`POST ${WEBHOOK} failed; cookie yp_session=cookie-secret-value`) }, 'failed');
    const out = lines.join('');
    expect(lines).toHaveLength(4);
    expect(out).not.toContain('693a91f6');
    expect(out).not.toContain('cookie-secret-value');
    expect(out).toContain('[redacted]');
  });

  it('scrubs key= and token= URL parameters even when the value is not known', () => {
    expect(scrubSecrets('GET /send?key=abc123&x=1 and /approve?token=zzz')).toBe(
      'GET /send?key=[redacted]&x=1 and /approve?token=[redacted]',
    );
  });

  it('hides every secret URL parameter the shared scrubber knows (sign=, secret= too), in messages and fields', () => {
    const { lines, destination } = capture();
    const log = createLogger({ destination });
    log.info({ url: 'https://x/cb?sign=s1gn-value&ok=1' }, 'callback https://x/cb?secret=s3cr3t-value#top');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as { url?: unknown; msg?: unknown };
    expect(line.url).toBe('https://x/cb?sign=[redacted]&ok=1');
    expect(line.msg).toBe('callback https://x/cb?secret=[redacted]#top');
  });

  it('accepts a string under err (flows log reasons that way) and still scrubs it', () => {
    const { lines, destination } = capture();
    const log = createLogger({ destination, secrets: [WEBHOOK] });
    log.warn({ err: `fallback after ${WEBHOOK}` }, 'api unusable');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}') as { err?: unknown; msg?: unknown };
    expect(line.msg).toBe('api unusable');
    expect(line.err).toBe('fallback after [redacted]');
  });
});

describe('describeError', () => {
  it('keeps one line of a foreign error and blanks credential headers and approval tokens', async () => {
    const { describeError } = await import('../../src/log/logger.js');
    const playwrightLike = new Error(
      'apiRequestContext.get: connect ECONNREFUSED 127.0.0.1:4173\nCall log:\n  - → GET /api/courses\n  - cookie: yp_session=abc123secret',
    );
    expect(describeError(playwrightLike)).toBe('apiRequestContext.get: connect ECONNREFUSED 127.0.0.1:4173');
    expect(scrubSecrets('headers: cookie: yp_session=abc123secret')).not.toContain('abc123secret');
    expect(scrubSecrets('Authorization: Bearer eyJhbGciOi')).not.toContain('eyJhbGciOi');
    expect(scrubSecrets('open http://x:8787/h/eyJ2IjoxLCJoIjoiaG9sZC9z.Ob8ROnATe4rTcKz85lRX now')).toBe(
      'open http://x:8787/h/[redacted] now',
    );
  });
});
