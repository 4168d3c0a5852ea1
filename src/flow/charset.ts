import { UnknownCharsetError, urlForMessage } from './read-errors.js';

/**
 * Bodies decoded as a browser decodes a page (the WHATWG encoding sniffing algorithm, the parts a
 * server can steer): a byte order mark first (it wins over everything and is stripped), then the
 * `charset` of the Content-Type, then — for an answer that may be HTML — a `<meta charset>` or
 * `<meta http-equiv="Content-Type" content="…; charset=…">` in the first 1024 bytes, else UTF-8.
 * Labels are the WHATWG ones `TextDecoder` knows (`gb2312` and `gbk` decode as GBK, `gb18030`,
 * `big5`, `latin1` as windows-1252). A label no decoder knows is an UnknownCharsetError naming the
 * URL: text read from the wrong table would be garbage that still looks like text (`已满` missed).
 */

export interface Decoded {
  text: string;
  /** The WHATWG name of the encoding used (`utf-8`, `gbk`, `gb18030`, `big5`, …). */
  charset: string;
  /** Where it came from. */
  source: 'bom' | 'content-type' | 'meta' | 'default';
}

const BOMS: { bytes: number[]; charset: string }[] = [
  { bytes: [0xef, 0xbb, 0xbf], charset: 'utf-8' },
  { bytes: [0xfe, 0xff], charset: 'utf-16be' },
  { bytes: [0xff, 0xfe], charset: 'utf-16le' },
];

/** The encoding a byte order mark at the start names, and its length. */
export function sniffBom(bytes: Uint8Array): { charset: string; length: number } | undefined {
  for (const bom of BOMS) {
    if (bom.bytes.every((b, i) => bytes[i] === b)) return { charset: bom.charset, length: bom.bytes.length };
  }
  return undefined;
}

/** The `charset` parameter of a Content-Type value, unquoted, or undefined. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  for (const param of contentType.split(';').slice(1)) {
    const at = param.indexOf('=');
    if (at === -1) continue;
    if (param.slice(0, at).trim().toLowerCase() !== 'charset') continue;
    const value = param
      .slice(at + 1)
      .trim()
      .replace(/^["']|["']$/g, '')
      .trim();
    if (value) return value;
  }
  return undefined;
}

/** Whether an answer of this type may carry a `<meta charset>` (HTML, XHTML, or no type given). */
export function mayBeHtml(contentType: string | undefined): boolean {
  const type = contentType?.replace(/;.*/, '').trim().toLowerCase() ?? '';
  return type === '' || type === 'text/html' || type === 'application/xhtml+xml';
}

function attributesOf(tag: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const pattern = /([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?/g;
  for (const match of tag.matchAll(pattern)) {
    // Stryker disable next-line StringLiteral: the name group is not optional (the fallback is for the type)
    const name = (match[1] ?? '').toLowerCase();
    if (!attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** `charset=` inside a meta's content attribute, as the HTML spec extracts it. */
function charsetFromMetaContent(content: string): string | undefined {
  const match = /charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))/i.exec(content);
  // Stryker disable next-line OptionalChaining: a match has one of the three groups (the `?.` is for the type)
  return match ? (match[1] ?? match[2] ?? match[3])?.trim() : undefined;
}

/**
 * The charset a `<meta>` in the first 1024 bytes declares, or undefined. As in the HTML standard's
 * prescan, a comment between tags is skipped whole, while `<!--` inside a tag is just text of it.
 */
export function sniffMetaCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  for (const match of head.matchAll(/<!--[\s\S]*?(?:-->|$)|<meta[\s/]([^>]*)/gi)) {
    const tag = match[1];
    if (tag === undefined) continue; // a comment: a meta inside it does not count
    const attributes = attributesOf(tag);
    const charset = attributes.get('charset');
    if (charset?.trim()) return charset.trim();
    if (attributes.get('http-equiv')?.toLowerCase() === 'content-type') {
      const fromContent = charsetFromMetaContent(attributes.get('content') ?? '');
      if (fromContent) return fromContent;
    }
  }
  return undefined;
}

/** A TextDecoder for the label, or undefined when none knows it. */
function decoderFor(label: string): TextDecoder | undefined {
  try {
    return new TextDecoder(label);
    // Stryker disable next-line BlockStatement: an empty catch returns undefined as well
  } catch {
    return undefined;
  }
}

/**
 * The body as text, decoded as a browser would (see the top of this file). `url` names the answer
 * in an UnknownCharsetError.
 */
export function decodeBody(bytes: Uint8Array, contentType: string | undefined, url: string): Decoded {
  const bom = sniffBom(bytes);
  if (bom) {
    const text = new TextDecoder(bom.charset, { ignoreBOM: true }).decode(bytes.subarray(bom.length));
    return { text, charset: bom.charset, source: 'bom' };
  }
  let label = charsetFromContentType(contentType);
  let source: Decoded['source'] = 'content-type';
  if (!label && mayBeHtml(contentType)) {
    label = sniffMetaCharset(bytes);
    source = 'meta';
  }
  if (!label) return { text: new TextDecoder('utf-8').decode(bytes), charset: 'utf-8', source: 'default' };
  const decoder = decoderFor(label);
  if (!decoder) {
    throw new UnknownCharsetError(urlForMessage(url), label, source === 'meta' ? 'meta' : 'Content-Type');
  }
  // A page declaring UTF-16 in a meta is read as UTF-8 (its bytes are ASCII-compatible, else no meta was found).
  const charset = source === 'meta' && decoder.encoding.startsWith('utf-16') ? 'utf-8' : decoder.encoding;
  return { text: new TextDecoder(charset).decode(bytes), charset, source };
}

/** The body parsed as JSON after decoding (a UTF-8 BOM is no longer a SyntaxError). */
export function decodeJson(bytes: Uint8Array, contentType: string | undefined, url: string): unknown {
  return JSON.parse(decodeBody(bytes, contentType, url).text) as unknown;
}
