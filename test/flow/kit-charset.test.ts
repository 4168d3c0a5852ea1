import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  charsetFromContentType,
  decodeBody,
  decodeJson,
  mayBeHtml,
  sniffBom,
  sniffMetaCharset,
} from '../../src/flow/charset.js';
import { UnknownCharsetError } from '../../src/flow/read-errors.js';

/** Decoding as a browser does (src/flow/charset.ts): BOM, Content-Type, meta, UTF-8. */
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const gbk = (s: string) => new Uint8Array(iconv.encode(s, 'gbk'));

describe('sniffBom', () => {
  it('names the three byte order marks and their length', () => {
    expect(sniffBom(new Uint8Array([0xef, 0xbb, 0xbf, 0x41]))).toEqual({ charset: 'utf-8', length: 3 });
    expect(sniffBom(new Uint8Array([0xfe, 0xff, 0, 0x41]))).toEqual({ charset: 'utf-16be', length: 2 });
    expect(sniffBom(new Uint8Array([0xff, 0xfe, 0x41, 0]))).toEqual({ charset: 'utf-16le', length: 2 });
    expect(sniffBom(new Uint8Array([0xef, 0xbb, 0x41]))).toBeUndefined();
    expect(sniffBom(new Uint8Array([0x41, 0xef, 0xbb, 0xbf]))).toBeUndefined();
    expect(sniffBom(new Uint8Array([]))).toBeUndefined();
  });
});

describe('charsetFromContentType', () => {
  it('reads the charset parameter, any case, quoted or not', () => {
    expect(charsetFromContentType('text/html; charset=GBK')).toBe('GBK');
    expect(charsetFromContentType('text/html;CHARSET = "gb2312" ')).toBe('gb2312');
    expect(charsetFromContentType("text/html; charset='big5'")).toBe('big5');
    expect(charsetFromContentType('text/html; q=1; charset=utf-8')).toBe('utf-8');
    expect(charsetFromContentType('text/html; mycharset=gbk')).toBeUndefined();
    expect(charsetFromContentType('text/html; charset')).toBeUndefined();
    expect(charsetFromContentType('text/html; charset=""; charset=gbk')).toBe('gbk');
    expect(charsetFromContentType('charset=gbk')).toBeUndefined();
    expect(charsetFromContentType('text/html')).toBeUndefined();
    expect(charsetFromContentType('')).toBeUndefined();
    expect(charsetFromContentType(undefined)).toBeUndefined();
  });

  it('a parameter without "=" is no charset, whatever its name; only the surrounding quotes and spaces go', () => {
    expect(charsetFromContentType('text/html; charsets')).toBeUndefined();
    expect(charsetFromContentType('text/html; charsetx; charset=gbk')).toBe('gbk');
    expect(charsetFromContentType('text/html; charset=" gbk "')).toBe('gbk');
    // A quote inside is part of the label (an unknown one, reported as such, never silently altered).
    expect(charsetFromContentType(`text/html; charset="gb'k"`)).toBe("gb'k");
    expect(charsetFromContentType(`text/html; charset=g"bk`)).toBe('g"bk');
  });
});

describe('mayBeHtml', () => {
  it('HTML, XHTML and no type may carry a meta charset; JSON and text do not', () => {
    expect(mayBeHtml(undefined)).toBe(true);
    expect(mayBeHtml('')).toBe(true);
    expect(mayBeHtml(' Text/HTML ; charset=x')).toBe(true);
    expect(mayBeHtml('application/xhtml+xml')).toBe(true);
    expect(mayBeHtml('application/json')).toBe(false);
    expect(mayBeHtml('text/plain')).toBe(false);
    expect(mayBeHtml('text/htmlx')).toBe(false);
  });
});

describe('sniffMetaCharset', () => {
  it('reads <meta charset> and the http-equiv Content-Type form', () => {
    expect(sniffMetaCharset(bytes('<html><head><meta charset="gbk"></head>'))).toBe('gbk');
    expect(sniffMetaCharset(bytes("<META CHARSET=' big5 '>"))).toBe('big5');
    expect(sniffMetaCharset(bytes('<meta charset=gb18030>'))).toBe('gb18030');
    expect(sniffMetaCharset(bytes('<meta/charset="gbk">'))).toBe('gbk');
    expect(
      sniffMetaCharset(bytes('<meta http-equiv="Content-Type" content="text/html; charset=GB2312">')),
    ).toBe('GB2312');
    expect(
      sniffMetaCharset(bytes('<meta http-equiv=content-type content=\'text/html;charset="big5"\'>')),
    ).toBe('big5');
    expect(
      sniffMetaCharset(bytes('<meta http-equiv=content-type content="text/html;charset=\'gbk\'">')),
    ).toBe('gbk');
  });

  it('skips metas without a charset, a refresh, comments and anything after 1024 bytes', () => {
    expect(sniffMetaCharset(bytes('<meta name="x" content="charset=gbk"><meta charset="big5">'))).toBe(
      'big5',
    );
    expect(sniffMetaCharset(bytes('<meta http-equiv="refresh" content="0; charset=gbk">'))).toBeUndefined();
    expect(sniffMetaCharset(bytes('<meta http-equiv="Content-Type" content="text/html">'))).toBeUndefined();
    expect(sniffMetaCharset(bytes('<meta charset="  "><meta charset="gbk">'))).toBe('gbk');
    expect(sniffMetaCharset(bytes('<!-- <meta charset="big5"> --><meta charset="gbk">'))).toBe('gbk');
    expect(sniffMetaCharset(bytes('<!-- <meta charset="big5">'))).toBeUndefined();
    expect(sniffMetaCharset(bytes(`${' '.repeat(1020)}<meta charset="gbk">`))).toBeUndefined();
    expect(sniffMetaCharset(bytes(`${' '.repeat(990)}<meta charset="gbk">`))).toBe('gbk');
    expect(sniffMetaCharset(bytes('<metacharset="gbk">'))).toBeUndefined();
    expect(sniffMetaCharset(bytes('<p>no meta</p>'))).toBeUndefined();
  });

  it('the first of repeated attributes counts, a bare one too', () => {
    expect(sniffMetaCharset(bytes('<meta charset="gbk" charset="big5">'))).toBe('gbk');
    expect(sniffMetaCharset(bytes('<meta charset charset="gbk">'))).toBeUndefined();
    expect(sniffMetaCharset(bytes('<meta async charset="gbk">'))).toBe('gbk');
  });

  it('the content form: spaces around "=", quoted values trimmed; a Content-Type meta without one is passed', () => {
    expect(
      sniffMetaCharset(bytes('<meta http-equiv="Content-Type" content="text/html; charset = gbk">')),
    ).toBe('gbk');
    expect(
      sniffMetaCharset(bytes(`<meta http-equiv="Content-Type" content='text/html; charset=" gbk "'>`)),
    ).toBe('gbk');
    expect(
      sniffMetaCharset(bytes('<meta http-equiv="Content-Type" content="text/html"><meta charset="big5">')),
    ).toBe('big5');
    expect(sniffMetaCharset(bytes('<meta http-equiv="Content-Type"><meta charset="big5">'))).toBe('big5');
  });

  it('"<!--" inside a tag is text of the tag, not a comment hiding the rest of the page', () => {
    expect(sniffMetaCharset(bytes('<meta name="a<!--" charset="gbk"><p>x</p>'))).toBe('gbk');
    expect(sniffMetaCharset(bytes('<meta content="<!--" charset="gbk">--><meta charset="big5">'))).toBe(
      'gbk',
    );
  });
});

describe('decodeBody', () => {
  it('a BOM wins over the Content-Type and is stripped', () => {
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('已满')]);
    expect(decodeBody(body, 'text/html; charset=gbk', 'http://p/x')).toEqual({
      text: '已满',
      charset: 'utf-8',
      source: 'bom',
    });
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from('满', 'utf16le')]);
    expect(decodeBody(le, undefined, 'u')).toEqual({ text: '满', charset: 'utf-16le', source: 'bom' });
  });

  it('only the first BOM is stripped: a second one is text, as a browser decodes it', () => {
    const twice = new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x41]);
    expect(decodeBody(twice, undefined, 'u')).toEqual({ text: '\ufeffA', charset: 'utf-8', source: 'bom' });
  });

  it('the Content-Type charset, then a meta (HTML only), else UTF-8', () => {
    expect(decodeBody(gbk('已满'), 'text/html; charset=GBK', 'u')).toEqual({
      text: '已满',
      charset: 'gbk',
      source: 'content-type',
    });
    expect(decodeBody(gbk('<meta charset="gb2312">已满'), 'text/html', 'u')).toEqual({
      text: '<meta charset="gb2312">已满',
      charset: 'gbk',
      source: 'meta',
    });
    // JSON never reads a meta.
    const json = new Uint8Array(Buffer.from('"<meta charset=gbk>已满"'));
    expect(decodeBody(json, 'application/json', 'u')).toEqual({
      text: '"<meta charset=gbk>已满"',
      charset: 'utf-8',
      source: 'default',
    });
    expect(decodeBody(new Uint8Array(Buffer.from('已满')), undefined, 'u')).toEqual({
      text: '已满',
      charset: 'utf-8',
      source: 'default',
    });
    // The Content-Type wins over the meta.
    expect(
      decodeBody(new Uint8Array(Buffer.from('<meta charset="gbk">已满')), 'text/html; charset=utf-8', 'u'),
    ).toMatchObject({ text: '<meta charset="gbk">已满', source: 'content-type' });
  });

  it('a meta declaring UTF-16 reads as UTF-8; a Content-Type declaring it does not', () => {
    expect(decodeBody(new Uint8Array(Buffer.from('<meta charset="utf-16">满')), undefined, 'u')).toEqual({
      text: '<meta charset="utf-16">满',
      charset: 'utf-8',
      source: 'meta',
    });
    expect(
      decodeBody(new Uint8Array(Buffer.from('满', 'utf16le')), 'text/plain; charset=utf-16le', 'u'),
    ).toEqual({
      text: '满',
      charset: 'utf-16le',
      source: 'content-type',
    });
  });

  it('an unknown label is UnknownCharsetError naming the URL without its query and where it was declared', () => {
    let caught: unknown;
    try {
      decodeBody(bytes('x'), 'text/html; charset=x-nope', 'http://p/list?token=abc');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnknownCharsetError);
    expect(caught).toMatchObject({ url: 'http://p/list', charset: 'x-nope', declaredIn: 'Content-Type' });
    expect(() => decodeBody(bytes('<meta charset="x-nope">'), 'text/html', 'http://p/a')).toThrow(
      'http://p/a declares charset "x-nope" (in its meta)',
    );
  });

  it('decodeJson parses after decoding (a UTF-8 BOM included)', () => {
    expect(
      decodeJson(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('{"a":"满"}')]), 'application/json', 'u'),
    ).toEqual({ a: '满' });
    expect(decodeJson(gbk('{"a":"满"}'), 'application/json; charset=gbk', 'u')).toEqual({ a: '满' });
  });
});
