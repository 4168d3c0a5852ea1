import { en } from './en.js';
import type { Locale } from './locale.js';
import type { Catalogue } from './types.js';
import { zh } from './zh.js';

/** The parent-facing text in one locale; Chinese unless told otherwise. */
export function catalogue(locale: Locale = 'zh'): Catalogue {
  return locale === 'en' ? en : zh;
}
