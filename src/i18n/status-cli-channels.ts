/**
 * How a person reads an alert channel in `doctor`, `status` and on the status page: its kind, where it
 * sends and (e-mail) to how many, as data from src/notify/channels/describe.ts worded here; the config
 * path to fix it stays as it is, worded around. The endpoint comes without its secrets.
 */

export type ChannelType =
  | 'wecom'
  | 'dingtalk'
  | 'feishu'
  | 'pushplus'
  | 'serverchan'
  | 'bark'
  | 'email'
  | 'webhook';

/** A channel as data (src/notify/channels/describe.ts's `ChannelLabel`; i18n is a lower room). */
export interface ChannelWhat {
  type: ChannelType;
  /** Where it sends, without a secret: an origin, WeCom's URL with its key redacted, an SMTP server. */
  endpoint: string;
  /** E-mail: how many addresses it goes to. */
  recipients?: number;
}

export interface ChannelWords {
  /** The kind alone: 钉钉机器人, DingTalk robot. */
  name(type: ChannelType): string;
  /** The kind and where it sends (the endpoint is followed by a space or the end: see `what`'s callers). */
  what(c: ChannelWhat): string;
  /**
   * Where in the config to fix it: the key as it is, with the entry's id for a `notify.channels[i]`
   * entry (`notify.channels[0] (dingtalk)`).
   */
  place(configPath: string, id: string): string;
}

/** A `notify.channels[i]` entry, which the id names (the other keys name one channel each). */
const isEntry = (configPath: string): boolean => /\[\d+\]$/.test(configPath);

const NAMES_ZH: Record<ChannelType, string> = {
  wecom: '企业微信群机器人',
  dingtalk: '钉钉机器人',
  feishu: '飞书机器人',
  pushplus: 'PushPlus',
  serverchan: 'Server酱',
  bark: 'Bark',
  email: '电子邮件',
  webhook: 'JSON 网络回调',
};

export const zhChannelWords: ChannelWords = {
  name: (type) => NAMES_ZH[type],
  what: (c) =>
    `${NAMES_ZH[c.type]} ${c.endpoint}` +
    (c.recipients !== undefined ? `（发给 ${c.recipients} 个地址）` : ''),
  place: (path, id) => (isEntry(path) ? `${path}（${id}）` : path),
};

const NAMES_EN: Record<ChannelType, string> = {
  wecom: 'WeCom robot',
  dingtalk: 'DingTalk robot',
  feishu: 'Feishu bot',
  pushplus: 'PushPlus',
  serverchan: 'ServerChan',
  bark: 'Bark',
  email: 'e-mail',
  webhook: 'JSON webhook',
};

export const enChannelWords: ChannelWords = {
  name: (type) => NAMES_EN[type],
  what: (c) =>
    `${NAMES_EN[c.type]} ${c.endpoint}` +
    (c.recipients !== undefined ? ` to ${c.recipients} address(es)` : ''),
  place: (path, id) => (isEntry(path) ? `${path} (${id})` : path),
};
