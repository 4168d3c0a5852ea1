import type { ApprovalLocale } from '../types.js';
import { en } from './en.js';
import type { Messages } from './types.js';
import { zh } from './zh.js';

export type { Messages, Notice, NoticeKind } from './types.js';

export function messagesFor(locale: ApprovalLocale): Messages {
  return locale === 'en' ? en : zh;
}
