import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Locale } from '../i18n/locale.js';

/**
 * The config's `locale`, read from the file alone (no validation, no environment): for what the CLI says
 * before or without a loaded config — usage errors, a config that fails validation. Chinese (the
 * config's default) when the file is missing, unreadable or says no locale.
 */
export function configLocale(configFile: string): Locale {
  try {
    const raw: unknown = parse(readFileSync(configFile, 'utf8'));
    const locale = raw && typeof raw === 'object' ? (raw as { locale?: unknown }).locale : undefined;
    return locale === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}
