import { describe, expect, it } from 'vitest';
import { alertsIn, loadCheerio, readHtml, scriptRedirectIn } from '../../src/flow/html-document.js';

/** A page read without a browser (src/flow/html-document.ts): the edges kit-html.test.ts leaves. */
const URL_ = 'http://portal.test/app/list.jsp?sid=1';
const BASE = 'http://p.test/a/b.jsp';

describe('the document', () => {
  it('the title is the first one (an SVG title in the body is not the page title)', async () => {
    const doc = await readHtml(
      '<html><head><title>课程</title></head><body><svg><title>图标</title></svg><p>x</p></body></html>',
      { url: URL_ },
    );
    expect(doc.title).toBe('课程');
  });

  it('text() of a page with an empty body is the text of the whole page (a title-only notice)', async () => {
    const doc = await readHtml('<html><head><title>系统维护中</title></head><body> </body></html>', {
      url: URL_,
    });
    expect(doc.text()).toBe('系统维护中');
    const full = await readHtml('<html><head><title>t</title></head><body><p>正文</p></body></html>', {
      url: URL_,
    });
    expect(full.text()).toBe('正文');
  });

  it('elements found from the page and from an element are wrapped alike, tag names in lower case', async () => {
    const doc = await readHtml('<DIV id="a"><SPAN class="s">一</SPAN><span class="s">二</span></DIV>', {
      url: URL_,
    });
    expect(doc.all('.s').map((e) => [e.tag, e.text()])).toEqual([
      ['span', '一'],
      ['span', '二'],
    ]);
    expect(doc.first('#a')?.tag).toBe('div');
    expect(doc.one('#a').first('.s')?.text()).toBe('一');
    expect(doc.one('#a').all('.s')).toHaveLength(2);
    expect(doc.first('.nope')).toBeUndefined();
    expect(doc.all('.nope')).toEqual([]);
    expect(() => doc.one('#a').one('.nope')).toThrow(
      'http://portal.test/app/list.jsp has no element matching ".nope" — has the portal changed?',
    );
    expect(doc.one('#a').one('.s').html()).toBe('一');
    expect(doc.one('.s').html()).toBe('一');
    const empty = await readHtml('<p id="e"></p>', { url: URL_ });
    expect(empty.one('#e').html()).toBe('');
  });

  it('a table is the first matching: its own rows, an empty first row is a row (not headers)', async () => {
    const doc = await readHtml(
      `<div class="t">not a table</div>
       <table class="t" id="one"><tr></tr><tr><td>1</td></tr></table>
       <table class="t" id="two"><tr><th>H</th></tr><tr><td>2</td></tr></table>`,
      { url: URL_ },
    );
    const one = doc.table('.t');
    expect(one.headers).toEqual([]);
    expect(one.rows).toEqual([[], ['1']]);
    expect(one.rowElements.map((r) => r.text())).toEqual(['', '1']);
    expect(doc.table().rows).toEqual([[], ['1']]);
    expect(doc.table('#two')).toMatchObject({ headers: ['H'], rows: [['2']], records: [{ H: '2' }] });
  });

  it('a form is the first form matching; forms() lists all, in order', async () => {
    const doc = await readHtml(
      '<div class="f"></div><form class="f" id="a"><input name="x" value="1"></form><form class="f" id="b"></form>',
      { url: URL_, charset: 'gbk' },
    );
    expect(doc.form('.f').id).toBe('a');
    expect(doc.form('.f').charset).toBe('gbk');
    expect(doc.forms().map((f) => f.id)).toEqual(['a', 'b']);
  });

  it('cheerio is loaded once and shared', async () => {
    const first = await loadCheerio();
    expect(typeof first.load).toBe('function');
    expect(await loadCheerio()).toBe(first);
  });
});

describe('scripts', () => {
  it('alerts: an empty one, escaped quotes, upper-case hex escapes, spaces inside the parentheses', () => {
    expect(alertsIn(["alert('')"])).toEqual(['']);
    expect(alertsIn(['alert("say \\"hi\\"")'])).toEqual(['say "hi"']);
    expect(alertsIn(["alert('\\u8BF7\\x4A\\u8bf7')"])).toEqual(['请J请']);
    expect(alertsIn(["alert(  '名额已满'  )", 'alert("a");alert(\'b\')'])).toEqual(['名额已满', 'a', 'b']);
    expect(alertsIn(["alert('unclosed)"])).toEqual([]);
    expect(alertsIn(['alert("\\x4")'])).toEqual(['x4']);
  });

  it('redirects: spaces in replace(…), escaped quotes, the first script that says one', () => {
    expect(scriptRedirectIn(["location.replace ( 'x.jsp' )"], BASE)).toBe('http://p.test/a/x.jsp');
    expect(scriptRedirectIn(['location.assign("y.jsp")'], BASE)).toBe('http://p.test/a/y.jsp');
    expect(scriptRedirectIn(["location.href='a\\'b.jsp'"], BASE)).toBe("http://p.test/a/a'b.jsp");
    expect(scriptRedirectIn(["location='\\u002Flogin'"], BASE)).toBe('http://p.test/login');
    expect(scriptRedirectIn(["location.href='one.jsp'", "location.href='two.jsp'"], BASE)).toBe(
      'http://p.test/a/one.jsp',
    );
    expect(scriptRedirectIn(["location.href=''"], BASE)).toBe(BASE);
    expect(scriptRedirectIn([], BASE)).toBeUndefined();
  });

  it('a target that is no URL stops its script only: a later script still redirects, as in a browser', () => {
    expect(scriptRedirectIn(["location.href = 'http://[bad'", "location.href='ok.jsp'"], BASE)).toBe(
      'http://p.test/a/ok.jsp',
    );
    expect(scriptRedirectIn(["location.href = 'http://[bad'"], BASE)).toBeUndefined();
  });

  it('the page reads its inline scripts only, for alerts and the redirect', async () => {
    const doc = await readHtml(
      `<script src="a.js">location.href='no.jsp'</script><script>location.href='yes.jsp'</script>`,
      { url: 'http://p.test/a/list.jsp' },
    );
    expect(doc.scriptRedirect).toBe('http://p.test/a/yes.jsp');
  });
});
