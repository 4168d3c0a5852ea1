import type { Locale as ApprovalLocale } from '../../i18n/locale.js';
import type { StatusMessages } from './status-catalogue.js';
import { statusEn } from './status-en.js';
import { statusZh } from './status-zh.js';

export type { StatusMessages } from './status-catalogue.js';

export function statusMessagesFor(locale: ApprovalLocale): StatusMessages {
  return locale === 'en' ? statusEn : statusZh;
}
