import { describe, expect, it } from 'vitest';
import { splitToBytes, trimToBytes } from '../../src/notify/bytes.js';

const encoded = (s: string) => new TextEncoder().encode(s).length;

/** True when `s` has no lone surrogate (i.e. no pair was cut in half). */
const wellFormed = (s: string) =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

describe('UTF-8 byte length (Buffer.byteLength, as WeCom counts)', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é', 2],
    ['余位', 6],
    ['😀', 4],
    ['👨‍👩‍👧', 18],
    ['\ud800', 3],
  ])('counts %j as %i bytes, like TextEncoder', (text, bytes) => {
    expect(Buffer.byteLength(text)).toBe(bytes);
    expect(encoded(text)).toBe(bytes);
  });
});

describe('splitToBytes', () => {
  it('keeps text of exactly the limit in one chunk and splits one byte more', () => {
    const exact = `${'字'.repeat(682)}ab`; // 2046 + 2 = 2048
    expect(Buffer.byteLength(exact)).toBe(2048);
    expect(splitToBytes(exact, 2048)).toEqual([exact]);
    const over = `${exact}c`;
    const chunks = splitToBytes(over, 2048);
    expect(chunks.length).toBe(2);
    expect(chunks.join('')).toBe(over);
  });

  it('cuts on line breaks when lines fit', () => {
    const lines = Array.from({ length: 40 }, (_, i) => `第 ${i} 行：少儿国画（初级）余位 2`);
    const text = lines.join('\n');
    const chunks = splitToBytes(text, 300);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(300);
    expect(chunks.flatMap((c) => c.split('\n'))).toEqual(lines);
  });

  it('never cuts a CJK character, surrogate pair or emoji sequence in a long line', () => {
    const line = '汉😀字👨‍👩‍👧é'.repeat(60);
    for (const max of [4, 5, 7, 10, 31, 100, 2048]) {
      const chunks = splitToBytes(line, max);
      expect(chunks.join('')).toBe(line);
      for (const chunk of chunks) {
        expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(max);
        expect(wellFormed(chunk)).toBe(true);
        expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(chunk))).toBe(chunk);
      }
      if (max >= 18) expect(chunks.every((c) => !c.startsWith('\u200d') && !c.endsWith('\u200d'))).toBe(true);
    }
  });

  it('prefers a space when cutting a long Latin line', () => {
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    const chunks = splitToBytes(words, 50);
    for (const chunk of chunks) {
      expect(chunk).toMatch(/^word\d+( word\d+)*$/);
      expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(50);
    }
    expect(chunks.join(' ')).toBe(words);
  });
});

describe('trimToBytes', () => {
  it('returns text that fits unchanged', () => {
    expect(trimToBytes('余位 2', 8)).toBe('余位 2');
  });

  it('cuts to the limit, ends with an ellipsis and keeps characters whole', () => {
    const trimmed = trimToBytes('余位'.repeat(100), 20);
    expect(Buffer.byteLength(trimmed)).toBeLessThanOrEqual(20);
    expect(trimmed.endsWith('…')).toBe(true);
    expect(trimmed).toBe('余位余位余…');
  });

  it('does not leave half a surrogate pair', () => {
    const trimmed = trimToBytes('😀'.repeat(10), 9, '');
    expect(trimmed).toBe('😀😀');
  });
});
