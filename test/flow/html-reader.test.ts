import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  ElementNotFoundError,
  htmlClient,
  NotHtmlError,
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  readHtml,
  SessionExpiredError,
  UnknownCharsetError,
} from '../../src/flow/public.js';
import { useKitServer } from './kit-server.js';
import { send } from './raw-server.js';

const gbk = (text: string) => iconv.encode(text, 'gbk');

const COURSES = `<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>课程列表</title></head>
<body><table id="list">
<tr><th>编号<th>课程<th>老师<th>余位</tr>
<tr class="course"><td>ART-101<td><a href="course.jsp?id=101">少儿国画</a><td>王老师<td>已满
<tr class="course"><td>ART-102<td><a href="course.jsp?id=102">书法&nbsp;入门</a><td>李老师<td>3
</table>
<form id="sel" action="select.jsp" method="post">
<input type="hidden" name="__VIEWSTATE" value="dDwtMTA4+/=">
<input type="hidden" name="token" value="甲乙">
<input name="student" value="姐姐">
<select name="term"><option value="s1">春季<option value="s2" selected>暑期</select>
<input type="checkbox" name="agree" checked><input type="checkbox" name="news" value="1">
<input type="radio" name="pay" value="wx"><input type="radio" name="pay" value="ali" checked>
<input name="off" value="x" disabled><textarea name="note">
备注</textarea>
<input type="submit" name="go" value="提交">
</form>
<form id="search" action="/search.jsp"><input name="q" value="国画"></form>
</body></html>`;

describe('the HTML reader of the kit (issue 27: server-rendered pages without a browser)', () => {
  const server = useKitServer({
    '/courses.jsp': (_q, res) => send(res, 200, 'text/html', gbk(COURSES)),
    '/header-gbk.jsp': (_q, res) =>
      send(res, 200, 'text/html; charset=GBK', gbk('<html><body><p id="t">少儿国画</p></body></html>')),
    '/select.jsp': (_q, res) =>
      send(res, 200, 'text/html; charset=GBK', gbk('<html><body>已提交</body></html>')),
    '/search.jsp': (_q, res) =>
      send(res, 200, 'text/html; charset=GBK', gbk('<html><body>结果</body></html>')),
    '/alert.jsp': (_q, res) =>
      send(
        res,
        200,
        'text/html; charset=GBK',
        gbk("<script>alert('请先登录');location.href='login.jsp'</script>"),
      ),
    '/alert-full.jsp': (_q, res) =>
      send(
        res,
        200,
        'text/html; charset=GBK',
        gbk("<html><script>alert('名额已满');history.back()</script></html>"),
      ),
    '/moved.jsp': (_q, res) => res.writeHead(302, { location: '/courses.jsp' }).end(),
    '/gone.jsp': (_q, res) => res.writeHead(302, { location: '/login.jsp?from=gone' }).end(),
    '/login.jsp': (_q, res) =>
      send(
        res,
        200,
        'text/html; charset=GBK',
        gbk('<html><form><input name="u"><input type="password" name="p"></form></html>'),
      ),
    '/no-session.jsp': (_q, res) =>
      send(res, 500, 'text/html', '<html><body>java.lang.NullPointerException</body></html>'),
    '/maintenance.jsp': (_q, res) =>
      send(
        res,
        200,
        'text/html; charset=GBK',
        gbk('<html><body><h1>尊敬的用户：</h1><p>系统维护中，请稍后再试</p></body></html>'),
      ),
    '/busy-title.jsp': (_q, res) =>
      send(
        res,
        200,
        'text/html; charset=GBK',
        gbk('<html><head><title>系统繁忙</title></head><body>x</body></html>'),
      ),
    '/api.json': (_q, res) => send(res, 200, 'application/json', '{"a":1}'),
    '/empty.jsp': (_q, res) => send(res, 200, 'text/html', ''),
    '/klingon.jsp': (_q, res) => send(res, 200, 'text/html; charset=x-klingon', '<html></html>'),
    '/missing.jsp': (_q, res) => send(res, 404, 'text/html', '<html><title>404 Not Found</title></html>'),
    '/slow-down.jsp': (_q, res) => res.writeHead(429, { 'retry-after': '9' }).end(),
  });

  it('reads a GBK page (meta http-equiv) as Chromium shows it: selectors, text, a table as rows', async () => {
    const doc = await htmlClient(server.ctx).get('/courses.jsp');
    expect(doc.charset).toBe('gbk');
    expect(doc.title).toBe('课程列表');
    expect(doc.all('tr.course')).toHaveLength(2);
    expect(doc.one('tr.course a').attr('href')).toBe('course.jsp?id=101');
    expect(doc.text('tr.course:nth-child(3) td:nth-child(2)')).toBe('书法 入门');
    const table = doc.table('#list');
    expect(table.headers).toEqual(['编号', '课程', '老师', '余位']);
    expect(table.rows).toEqual([
      ['ART-101', '少儿国画', '王老师', '已满'],
      ['ART-102', '书法 入门', '李老师', '3'],
    ]);
    expect(table.records[0]).toEqual({ 编号: 'ART-101', 课程: '少儿国画', 老师: '王老师', 余位: '已满' });
    expect(table.rowElements[1]?.first('a')?.attr('href')).toBe('course.jsp?id=102');
    const header = await htmlClient(server.ctx).get('/header-gbk.jsp');
    expect(header.text('#t')).toBe('少儿国画');
  });

  it('gives a form with its hidden fields as a browser would submit them, and posts it back in GBK', async () => {
    const doc = await htmlClient(server.ctx).get('/courses.jsp');
    const form = doc.form('#sel');
    expect(form.method).toBe('POST');
    expect(form.action).toBe(`${server.url}/select.jsp`);
    expect(form.charset).toBe('gbk');
    expect(form.hidden).toEqual({ __VIEWSTATE: 'dDwtMTA4+/=', token: '甲乙' });
    expect(form.entries).toEqual([
      ['__VIEWSTATE', 'dDwtMTA4+/='],
      ['token', '甲乙'],
      ['student', '姐姐'],
      ['term', 's2'],
      ['agree', 'on'],
      ['pay', 'ali'],
      ['note', '备注'],
    ]);
    expect(form.buttons).toEqual([{ name: 'go', value: '提交' }]);
    const before = server.seen.length;
    const answer = await htmlClient(server.ctx).submit(form, { student: '弟弟', go: '提交' });
    expect(answer.text()).toBe('已提交');
    const posted = server.seen[before];
    expect(posted?.method).toBe('POST');
    expect(posted?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(posted?.headers.referer).toBe(`${server.url}/courses.jsp`);
    expect(posted?.body.toString('latin1')).toBe(
      '__VIEWSTATE=dDwtMTA4%2B%2F%3D&token=%BC%D7%D2%D2&student=%B5%DC%B5%DC&term=s2&agree=on&pay=ali' +
        '&note=%B1%B8%D7%A2&go=%CC%E1%BD%BB',
    );
    const search = await htmlClient(server.ctx).submit(doc.form('#search'));
    expect(search.text()).toBe('结果');
    expect(server.seen.at(-1)?.url).toBe('/search.jsp?q=%B9%FA%BB%AD');
  });

  it('follows an ordinary redirect', async () => {
    const doc = await htmlClient(server.ctx).get('/moved.jsp');
    expect(doc.url).toBe(`${server.url}/courses.jsp`);
    expect(doc.alerts).toEqual([]);
  });

  it('reads "logged out" in every form an old portal says it: alert-script, redirect, login form, a stated status', async () => {
    await expect(htmlClient(server.ctx).get('/alert.jsp')).rejects.toThrow(SessionExpiredError);
    await expect(htmlClient(server.ctx).get('/alert.jsp')).rejects.toThrow(/account "mom".*请先登录/);
    await expect(htmlClient(server.ctx).get('/gone.jsp')).rejects.toThrow(SessionExpiredError);
    await expect(htmlClient(server.ctx).get('/login.jsp')).rejects.toThrow(/login form/);
    const login = await htmlClient(server.ctx).get('/gone.jsp', { loginPage: true });
    expect(login.form().fields).toEqual({ u: '', p: '' });
    await expect(htmlClient(server.ctx).get('/no-session.jsp')).rejects.toThrow(PortalUnavailableError);
    await expect(
      htmlClient(server.ctx, { loggedOut: { status: [500] } }).get('/no-session.jsp'),
    ).rejects.toThrow(SessionExpiredError);
    await expect(
      htmlClient(server.ctx, { loggedOut: { loginForm: false } }).get('/login.jsp'),
    ).resolves.toBeDefined();
  });

  it('an alert that is not about the login is the page, for the flow to read', async () => {
    const doc = await htmlClient(server.ctx).get('/alert-full.jsp');
    expect(doc.alerts).toEqual(['名额已满']);
  });

  it('reads a 200 maintenance page as unavailable, never as changed or expired', async () => {
    await expect(
      htmlClient(server.ctx, { unavailable: { text: ['系统维护中'] } }).get('/maintenance.jsp'),
    ).rejects.toThrow(PortalUnavailableError);
    await expect(htmlClient(server.ctx).get('/busy-title.jsp')).rejects.toThrow(PortalUnavailableError);
    const undeclared = await htmlClient(server.ctx).get('/maintenance.jsp');
    expect(undeclared.text('p')).toBe('系统维护中，请稍后再试');
  });

  it('bad input is a typed error naming the URL and what was expected', async () => {
    const reader = htmlClient(server.ctx);
    await expect(reader.get('/api.json?token=secret')).rejects.toThrow(NotHtmlError);
    await expect(reader.get('/api.json?token=secret')).rejects.toThrow(
      `GET ${server.url}/api.json answered HTTP 200 with application/json, expected an HTML page`,
    );
    await expect(reader.get('/empty.jsp')).rejects.toThrow(/an empty answer, expected an HTML page/);
    await expect(reader.get('/klingon.jsp')).rejects.toThrow(UnknownCharsetError);
    await expect(reader.get('/klingon.jsp')).rejects.toThrow(
      `${server.url}/klingon.jsp declares charset "x-klingon"`,
    );
    const doc = await reader.get('/courses.jsp');
    expect(() => doc.form('#nope')).toThrow(ElementNotFoundError);
    expect(() => doc.form('#nope')).toThrow(`${server.url}/courses.jsp has no form matching "#nope"`);
    expect(() => doc.table('.none')).toThrow(/has no table matching ".none"/);
    expect(() => doc.one('td.seat')).toThrow(/has no element matching "td.seat"/);
    await expect(reader.get('/missing.jsp')).rejects.toThrow(PortalChangedError);
    await expect(reader.get('/missing.jsp')).rejects.toThrow(/HTTP 404 \("404 Not Found"\)/);
    expect((await reader.get('/missing.jsp', { acceptStatus: [404] })).status).toBe(404);
    await expect(reader.get('/slow-down.jsp')).rejects.toThrow(RateLimitedError);
  });

  it('reads HTML a flow already has (a page’s content) without a request', async () => {
    const doc = await readHtml('<table><tr><td>a<td>b</table>', { url: 'http://portal.example/x' });
    expect(doc.table().rows).toEqual([['a', 'b']]);
    expect(doc.table().headers).toEqual([]);
  });
});
