import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { PortalChangedError, RateLimitedError, SessionExpiredError } from '../../src/core/errors.js';
import { htmlClient } from '../../src/flow/html-client.js';
import { readHtml } from '../../src/flow/html-document.js';
import { PortalHttpError } from '../../src/flow/http.js';
import { NotHtmlError } from '../../src/flow/read-errors.js';
import { caught, useKitServer } from './kit-server.js';
import { type RawRoute, send } from './raw-server.js';

/** The kit's HTML client (src/flow/html-client.ts) against a local server: verdicts, redirects, posts. */
const html = (body: string, title = '课程') =>
  `<html><head><title>${title}</title></head><body>${body}</body></html>`;
const page = (body: string, title?: string) =>
  ((_q, res) => send(res, 200, 'text/html; charset=utf-8', html(body, title))) as RawRoute;

const server = useKitServer({
  '/list': page('<table><tr><td>国画</td></tr></table>'),
  '/echo': (q, res, body) =>
    send(
      res,
      200,
      'text/html',
      html(
        `<p id="m">${q.method}</p><p id="b">${body.toString('latin1')}</p><p id="q">${q.url}</p>` +
          `<p id="r">${q.headers.referer ?? ''}</p><p id="o">${q.headers.origin ?? ''}</p><p id="t">${q.headers['content-type'] ?? ''}</p>`,
      ),
    ),
  '/to-login': (_q, res) => res.writeHead(302, { location: 'login.jsp?from=list' }).end(),
  '/login.jsp': page('<form><input type="password" name="p"></form>', '登录'),
  '/see-other': (_q, res) => res.writeHead(303, { location: '/echo' }).end(),
  '/temp': (_q, res) => res.writeHead(307, { location: '/echo' }).end(),
  '/loop': (_q, res) => res.writeHead(302, { location: '/loop' }).end(),
  '/429': (_q, res) => res.writeHead(429, { 'retry-after': '9' }).end(),
  '/503': (_q, res) => send(res, 503, 'text/html', html('down')),
  '/json': (_q, res) => send(res, 200, 'application/json', '{"a":1}'),
  '/empty': (_q, res) => send(res, 200, 'text/html', ''),
  '/untyped-html': (_q, res) => send(res, 200, 'text/plain', '<!DOCTYPE html><html><body>x</body></html>'),
  '/untyped': (_q, res) => send(res, 200, undefined, 'plain'),
  '/script-login': page("<script>top.location.href='/login.jsp';</script>"),
  '/alert-login': page("<script>alert('请先登录');</script>"),
  '/maintenance': page('<p>x</p>', '系统维护中'),
  '/404': (_q, res) => send(res, 404, 'text/html', html("<script>alert('页面不存在啦')</script>", '找不到')),
  '/404-bare': (_q, res) => send(res, 404, 'text/html', '<p>gone</p>'),
  '/gbk': (_q, res) =>
    send(res, 200, 'text/html; charset=gbk', iconv.encode(html('<p id="x">少儿国画</p>'), 'gbk')),
});

describe('htmlClient get', () => {
  it('reads a page, decoded by its charset, with its URL and status', async () => {
    const web = htmlClient(server.ctx);
    const doc = await web.get('/list', { query: { a: '1', gone: undefined } });
    expect(doc.table().rows).toEqual([['国画']]);
    expect(doc.url).toBe(`${server.url}/list?a=1`);
    expect(doc.status).toBe(200);
    const gbk = await htmlClient(server.ctx, { baseUrl: `${server.url}//` }).get('gbk');
    expect(gbk.text('#x')).toBe('少儿国画');
    expect(gbk.charset).toBe('gbk');
  });

  it('a redirect to the login is expired, unless the flow reads the login page itself', async () => {
    const web = htmlClient(server.ctx);
    const e = await caught(web.get('/to-login?sid=1'));
    expect(e).toBeInstanceOf(SessionExpiredError);
    expect(e.message).toBe(
      `session for account "mom" expired at ${server.url}/to-login — run: jianlou login mom (the portal sent to ${server.url}/login.jsp)`,
    );
    const login = await web.get('/to-login', { loginPage: true });
    expect(login.title).toBe('登录');
    expect(login.url).toBe(`${server.url}/login.jsp?from=list`);
    expect(await caught(web.get('/login.jsp'))).toBeInstanceOf(SessionExpiredError);
    const noForm = htmlClient(server.ctx, { loggedOut: { loginForm: false } });
    expect((await noForm.get('/login.jsp')).title).toBe('登录');
  });

  it('429 with its Retry-After, 5xx unavailable, a maintenance title unavailable, a script or alert login expired', async () => {
    const web = htmlClient(server.ctx);
    const limited = await caught(web.get('/429'));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited.message).toBe(`GET ${server.url}/429 answered 429 (rate limited); retry after 9 s`);
    const down = await caught(web.get('/503'));
    expect(down).toBeInstanceOf(PortalHttpError);
    expect(down.message).toBe(`GET ${server.url}/503 answered HTTP 503`);
    expect((down as PortalHttpError).status).toBe(503);
    const maintenance = await caught(web.get('/maintenance'));
    expect(maintenance).toBeInstanceOf(PortalHttpError);
    expect(maintenance.message).toBe(
      `GET ${server.url}/maintenance: the page says "系统维护" (the portal is unavailable for now)`,
    );
    expect((maintenance as PortalHttpError).status).toBe(200);
    const script = await caught(web.get('/script-login'));
    expect(script).toBeInstanceOf(SessionExpiredError);
    expect(script.message).toContain(`(the portal sent to ${server.url}/login.jsp)`);
    const alert = await caught(web.get('/alert-login'));
    expect(alert.message).toContain('(the portal says "请先登录")');
  });

  it('not HTML, empty, or an unexpected status is "portal changed"; acceptStatus takes a status', async () => {
    const web = htmlClient(server.ctx);
    const json = await caught(web.get('/json'));
    expect(json).toBeInstanceOf(NotHtmlError);
    expect(json.message).toBe(
      `GET ${server.url}/json answered HTTP 200 with application/json, expected an HTML page — has the portal changed?`,
    );
    expect((await caught(web.get('/empty'))).message).toContain(
      'with an empty answer, expected an HTML page',
    );
    expect((await caught(web.get('/untyped'))).message).toContain('with an answer without a type');
    expect((await web.get('/untyped-html')).text()).toBe('x');
    const missing = await caught(web.get('/404'));
    expect(missing).toBeInstanceOf(PortalChangedError);
    expect(missing.message).toBe(
      `GET ${server.url}/404 answered HTTP 404 ("页面不存在啦") — has the portal changed?`,
    );
    expect((await caught(web.get('/404-bare'))).message).toBe(
      `GET ${server.url}/404-bare answered HTTP 404 — has the portal changed?`,
    );
    expect((await web.get('/404', { acceptStatus: [404] })).status).toBe(404);
  });

  it('follows redirects up to the limit', async () => {
    const e = await caught(htmlClient(server.ctx, { maxRedirects: 3 }).get('/loop'));
    expect(e).toBeInstanceOf(PortalChangedError);
    expect(e.message).toBe(`GET ${server.url}/loop: more than 3 redirects — has the portal changed?`);
    const before = server.seen.length;
    await caught(htmlClient(server.ctx, { maxRedirects: 3 }).get('/loop'));
    expect(server.seen.length - before).toBe(4);
  });
});

describe('htmlClient post and submit', () => {
  it('posts a form in its charset with origin and referer; 303 turns it into a GET, 307 keeps it', async () => {
    const web = htmlClient(server.ctx, { headers: () => ({ 'x-a': '1' }) });
    const doc = await web.post(
      '/echo',
      { 课程: '国画', n: 2 },
      { charset: 'gbk', referer: `${server.url}/list` },
    );
    expect(doc.text('#m')).toBe('POST');
    expect(doc.text('#b')).toBe('%BF%CE%B3%CC=%B9%FA%BB%AD&n=2');
    expect(doc.text('#o')).toBe(server.url);
    expect(doc.text('#r')).toBe(`${server.url}/list`);
    expect(doc.text('#t')).toBe('application/x-www-form-urlencoded');
    const other = await web.post('/see-other', [['a', '1']]);
    expect(other.text('#m')).toBe('GET');
    expect(other.text('#b')).toBe('');
    expect(other.text('#t')).toBe('');
    expect(other.text('#o')).toBe('');
    const kept = await web.post('/temp', [['a', '1']]);
    expect(kept.text('#m')).toBe('POST');
    expect(kept.text('#b')).toBe('a=1');
    expect(kept.text('#t')).toBe('application/x-www-form-urlencoded');
  });

  it('submits a page form: POST to its action, GET with its fields as the query', async () => {
    const web = htmlClient(server.ctx);
    const list = await web.get('/list');
    const formPage = await readHtml(
      '<form method="post" action="/echo"><input name="a" value="1"></form><form id="g" action="/echo"><input name="q" value="国画"></form>',
      { url: list.url, charset: 'utf-8' },
    );
    const posted = await web.submit(formPage.form(), { a: '2' });
    expect(posted.text('#m')).toBe('POST');
    expect(posted.text('#b')).toBe('a=2');
    expect(posted.text('#r')).toBe(list.url);
    const got = await web.submit(formPage.form('#g'));
    expect(got.text('#m')).toBe('GET');
    expect(got.text('#q')).toBe('/echo?q=%E5%9B%BD%E7%94%BB');
    expect(got.text('#r')).toBe(list.url);
  });
});
