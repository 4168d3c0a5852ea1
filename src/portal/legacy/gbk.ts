/**
 * The legacy style speaks GBK, as older JSP portals do: pages are encoded with iconv-lite and either say
 * so in the Content-Type header or only in a `<meta http-equiv>`; forms come back percent-encoded GBK
 * (a browser posts a form in its page's charset), so the body is decoded here, never as UTF-8.
 */
import type { Request, Response } from 'express';
import iconv from 'iconv-lite';

export const CHARSET = 'GBK';

/** How a page declares its charset: in the header (most pages) or only in the markup. */
export type CharsetDeclaration = 'header' | 'meta';

/** GBK bytes of a page; a character GBK cannot hold is a bug in the page, not a '?' on the wire. */
export function encodeGbk(text: string): Buffer {
  const bytes = iconv.encode(text, 'gbk');
  if (iconv.decode(bytes, 'gbk') !== text) {
    const bad = [...text].find((c) => iconv.decode(iconv.encode(c, 'gbk'), 'gbk') !== c);
    throw new Error(`legacy portal: "${bad}" (U+${bad?.codePointAt(0)?.toString(16)}) has no GBK code`);
  }
  return bytes;
}

export function sendGbk(res: Response, page: string, declared: CharsetDeclaration = 'header'): void {
  // setHeader, not res.set(): express would add "charset=utf-8" to a bare text/html.
  res.setHeader('Content-Type', declared === 'header' ? `text/html; charset=${CHARSET}` : 'text/html');
  res.setHeader('Cache-Control', 'no-cache');
  res.end(encodeGbk(page));
}

/** `%D5%C5` → the GBK character; `+` is a space; other characters are bytes (latin1), as they came. */
function decodeComponent(text: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const hex = text.slice(i + 1, i + 3);
    if (c === '%' && /^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (c === '+') bytes.push(0x20);
    else bytes.push((c ?? ' ').charCodeAt(0) & 0xff);
  }
  return iconv.decode(Buffer.from(bytes), 'gbk');
}

/** An `application/x-www-form-urlencoded` body or query string in GBK; the first value of each name wins. */
export function parseGbkForm(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const name = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (!(name in fields)) fields[name] = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1));
  }
  return fields;
}

/** The posted form (express.raw() leaves the body as bytes; anything else counts as an empty form). */
export function formOf(req: Request): Record<string, string> {
  const body: unknown = req.body;
  return Buffer.isBuffer(body) ? parseGbkForm(body.toString('latin1')) : {};
}

/** The query string as the page's GBK links and GET forms write it. */
export function queryOf(req: Request): Record<string, string> {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? {} : parseGbkForm(req.originalUrl.slice(at + 1));
}
