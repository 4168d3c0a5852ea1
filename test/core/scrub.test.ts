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
