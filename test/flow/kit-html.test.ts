import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { alertsIn, collapse, readHtml, scriptRedirectIn } from '../../src/flow/html-document.js';
import { encodeForm, encodeText, fillEntries } from '../../src/flow/html-form.js';
import { ElementNotFoundError, UnknownCharsetError } from '../../src/flow/read-errors.js';

/** Pages read without a browser (src/flow/html-document.ts, src/flow/html-form.ts). */
const URL_ = 'http://portal.test/app/list.jsp?sid=1';

describe('html document', () => {
  it('title, text, elements, attributes and the page facts', async () => {
    const doc = await readHtml(
      `<html><head><title>
        课程  列表 </title></head><body><div id="a" class="k">少儿&nbsp;国画 <b>初级</b></div>
        <p class="k">二</p></body></html>`,
      { url: URL_, status: 203, charset: 'gbk' },
    );
    expect(doc.url).toBe(URL_);
    expect(doc.status).toBe(203);
    expect(doc.charset).toBe('gbk');
    expect(doc.title).toBe('课程 列表');
    expect(doc.text('#a')).toBe('少儿 国画 初级');
    expect(doc.text()).toBe('少儿 国画 初级 二');
    const a = doc.one('#a');
    expect(a.tag).toBe('div');
    expect(a.attr('class')).toBe('k');
    expect(a.attr('nope')).toBeUndefined();
    expect(a.html()).toBe('少儿&nbsp;国画 <b>初级</b>');
    expect(a.text()).toBe('少儿 国画 初级');
    expect(a.all('b').map((e) => e.text())).toEqual(['初级']);
    expect(a.first('b')?.tag).toBe('b');
    expect(a.first('i')).toBeUndefined();
    expect(a.one('b').text()).toBe('初级');
    expect(() => a.one('i')).toThrow(ElementNotFoundError);
    expect(doc.all('.k').map((e) => e.tag)).toEqual(['div', 'p']);
    expect(doc.first('.k')?.tag).toBe('div');
    expect(doc.has('p.k')).toBe(true);
    expect(doc.has('table')).toBe(false);
    expect(doc.alerts).toEqual([]);
    expect(doc.scriptRedirect).toBeUndefined();
  });

  it('defaults: status 200, utf-8, no title', async () => {
    const doc = await readHtml('<p>x</p>', { url: URL_ });
    expect(doc.status).toBe(200);
    expect(doc.charset).toBe('utf-8');
    expect(doc.title).toBe('');
    expect(doc.text()).toBe('x');
  });

  it('a missing element, table or form names the page without its query and the selector', async () => {
    const doc = await readHtml('<div><p>x</p></div>', { url: URL_ });
    expect(() => doc.one('.seat')).toThrow(
      'http://portal.test/app/list.jsp has no element matching ".seat" — has the portal changed?',
    );
    expect(() => doc.text('.seat')).toThrow(ElementNotFoundError);
    expect(() => doc.table()).toThrow('has no table matching "table"');
    expect(() => doc.table('div')).toThrow('has no table matching "div"');
    expect(() => doc.form()).toThrow('has no form matching "form"');
    expect(() => doc.form('div')).toThrow('has no form matching "div"');
    expect(doc.forms()).toEqual([]);
  });

  it('alerts and a script redirect from inline scripts only', async () => {
    const doc = await readHtml(
      `<script src="x.js">alert('no')</script><script>alert("请先登录\\n再试"); alert ( '它\\'s' );
       top.location.href = 'login.jsp?from=list';</script>`,
      { url: URL_ },
    );
    expect(doc.alerts).toEqual(['请先登录\n再试', "它's"]);
    expect(doc.scriptRedirect).toBe('http://portal.test/app/login.jsp?from=list');
  });

  it('tables: thead or a first row of th as headers, nested tables apart, missing cells empty', async () => {
    const doc = await readHtml(
      `<table id="t"><thead><tr><th>课程</th><th>余位</th></tr></thead>
        <tr><td> 国画 </td><td>3</td></tr><tr><td>书法<table><tr><td>inner</td></tr></table></td></tr></table>
       <table id="u"><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>
       <table id="v"><tr><th>A</th><td>x</td></tr></table>
       <table id="w"></table>`,
      { url: URL_ },
    );
    const t = doc.table('#t');
    expect(t.headers).toEqual(['课程', '余位']);
    expect(t.rows).toEqual([['国画', '3'], ['书法inner']]);
    expect(t.records).toEqual([
      { 课程: '国画', 余位: '3' },
      { 课程: '书法inner', 余位: '' },
    ]);
    expect(t.rowElements.map((r) => r.tag)).toEqual(['tr', 'tr']);
    expect(doc.table().headers).toEqual(['课程', '余位']);
    const u = doc.table('#u');
    expect(u.headers).toEqual(['A', 'B']);
    expect(u.rows).toEqual([['1', '2']]);
    const v = doc.table('#v');
    expect(v.headers).toEqual([]);
    expect(v.rows).toEqual([['A', 'x']]);
    expect(v.records).toEqual([{}]);
    expect(doc.table('#w')).toEqual({ headers: [], rows: [], records: [], rowElements: [] });
  });
});

describe('alertsIn / scriptRedirectIn', () => {
  it('reads escapes: \\u, \\x, \\n, \\t, \\r and any other escaped character', () => {
    expect(alertsIn(["alert('\\u8bf7\\x41\\t\\r\\q')"])).toEqual(['请A\t\rq']);
    expect(alertsIn(['window.alert("a"); xalert("b")'])).toEqual(['a']);
    expect(alertsIn(['alert(msg)'])).toEqual([]);
  });

  it('location forms, and a target that is no URL', () => {
    const base = 'http://p.test/a/b.jsp';
    expect(scriptRedirectIn(['location = "/login"'], base)).toBe('http://p.test/login');
    expect(scriptRedirectIn(["window.location.replace('x.jsp')"], base)).toBe('http://p.test/a/x.jsp');
    expect(scriptRedirectIn(["location.assign('y.jsp')"], base)).toBe('http://p.test/a/y.jsp');
    expect(scriptRedirectIn(['var a = 1;', "location.href='z'"], base)).toBe('http://p.test/a/z');
    expect(scriptRedirectIn(["location.href = 'http://[bad'"], base)).toBeUndefined();
    expect(scriptRedirectIn(['mylocation = "q"', 'location.reload()'], base)).toBeUndefined();
  });

  it('collapse folds whitespace and non-breaking spaces', () => {
    expect(collapse(' a\u00a0 \n b ')).toBe('a b');
  });
});

describe('html forms', () => {
  const page = `<form id="f" action=" ../enrol.do " method=" POST " enctype=" Multipart/Form-Data " accept-charset="x-nope GBK">
      <input type="hidden" name="__VIEWSTATE" value="vs1">
      <input name="q" value="国画">
      <input name="empty">
      <input type="checkbox" name="c1" checked>
      <input type="checkbox" name="c2" value="v2" checked>
      <input type="checkbox" name="c3" value="no">
      <input type="radio" name="r" value="a">
      <input type="radio" name="r" value="b" checked>
      <input name="d" value="x" disabled>
      <fieldset disabled><input name="fd" value="x"></fieldset>
      <input type="file" name="up"><input type="reset" name="rs" value="r"><input type="button" name="bt" value="b">
      <input value="noname">
      <input type="submit" name="go" value="提交"><input type="image" name="img">
      <button name="b1" value="v1">B1</button><button type="button" name="b2" value="v2">B2</button>
      <button type="reset" name="b3">B3</button><button type=" Submit " name="b4">B4</button>
      <select name="s1"><option>  first  opt </option><option value="2">two</option></select>
      <select name="s2"><option value="a" selected>a</option><option value="b" selected>b</option></select>
      <select name="s3" multiple><option value="a" selected>a</option><option value="b">b</option><option value="c" selected>c</option></select>
      <select name="s4" multiple><option value="a">a</option></select>
      <select name="s5"><option value="a" selected disabled>a</option><option value="b">b</option></select>
      <textarea name="t">
line1
line2</textarea>
      <input type=" HIDDEN " name="h2" value="x2">
    </form>
    <input form="f" name="outside" value="o">
    <form name="g"><input name="z" value="1"></form>
    <form><input name="y"></form>`;

  it('reads the entries a browser submits, in order', async () => {
    const doc = await readHtml(page, { url: URL_, charset: 'utf-8' });
    const f = doc.form();
    expect(f.entries).toEqual([
      ['__VIEWSTATE', 'vs1'],
      ['q', '国画'],
      ['empty', ''],
      ['c1', 'on'],
      ['c2', 'v2'],
      ['r', 'b'],
      ['s1', 'first opt'],
      ['s2', 'b'],
      ['s3', 'a'],
      ['s3', 'c'],
      ['t', 'line1\nline2'],
      ['h2', 'x2'],
      ['outside', 'o'],
    ]);
    expect(f.hidden).toEqual({ __VIEWSTATE: 'vs1', h2: 'x2' });
    expect(f.buttons).toEqual([
      { name: 'go', value: '提交' },
      { name: 'img', value: '' },
      { name: 'b1', value: 'v1' },
      { name: 'b4', value: '' },
    ]);
    expect(f.fields.s3).toBe('c');
    expect(f.action).toBe('http://portal.test/enrol.do');
    expect(f.method).toBe('POST');
    expect(f.enctype).toBe('multipart/form-data');
    expect(f.charset).toBe('gbk');
    expect(f.pageUrl).toBe(URL_);
    expect(f.id).toBe('f');
    expect(f.fill({ q: '书法', empty: undefined, extra: 7 })).toEqual([
      ['__VIEWSTATE', 'vs1'],
      ['q', '书法'],
      ['c1', 'on'],
      ['c2', 'v2'],
      ['r', 'b'],
      ['s1', 'first opt'],
      ['s2', 'b'],
      ['s3', 'a'],
      ['s3', 'c'],
      ['t', 'line1\nline2'],
      ['h2', 'x2'],
      ['outside', 'o'],
      ['extra', '7'],
    ]);
  });

  it('defaults: the page itself, GET, urlencoded, the page charset, name or nothing as id', async () => {
    const doc = await readHtml(page, { url: URL_, charset: 'big5' });
    const [, g, third] = doc.forms();
    expect(g?.action).toBe(URL_);
    expect(g?.method).toBe('GET');
    expect(g?.enctype).toBe('application/x-www-form-urlencoded');
    expect(g?.charset).toBe('big5');
    expect(g?.id).toBe('g');
    expect(third?.id).toBe('');
    expect(third?.entries).toEqual([['y', '']]);
    expect(doc.form('[name=g]').fields).toEqual({ z: '1' });
    const bad = await readHtml('<form action="http://[bad" method="get"><input name="a" value="1"></form>', {
      url: URL_,
    });
    expect(bad.form().action).toBe(URL_);
    const blank = await readHtml('<form action="  "></form>', { url: URL_ });
    expect(blank.form().action).toBe(URL_);
  });

  it('fillEntries: the first field of a name takes the value, later ones go; undefined removes', () => {
    const entries = [
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
    ] as const;
    expect(fillEntries(entries, { a: 'x' })).toEqual([
      ['a', 'x'],
      ['b', '2'],
    ]);
    expect(fillEntries(entries, { a: undefined, c: undefined, d: 0 })).toEqual([
      ['b', '2'],
      ['d', '0'],
    ]);
    expect(fillEntries(entries, {})).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['a', '3'],
    ]);
  });

  it('encodes as a browser: GBK bytes, &#N; for what the charset lacks, CRLF, the URL-standard set', () => {
    expect(encodeForm([['课程', '少儿 国画']], 'gbk')).toBe('%BF%CE%B3%CC=%C9%D9%B6%F9+%B9%FA%BB%AD');
    expect(encodeForm([['a', '😀']], 'gbk')).toBe('a=%26%23128512%3B');
    expect(encodeForm([['t', 'a\nb\rc\r\nd']])).toBe('t=a%0D%0Ab%0D%0Ac%0D%0Ad');
    expect(encodeForm([['k', "*-._09AZaz~!'()/@+ "]])).toBe('k=*-._09AZaz%7E%21%27%28%29%2F%40%2B+');
    expect(
      encodeForm([
        ['a', '1'],
        ['b', '满'],
      ]),
    ).toBe('a=1&b=%E6%BB%A1');
    expect(encodeForm([])).toBe('');
    expect(encodeText('满', 'utf-8')).toEqual(Buffer.from('满'));
    expect(encodeText('满', 'big5')).toEqual(Buffer.from('&#28385;'));
    expect(encodeText('a滿', 'big5')).toEqual(Buffer.concat([Buffer.from('a'), iconv.encode('滿', 'big5')]));
    expect(() => encodeForm([['a', 'b']], 'x-nope', 'http://p/x?s=1')).toThrow(UnknownCharsetError);
    expect(() => encodeText('a', 'x-nope', 'http://p/x?s=1')).toThrow('http://p/x declares charset "x-nope"');
  });
});
