import { MARKDOWN_MAX_BYTES, TEXT_MAX_BYTES } from '../notify/wecom-types.js';

/**
 * Checks a webhook body the way the WeCom server does (doc 91770), answering with the same errcodes
 * and errmsg wording. Pure, so the local sink and tests share it.
 */

export interface WecomAnswer {
  errcode: number;
  errmsg: string;
}

export const OK: WecomAnswer = { errcode: 0, errmsg: 'ok' };

/** WeCom's errmsg ends with a hint and a pointer to the error-code query tool. */
export function answer(errcode: number, text: string): WecomAnswer {
  const hint = `${Date.now().toString(36)}-sink`;
  return {
    errcode,
    errmsg: `${text}, hint: [${hint}], more info at https://open.work.weixin.qq.com/devtool/query?e=${errcode}`,
  };
}

const KNOWN_TYPES = ['text', 'markdown', 'markdown_v2', 'image', 'news', 'file', 'voice', 'template_card'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function tooLong(field: string, max: number): WecomAnswer {
  return answer(40058, `${field} exceed max length ${max}. invalid Request Parameter`);
}

export function validateWecomBody(body: unknown): WecomAnswer {
  if (!isObject(body)) return answer(40058, 'invalid json request');
  const msgtype = body.msgtype;
  if (typeof msgtype !== 'string' || !KNOWN_TYPES.includes(msgtype)) {
    return answer(40008, 'invalid message type');
  }
  const inner = body[msgtype];
  if (!isObject(inner)) return answer(40058, `missing ${msgtype} field. invalid Request Parameter`);
  switch (msgtype) {
    case 'text': {
      if (typeof inner.content !== 'string' || inner.content === '') return answer(44004, 'empty content');
      if (Buffer.byteLength(inner.content) > TEXT_MAX_BYTES) return tooLong('text.content', TEXT_MAX_BYTES);
      for (const list of ['mentioned_list', 'mentioned_mobile_list']) {
        if (inner[list] !== undefined && !isStringArray(inner[list])) {
          return answer(40058, `text.${list} must be an array of strings. invalid Request Parameter`);
        }
      }
      return OK;
    }
    case 'markdown':
    case 'markdown_v2': {
      if (typeof inner.content !== 'string' || inner.content === '') return answer(44004, 'empty content');
      if (Buffer.byteLength(inner.content) > MARKDOWN_MAX_BYTES) {
        return tooLong(`${msgtype}.content`, MARKDOWN_MAX_BYTES);
      }
      return OK;
    }
    case 'template_card':
      return validateCard(inner);
    default:
      return OK;
  }
}

function validateCard(card: Record<string, unknown>): WecomAnswer {
  if (card.card_type !== 'text_notice' && card.card_type !== 'news_notice') {
    return answer(42031, 'Template_Card.CardType invalid');
  }
  const main = isObject(card.main_title) ? card.main_title : {};
  const hasTitle = typeof main.title === 'string' && main.title !== '';
  const hasSub = typeof card.sub_title_text === 'string' && card.sub_title_text !== '';
  if (!hasTitle && !hasSub) return answer(42033, 'Template_Card main_title.title or sub_title_text missing');
  const action = card.card_action;
  if (!isObject(action) || !linkOk(action, true))
    return answer(42045, 'Template_Card.card_action missing or invalid');
  const horizontal = card.horizontal_content_list;
  if (horizontal !== undefined) {
    if (!Array.isArray(horizontal) || horizontal.length > 6) {
      return answer(42035, 'Template_Card.horizontal_content_list size invalid');
    }
    for (const row of horizontal) {
      if (!isObject(row) || typeof row.keyname !== 'string' || row.keyname === '') {
        return answer(
          40058,
          'Template_Card.horizontal_content_list.keyname missing. invalid Request Parameter',
        );
      }
      if (row.type === 1 && (typeof row.url !== 'string' || row.url === '')) {
        return answer(42028, 'Template_Card url missing');
      }
    }
  }
  const jumps = card.jump_list;
  if (jumps !== undefined) {
    if (!Array.isArray(jumps) || jumps.length > 3)
      return answer(42042, 'Template_Card.jump_list size invalid');
    for (const jump of jumps) {
      if (!isObject(jump) || typeof jump.title !== 'string' || jump.title === '') {
        return answer(42033, 'Template_Card jump_list.title missing');
      }
      if (!linkOk(jump, false)) return answer(42028, 'Template_Card url missing');
    }
  }
  if (card.card_type === 'news_notice') {
    const image = card.card_image;
    if (!isObject(image) || typeof image.url !== 'string' || image.url === '') {
      return answer(42044, 'Template_Card.card_image.url missing or invalid');
    }
  }
  return OK;
}

/** type 1 needs an http(s) url, type 2 an appid; other types are plain text (jump_list only). */
function linkOk(link: Record<string, unknown>, required: boolean): boolean {
  if (link.type === 1) return typeof link.url === 'string' && /^https?:\/\//.test(link.url);
  if (link.type === 2) return typeof link.appid === 'string' && link.appid !== '';
  return !required;
}
