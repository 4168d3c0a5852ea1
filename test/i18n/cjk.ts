/** CJK ideographs, full-width forms and CJK punctuation: what an English text must not contain. */
export const CJK = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/;

/**
 * The CJK characters left in `text` once the names and titles that came from the portal or the
 * config (which stay as they are in any locale) are taken out.
 */
export function strayCjk(text: string, known: readonly string[]): string[] {
  let rest = text;
  // Longest first, so a title that contains a shorter name is removed whole.
  for (const k of [...known].sort((a, b) => b.length - a.length)) rest = rest.split(k).join(' ');
  const lines = rest.split('\n').filter((line) => CJK.test(line));
  return lines.map((line) => line.trim().slice(0, 160));
}
