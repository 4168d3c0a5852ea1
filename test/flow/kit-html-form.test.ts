import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readHtml } from '../../src/flow/html-document.js';
import { encodeForm, encodeText, fillEntries } from '../../src/flow/html-form.js';
import { UnknownCharsetError } from '../../src/flow/read-errors.js';

/** A form as a browser submits it (src/flow/html-form.ts): the edges kit-html.test.ts leaves. */
const URL_ = 'http://portal.test/app/enrol.jsp?sid=1';
const formOf = async (html: string, charset = 'utf-8') =>
  (await readHtml(html, { url: URL_, charset })).form();

describe('the entries of a form', () => {
  it('a textarea keeps a blank first line: the parser already dropped the newline after the tag', async () => {
    const form = await formOf(
      '<form><textarea name="a">\n\n备注</textarea><textarea name="b">x\ny</textarea><textarea name="c">\r\nz</textarea></form>',
    );
    expect(form.entries).toEqual([
      ['a', '\n备注'],
      ['b', 'x\ny'],
      ['c', 'z'],
    ]);
  });

  it('a select sends its enabled selected options; a disabled one is not sent, the fallback is the first enabled', async () => {
    const form = await formOf(
      `<form>
        <select name="placeholder"><option value="" selected disabled>请选择</option><option value="1">国画</option></select>
        <select name="first"><option value="x" disabled>x</option><option value="y">y</option></select>
        <select name="last"><option value="a" selected>a</option><option value="b" selected disabled>b</option></select>
        <select name="many" multiple><option value="a" selected>a</option><option value="b" selected disabled>b</option></select>
        <select name="none"><option value="x" disabled>x</option></select>
        <select name="empty"></select>
      </form>`,
    );
    expect(form.entries).toEqual([
      ['first', 'y'],
      ['many', 'a'],
    ]);
    expect(form.fill({ placeholder: '1' })).toEqual([
      ['first', 'y'],
      ['many', 'a'],
      ['placeholder', '1'],
    ]);
  });

  it('a textarea or select is read as such whatever its type attribute says', async () => {
    const form = await formOf(
      '<form><textarea name="t" type="submit">x</textarea><select name="s" type="image"><option>o</option></select><button type=" Button " name="b1">b</button><button type=" RESET " name="b2">r</button><button type="menu" name="b3">m</button></form>',
    );
    expect(form.entries).toEqual([
      ['t', 'x'],
      ['s', 'o'],
    ]);
    expect(form.buttons).toEqual([{ name: 'b3', value: '' }]);
  });

  it('a checked radio without a value is sent as "on", like a checkbox', async () => {
    const form = await formOf(
      '<form><input type="radio" name="r" checked><input type="radio" name="s"></form>',
    );
    expect(form.entries).toEqual([['r', 'on']]);
  });

  it('a checked checkbox without a value is "on" (as Chromium posts it: html-form-browser.test.ts); an empty value or a text box without one is ""', async () => {
    const form = await formOf(
      '<form><input type="checkbox" name="c" checked><input type="checkbox" name="e" value="" checked><input name="t"><input type="hidden" name="h"></form>',
    );
    expect(form.entries).toEqual([
      ['c', 'on'],
      ['e', ''],
      ['t', ''],
      ['h', ''],
    ]);
    expect(form.hidden).toEqual({ h: '' });
  });

  it('a control outside the form joins it by form="id", quotes and backslashes in the id included', async () => {
    const form = await formOf(
      `<form id='f"1\\x'><input name="in" value="1"></form><input form='f"1\\x' name="out" value="2"><input form="g" name="other" value="3">`,
    );
    expect(form.entries).toEqual([
      ['in', '1'],
      ['out', '2'],
    ]);
    expect(form.id).toBe('f"1\\x');
  });

  it('a submit button is a button, not an entry; a button of type button or reset is neither', async () => {
    const form = await formOf(
      '<form><input type="submit" name="go"><input type=" IMAGE " name="img" value="i"><button type="reset" name="r">R</button><input type="reset" name="r2"><input name="kept" value="k"></form>',
    );
    expect(form.entries).toEqual([['kept', 'k']]);
    expect(form.buttons).toEqual([
      { name: 'go', value: '' },
      { name: 'img', value: 'i' },
    ]);
  });

  it('a form without method, enctype, action or accept-charset: GET, urlencoded, the page, the page charset', async () => {
    const form = await formOf('<form><input name="a" value="1"></form>', 'gbk');
    expect([form.method, form.enctype, form.action, form.charset]).toEqual([
      'GET',
      'application/x-www-form-urlencoded',
      URL_,
      'gbk',
    ]);
    const post = await formOf('<form method="Post" accept-charset="UTF-8"></form>', 'gbk');
    expect([post.method, post.charset]).toEqual(['POST', 'utf-8']);
    const unknown = await formOf('<form method="put" accept-charset="x-nope"></form>', 'big5');
    expect([unknown.method, unknown.charset]).toEqual(['GET', 'big5']);
  });

  it('fill adds a new name once, after the form fields, and leaves the form itself unchanged', async () => {
    const form = await formOf('<form><input name="a" value="1"><input name="a" value="2"></form>');
    expect(form.fill({ b: 'x', a: 'y' })).toEqual([
      ['a', 'y'],
      ['b', 'x'],
    ]);
    expect(form.entries).toEqual([
      ['a', '1'],
      ['a', '2'],
    ]);
    expect(fillEntries([], { n: 1, gone: undefined })).toEqual([['n', '1']]);
  });

  it('fill reads only the values given: a field named like an object method keeps its value', () => {
    const entries = [
      ['toString', 'a'],
      ['constructor', 'b'],
      ['n', '1'],
    ] as const;
    expect(fillEntries(entries, { n: 2 })).toEqual([
      ['toString', 'a'],
      ['constructor', 'b'],
      ['n', '2'],
    ]);
    expect(fillEntries(entries, { toString: 'x' })).toEqual([
      ['toString', 'x'],
      ['constructor', 'b'],
      ['n', '1'],
    ]);
  });
});

describe('encoding a form', () => {
  it('U+0080 and above go through the charset: a character it lacks is &#N;, never a byte that means another', () => {
    expect(encodeText('\u0080', 'gbk')).toEqual(Buffer.from('&#128;'));
    expect(encodeText('\u007f', 'gbk')).toEqual(Buffer.from([0x7f]));
    expect(encodeText('é', 'windows-1252')).toEqual(Buffer.from([0xe9]));
    expect(encodeText('国', 'gb18030')).toEqual(iconv.encode('国', 'gb18030'));
  });

  it('UTF-8 sends a lone surrogate as U+FFFD, as a browser does', () => {
    expect(encodeText('a\ud83d', 'utf-8')).toEqual(Buffer.from('a\ufffd'));
    expect(encodeForm([['e', '\ud83d']])).toBe('e=%EF%BF%BD');
  });

  it('a charset iconv does not know is UnknownCharsetError naming the page without its query', () => {
    let error: unknown;
    try {
      encodeText('a', 'x-nope', 'http://p/x?s=1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownCharsetError);
    expect(error).toMatchObject({ url: 'http://p/x', charset: 'x-nope', declaredIn: 'meta' });
  });

  it('bytes below 0x10 keep two hex digits; the characters around the kept ranges are encoded', () => {
    expect(encodeForm([['k', '\u0001\t/:@[`{']])).toBe('k=%01%09%2F%3A%40%5B%60%7B');
    expect(encodeForm([['a b', '']], 'gbk')).toBe('a+b=');
  });
});
