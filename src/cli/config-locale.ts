import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { Locale } from '../i18n/locale.js';

/**
 * The config's `locale`, read from the file alone (no validation, no environment): for what the CLI says
 * before or without a loaded config — usage errors, a config that fails validation. A file whose YAML
 * breaks further down still says its locale (the parser keeps what it read). Chinese (the config's
 * default) when the file is missing, unreadable or says no locale.
 */
export function configLocale(configFile: string): Locale {
  try {
    const doc = parseDocument(readFileSync(configFile, 'utf8'));
    const raw: unknown = doc.toJS();
    const locale = raw && typeof raw === 'object' ? (raw as { locale?: unknown }).locale : undefined;
    return locale === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}
