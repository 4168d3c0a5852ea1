import { describe, expect, it } from 'vitest';
import { fieldsOf, findHold, loggedOutWhy, proofCandidates } from '../../src/record/login-proof.js';
import type { Exchange } from '../../src/record/types.js';

/**
 * The recorder's login proof (src/record/login-proof.ts), edge by edge: a wrong candidate writes a
 * flow whose "logged in" check reads a logged-out page as logged in (or the reverse).
 */

const B = 'http://portal.test';
let seq = 0;
function ex(partial: Partial<Exchange> & Pick<Exchange, 'url'>): Exchange {
  return {
    seq: ++seq,
    step: 'course',
    method: 'GET',
    kind: 'xhr',
    status: 200,
    contentType: 'application/json',
    body: '{}',
    ...partial,
  };
}
const paths = (list: Exchange[]) => list.map((e) => new URL(e.url).pathname);

describe('proofCandidates', () => {
  it('only 2xx GETs: 199 and 300 are not, 200 and 299 are', () => {
    const all = [
      ex({ url: `${B}/a199`, status: 199 }),
      ex({ url: `${B}/a200`, status: 200 }),
      ex({ url: `${B}/a299`, status: 299 }),
      ex({ url: `${B}/a300`, status: 300 }),
      ex({ url: `${B}/post`, method: 'POST' }),
    ];
    expect(paths(proofCandidates(all, [B]))).toEqual(['/a200', '/a299']);
  });

  it('each URL once (its first answer decides), never a script, style or picture', () => {
    const all = [
      ex({ url: `${B}/me`, status: 500 }),
      ex({ url: `${B}/me` }),
      ex({ url: `${B}/x` }),
      ex({ url: `${B}/x` }),
      ...['app.js', 'site.CSS', 'logo.png', 'icon.svg', 'favicon.ico'].map((f) => ex({ url: `${B}/${f}` })),
      ex({ url: `${B}/app.json` }),
    ];
    expect(paths(proofCandidates(all, [B]))).toEqual(['/x', '/app.json']);
  });

  it('the login step counts only after its last POST; without a POST none of it counts', () => {
    const login = (path: string, method = 'GET') =>
      ex({ url: `${B}${path}`, step: 'login', method, contentType: 'text/html', body: '<p>x</p>' });
    const withPosts = [login('/l1'), login('/do', 'POST'), login('/l2'), login('/do2', 'PUT'), login('/l3')];
    expect(paths(proofCandidates(withPosts, [B]))).toEqual(['/l3']);
    // A POST of another step (a search, the hold) is not the login.
    const later = [login('/do', 'POST'), login('/l2'), ex({ url: `${B}/search`, method: 'POST' })];
    expect(paths(proofCandidates(later, [B]))).toEqual(['/l2']);
    const noPost = [login('/l1'), login('/l2'), ex({ url: `${B}/course` })];
    expect(paths(proofCandidates(noPost, [B]))).toEqual(['/course']);
  });

  it('on the given origins only, JSON before pages, shorter paths first, then in order; at most max', () => {
    const page = (path: string) => ex({ url: `${B}${path}`, contentType: 'text/html', body: '<p>hi</p>' });
    const all = [
      page('/p'),
      ex({ url: `${B}/api/long/path` }),
      ex({ url: `${B}/api/b` }),
      ex({ url: `${B}/api/a` }),
      ex({ url: 'http://other.test/api/x' }),
      page('/pages/longer'),
      page('/q'),
    ];
    expect(paths(proofCandidates(all, [B]))).toEqual([
      '/api/b',
      '/api/a',
      '/api/long/path',
      '/p',
      '/q',
      '/pages/longer',
    ]);
    expect(paths(proofCandidates(all, [B, 'http://other.test']))).toContain('/api/x');
    expect(paths(proofCandidates(all, [B], 2))).toEqual(['/api/b', '/api/a']);
    const many = Array.from({ length: 10 }, (_, i) => ex({ url: `${B}/m${i}` }));
    expect(paths(proofCandidates(many, [B]))).toEqual([
      '/m0',
      '/m1',
      '/m2',
      '/m3',
      '/m4',
      '/m5',
      '/m6',
      '/m7',
    ]);
  });
});

describe('loggedOutWhy', () => {
  const json = { url: `${B}/x`, status: 200, contentType: 'application/json' };
  const html = { url: `${B}/x`, status: 200, contentType: 'text/html; charset=utf-8' };

  it('403 says so; 200 with data says nothing', async () => {
    expect(await loggedOutWhy({ ...json, status: 403, body: '{"rows":[1]}' })).toBe('answered HTTP 403');
    expect(await loggedOutWhy({ ...json, body: '{"rows":[1]}' })).toBeUndefined();
  });

  it('an answer that is down or rate limited is not "logged out"', async () => {
    expect(await loggedOutWhy({ ...json, status: 503, body: '{}' })).toBeUndefined();
    expect(await loggedOutWhy({ ...json, status: 429, body: '{}' })).toBeUndefined();
    expect(await loggedOutWhy({ ...json, body: '{"msg":"系统维护中"}' })).toBeUndefined();
    expect(
      await loggedOutWhy({
        ...html,
        body: '<html><head><title>系统维护中</title></head><body>x</body></html>',
      }),
    ).toBeUndefined();
  });

  it('a short answer is read as a message; a long one (400 characters or more) is not', async () => {
    const said = (n: number) => `{"msg":"请先登录","pad":"${'x'.repeat(n - 23)}"}`;
    expect(said(399)).toHaveLength(399);
    expect(await loggedOutWhy({ ...json, body: said(399) })).toBe('says "请先登录"');
    expect(await loggedOutWhy({ ...json, body: said(400) })).toBeUndefined();
  });

  it('a redirect is read from the Location', async () => {
    expect(await loggedOutWhy({ ...json, status: 302, location: `${B}/login.jsp?from=x`, body: '' })).toBe(
      `sent to ${B}/login.jsp`,
    );
    expect(await loggedOutWhy({ ...json, status: 302, location: `${B}/home`, body: '' })).toBeUndefined();
  });

  it('a page: its title and alerts, its login form, its script redirect unless a Location says otherwise', async () => {
    expect(
      await loggedOutWhy({
        ...html,
        body: '<html><head><title>请先登录</title></head><body>x</body></html>',
      }),
    ).toBe('says "请先登录"');
    expect(
      await loggedOutWhy({
        ...html,
        contentType: 'TEXT/HTML',
        body: '<html><body><form><input type="password" name="p"></form></body></html>',
      }),
    ).toBe('shows the login form');
    const script = "<html><body><script>window.location.href='/login.jsp';</script></body></html>";
    expect(await loggedOutWhy({ ...html, body: script })).toBe(`sent to ${B}/login.jsp`);
    expect(await loggedOutWhy({ ...html, status: 302, location: `${B}/home`, body: script })).toBeUndefined();
    expect(
      await loggedOutWhy({ ...html, body: '<html><body><p>请先登录后查看</p></body></html>' }),
    ).toBeUndefined();
  });

  it('an empty page is read as text', async () => {
    expect(await loggedOutWhy({ ...html, body: '  ' })).toBeUndefined();
  });
});

describe('fieldsOf and findHold', () => {
  it('the names of a JSON object or a form, never values; nothing for none', () => {
    expect(fieldsOf(undefined)).toEqual([]);
    expect(fieldsOf('')).toEqual([]);
    expect(fieldsOf('{"a":1,"b":{"c":2}}')).toEqual(['a', 'b']);
    expect(fieldsOf('[1,2]')).toEqual(['[1,2]']);
    expect(fieldsOf('null')).toEqual(['null']);
    expect(fieldsOf('"text"')).toEqual(['"text"']);
    expect(fieldsOf('a=1&b=%E4%B8%AD')).toEqual(['a', 'b']);
  });

  it('the first request of the hold step that is not a GET and was answered below 400', () => {
    const hold = (status: number, method = 'POST', step: Exchange['step'] = 'hold') =>
      ex({ url: `${B}/cart/${status}?q=1`, step, method, status, requestBody: 'kcid=A' });
    expect(findHold([hold(0), hold(400), hold(200, 'GET'), hold(201, 'POST', 'course')])).toBeUndefined();
    expect(findHold([hold(0), hold(400), hold(399, 'PUT'), hold(200)])).toEqual({
      method: 'PUT',
      url: `${B}/cart/399`,
      fields: ['kcid'],
    });
    expect(findHold([hold(1)])?.url).toBe(`${B}/cart/1`);
  });
});
