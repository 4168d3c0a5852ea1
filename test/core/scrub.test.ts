import { describe, expect, it } from 'vitest';
import { scrubSecrets } from '../../src/core/scrub.js';
import { scrubSecrets as loggerScrub } from '../../src/log/logger.js';
import { redactSecrets } from '../../src/notify/errors.js';

describe('one secret scrubber for logs and the notifier', () => {
  it('hides every secret URL parameter both scrubbers knew', () => {
    for (const name of ['key', 'token', 'access_token', 'sig', 'sign', 'secret']) {
      const out = scrubSecrets(`GET https://x/send?${name}=s3cr3t-value&y=1#frag`);
      expect(out).not.toContain('s3cr3t-value');
      expect(out).toContain(`${name}=[redacted]&y=1`);
    }
    expect(scrubSecrets('https://x/?a=1&key=abc#top')).toBe('https://x/?a=1&key=[redacted]#top');
  });

  it('hides known secret values, approval link tokens and credential headers', () => {
    const out = scrubSecrets(
      'with hunter22 at http://h:8787/h/abcdefghijklmnop1234.sig\ncookie: sid=1\nAuthorization: Bearer zzz',
      ['hunter22'],
    );
    expect(out).toBe(
      'with [redacted] at http://h:8787/h/[redacted]\ncookie: [redacted]\nAuthorization: [redacted]',
    );
  });

  it('the logger and the notifier use it (the notifier marks with ***)', () => {
    expect(loggerScrub('a?token=t0k3n', [])).toBe('a?token=[redacted]');
    expect(redactSecrets('a?key=k3y and /h/abcdefghijklmnop1234')).toBe('a?key=*** and /h/***');
  });
});

describe('credentials portals put in URLs, form bodies and custom headers', () => {
  it.each([
    [
      'a form body',
      'username=mom&password=p%40ss%2Bw%21rd%26x&captcha=8888',
      'p%40ss',
      'password=[redacted]&captcha=8888',
    ],
    ['a password at the start', 'password=hunter2&next=1', 'hunter2', 'password=[redacted]&next=1'],
    [
      'a CAS ticket',
      'GET https://sso.example/app?ticket=ST-12345-abcdef&lang=zh',
      'ST-12345',
      'ticket=[redacted]&lang=zh',
    ],
    ['an OAuth code', 'redirect to /cb?code=4/0AbCdEf&state=x', '4/0AbCdEf', 'code=[redacted]&state=x'],
    [
      'a path session id',
      'GET https://p.example/app;jsessionid=ABCDEF123456?x=1',
      'ABCDEF123456',
      ';jsessionid=[redacted]?x=1',
    ],
    [
      'an X-Auth-Token header',
      'headers:\n  x-auth-token: 9f8e7d6c5b4a\n  accept: */*',
      '9f8e7d6c5b4a',
      'x-auth-token: [redacted]\n  accept: */*',
    ],
    [
      'an X-Auth-Token in JSON',
      '{"X-Auth-Token": "9f8e7d6c5b4a"}',
      '9f8e7d6c5b4a',
      '"X-Auth-Token": [redacted]',
    ],
  ])('%s', (_name, text, secret, kept) => {
    const out = scrubSecrets(text);
    expect(out).not.toContain(secret);
    expect(out).toContain(kept);
  });

  it('leaves words that only end like a parameter alone (errcode=, a plain "code" word)', () => {
    expect(scrubSecrets('errcode=93000 and the code is fine')).toBe('errcode=93000 and the code is fine');
  });

  it('the logger scrubs them from messages too', () => {
    expect(loggerScrub('login failed: password=hunter2&ticket=ST-1-x', [])).toBe(
      'login failed: password=[redacted]&ticket=[redacted]',
    );
  });
});
