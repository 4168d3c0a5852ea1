/**
 * UTF-8 byte arithmetic for WeCom's size limits (text 2048 B, markdown 4096 B; a CJK character is 3 B).
 * Cuts fall on line breaks where possible and otherwise between graphemes, so a character, a
 * surrogate pair or an emoji sequence is never cut in half. Lengths are `Buffer.byteLength` (UTF-8;
 * a lone surrogate counts 3 bytes, written as U+FFFD).
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** Grapheme clusters; a cluster longer than `maxBytes` falls back to code points. */
function pieces(text: string, maxBytes: number): string[] {
  const out: string[] = [];
  for (const { segment } of graphemes.segment(text)) {
    if (Buffer.byteLength(segment) <= maxBytes) out.push(segment);
    else out.push(...Array.from(segment));
  }
  return out;
}

/** The longest prefix of `text` that fits in `maxBytes`, cut between graphemes. */
function prefixWithin(text: string, maxBytes: number): string {
  let used = 0;
  let end = 0;
  for (const piece of pieces(text, maxBytes)) {
    const size = Buffer.byteLength(piece);
    if (used + size > maxBytes) break;
    used += size;
    end += piece.length;
  }
  return text.slice(0, end);
}

/**
 * `text` cut to at most `maxBytes`, ending with `ellipsis` when something was cut. Returns `text`
 * unchanged when it fits.
 */
export function trimToBytes(text: string, maxBytes: number, ellipsis = '…'): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const room = maxBytes - Buffer.byteLength(ellipsis);
  if (room <= 0) return prefixWithin(text, maxBytes);
  return prefixWithin(text, room).trimEnd() + ellipsis;
}

/**
 * Splits `text` into chunks of at most `maxBytes` each. Chunks end at line breaks where a line fits
 * (the break itself is dropped); a line longer than a chunk is cut between graphemes, preferring the
 * last space in the second half of the chunk. Joining the chunks with '\n' (for line cuts) gives back
 * the text, except for the dropped break characters.
 */
export function splitToBytes(text: string, maxBytes: number): string[] {
  if (maxBytes < 4) throw new RangeError(`splitToBytes: maxBytes must be at least 4, got ${maxBytes}`);
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const chunks: string[] = [];
  let current = '';
  let currentBytes = 0;
  let hasCurrent = false;
  const flush = () => {
    if (hasCurrent) chunks.push(current);
    current = '';
    currentBytes = 0;
    hasCurrent = false;
  };
  for (const line of text.split('\n')) {
    const lineBytes = Buffer.byteLength(line);
    const joined = hasCurrent ? currentBytes + 1 + lineBytes : lineBytes;
    if (joined <= maxBytes) {
      current = hasCurrent ? `${current}\n${line}` : line;
      currentBytes = joined;
      hasCurrent = true;
      continue;
    }
    flush();
    if (lineBytes <= maxBytes) {
      current = line;
      currentBytes = lineBytes;
      hasCurrent = true;
      continue;
    }
    for (const piece of cutLongLine(line, maxBytes)) chunks.push(piece);
  }
  flush();
  return chunks;
}

function cutLongLine(line: string, maxBytes: number): string[] {
  const out: string[] = [];
  let current = '';
  let currentBytes = 0;
  for (const piece of pieces(line, maxBytes)) {
    const size = Buffer.byteLength(piece);
    if (currentBytes + size > maxBytes) {
      const space = current.lastIndexOf(' ');
      if (space > current.length / 2) {
        out.push(current.slice(0, space).trimEnd());
        current = current.slice(space + 1);
        currentBytes = Buffer.byteLength(current);
      }
      if (currentBytes + size > maxBytes) {
        if (current.trim().length > 0) out.push(current);
        current = '';
        currentBytes = 0;
      }
    }
    current += piece;
    currentBytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * A title cut to at most `maxChars` characters (code points) for a provider's title limit, keeping
 * its trailing tags — the merged message's number (` #17`), its part (`（续 2/3）`) and the re-send mark
 * (`（重发）` / ` (re-sent)`) — so a re-send never loses its label to the cut. The cut shows as `…`.
 */
export function clipTitle(title: string, maxChars: number): string {
  const chars = Array.from(title);
  if (chars.length <= maxChars) return title;
  const tail = Array.from(TRAILING_TAGS.exec(title)?.[0] ?? '');
  if (tail.length === 0 || tail.length + 2 > maxChars) return chars.slice(0, maxChars).join('');
  return `${chars.slice(0, maxChars - tail.length - 1).join('')}…${tail.join('')}`;
}

const TRAILING_TAGS = /(?: #\d+|（[^（）]{1,12}）| \([^()]{1,12}\))+$/u;
