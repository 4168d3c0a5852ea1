import { describe, expect, it } from 'vitest';
import { passwordForms, searchPlaces, secretForms } from '../../bench/chaos-secrets.js';

/**
 * Issue 26: `npm run chaos` prints "places holding a secret"; a 0 there means something only if the
 * search finds each form a secret takes once written down. Each form is planted the way a writer
 * would write it (a form body, a URL, JSON, a Basic header, HTML) and must be found.
 */
const USER = '13800000000';
const PASSWORD = 'p@ss+w!rd&1';
const secrets = {
  username: USER,
  password: PASSWORD,
  authToken: 'xat-0123456789abcdef',
  cookies: ['cookie-value-0123456789', 'short'],
  webhookKey: 'webhook-key-0123456789',
  approvalSecret: 'approval-secret-0123456789',
};
const forms = secretForms(secrets);
const found = (text: string) => searchPlaces([{ name: 'planted', text }], forms).where;

describe('chaos secret search', () => {
  it('knows the password in six encodings, each different', () => {
    const values = passwordForms(USER, PASSWORD).map((f) => f.value);
    expect(values).toEqual([
      PASSWORD,
      'p%40ss%2Bw!rd%261',
      'p%40ss%2Bw%21rd%261',
      'p@ss+w!rd\\u00261',
      Buffer.from(PASSWORD).toString('base64'),
      Buffer.from(`${USER}:${PASSWORD}`).toString('base64'),
      'p@ss+w!rd&amp;1',
      'p@ss+w!rd&#38;1',
    ]);
  });

  it.each([
    ['a form body', new URLSearchParams({ username: USER, password: PASSWORD }).toString(), 'form-encoded'],
    ['a URL', `https://portal.example/login?pw=${encodeURIComponent(PASSWORD)}`, 'URL-encoded'],
    ['a URL in lower-case hex', 'GET /x?pw=p%40ss%2bw!rd%261', 'URL-encoded'],
    ['JSON', JSON.stringify({ password: PASSWORD }), 'plain'],
    ['html-safe JSON', '{"password":"p@ss+w!rd\\u00261"}', 'JSON-escaped'],
    [
      'a Basic header',
      `authorization: Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`,
      'base64 user:password',
    ],
    ['HTML', '<input value="p@ss+w!rd&amp;1">', 'HTML-escaped'],
  ])('finds the password written in %s', (_where, text, label) => {
    expect(found(text).join()).toContain(`password (${label})`);
  });

  it('finds the token, a cookie, the webhook key and the approval secret; ignores values too short', () => {
    expect(found('x-auth-token: xat-0123456789abcdef')).toEqual(['planted: X-Auth-Token']);
    expect(found('cookie: a=cookie-value-0123456789')).toEqual(['planted: session cookie']);
    expect(found('?key=webhook-key-0123456789')).toEqual(['planted: webhook key']);
    expect(found('secret approval-secret-0123456789')).toEqual(['planted: approval secret']);
    expect(found('short and [redacted]')).toEqual([]);
  });

  it('counts places holding a secret, once each, by sort', () => {
    const result = searchPlaces(
      [
        { name: 'logs', text: `${PASSWORD} xat-0123456789abcdef` },
        { name: 'chaos-1.sqlite', text: 'nothing' },
        { name: 'trace a.zip:trace.network', text: 'webhook-key-0123456789' },
        { name: 'status page chaos-1', text: '<html></html>' },
      ],
      forms,
    );
    expect(result).toMatchObject({ places: 4, holding: 2 });
    expect(result.sorts).toEqual({ logs: 1, 'store files': 1, 'trace files': 1, 'status pages': 1 });
    expect(result.where[0]).toBe('logs: password (plain), X-Auth-Token');
  });
});
