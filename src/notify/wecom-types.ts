/**
 * WeCom group-robot payloads and their limits, as the WeCom group robot API reference describes them
 * ("群机器人配置说明", https://developer.work.weixin.qq.com/document/path/91770).
 */

export const TEXT_MAX_BYTES = 2048;
export const MARKDOWN_MAX_BYTES = 4096;
/** "每个机器人发送的消息不能超过20条/分钟". */
export const WECOM_MAX_PER_MINUTE = 20;

export interface TextMessage {
  msgtype: 'text';
  text: { content: string; mentioned_list?: string[]; mentioned_mobile_list?: string[] };
}

export interface MarkdownMessage {
  msgtype: 'markdown';
  markdown: { content: string };
}

export interface CardField {
  keyname: string;
  value?: string;
  /** 1 = url (then `url` is required); absent = plain text. */
  type?: 1;
  url?: string;
}

export interface CardJump {
  type: 1;
  title: string;
  url: string;
}

export interface TextNoticeCard {
  card_type: 'text_notice';
  source?: { icon_url?: string; desc?: string; desc_color?: 0 | 1 | 2 | 3 };
  main_title: { title?: string; desc?: string };
  emphasis_content?: { title?: string; desc?: string };
  sub_title_text?: string;
  horizontal_content_list?: CardField[];
  jump_list?: CardJump[];
  /** Required for text_notice; a click on the card opens this url. */
  card_action: { type: 1; url: string };
}

export interface TemplateCardMessage {
  msgtype: 'template_card';
  template_card: TextNoticeCard;
}

export type WecomMessage = TextMessage | MarkdownMessage | TemplateCardMessage;

/**
 * Card limits. Counts are hard limits (the server answers 42035 / 42042); the text lengths are the
 * doc's "建议不超过 N 个字" — longer text is cut off on the phone, so a card that exceeds them is sent
 * as markdown instead. Lengths are in display width: a CJK character counts 1, other characters 0.5.
 */
export const CARD_LIMITS = {
  horizontalContentList: 6,
  jumpList: 3,
  sourceDesc: 13,
  mainTitle: 26,
  mainTitleDesc: 30,
  emphasisTitle: 10,
  emphasisDesc: 15,
  subTitleText: 112,
  keyname: 5,
  value: 26,
  jumpTitle: 13,
} as const;
