import { z } from 'zod';
import { ALERT_KINDS } from '../core/types.js';
import { HHMM, ID_CHARS, MOBILE, said, WEBHOOK_NO_KEY } from './said.js';

/**
 * `notify.channels[]`: any number of channels, each with its own endpoint (the provider's by
 * default, so a local stand-in can take its place), which alert kinds it gets and its own quiet
 * hours. The only definition of their fields and bounds.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, HHMM);
const httpUrl = (example: string) =>
  z
    .url({ message: said(`must be a URL like ${example}`, { code: 'url_like', example, http: false }) })
    .refine(
      (u) => /^https?:\/\//i.test(u),
      said(`must be an http(s) URL like ${example}`, { code: 'url_like', example, http: true }),
    );

/** What every channel may say besides its endpoint. */
const common = {
  /** Names the channel in logs, `jianlou status` and `doctor` (default: its type, then type-2 …). */
  id: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, ID_CHARS)
    .optional(),
  /** Only these alert kinds go to this channel (default: all), e.g. [daily_summary] for e-mail. */
  kinds: z
    .array(z.enum(ALERT_KINDS))
    .min(1, said('list at least one alert kind, or leave kinds out', { code: 'no_kinds' }))
    .optional(),
  /** This channel's quiet hours: other kinds wait until they end (default urgent: openings and holds). */
  quietHours: z
    .strictObject({ start: hhmm, end: hhmm, urgent: z.array(z.enum(ALERT_KINDS)).optional() })
    .optional(),
};

const mobiles = z.array(z.string().regex(/^(\d{11}|@all)$/, MOBILE)).default([]);

export const wecomChannelSchema = z.strictObject({
  type: z.literal('wecom'),
  ...common,
  webhook: httpUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…').refine(
    // Stryker disable next-line Regex: `[^&]` and `[^&]+` match the same URLs in a test()
    (u) => /[?&]key=[^&]+/.test(u),
    WEBHOOK_NO_KEY,
  ),
  mentionMobiles: mobiles,
  mentionUserIds: z.array(z.string().min(1)).default([]),
});

export const dingtalkChannelSchema = z.strictObject({
  type: z.literal('dingtalk'),
  ...common,
  webhook: httpUrl('https://oapi.dingtalk.com/robot/send?access_token=…').refine(
    // Stryker disable next-line Regex: `[^&]` and `[^&]+` match the same URLs in a test()
    (u) => /[?&]access_token=[^&]+/.test(u),
    said('the webhook URL has no access_token=… parameter: copy it from the robot settings', {
      code: 'dingtalk_no_token',
    }),
  ),
  /** The 加签 secret (SEC…); leave out only when the robot uses a keyword or IP rule instead. */
  secret: z
    .string()
    .min(8, said('the 加签 secret is the SEC… string of the robot settings', { code: 'dingtalk_secret' }))
    .optional(),
  mentionMobiles: mobiles,
});

export const feishuChannelSchema = z.strictObject({
  type: z.literal('feishu'),
  ...common,
  webhook: httpUrl('https://open.feishu.cn/open-apis/bot/v2/hook/…').refine(
    (u) => /\/hook\/[^/?#]+$/.test(u),
    said('the webhook URL must end in /hook/<token>: copy it from the bot settings', { code: 'feishu_hook' }),
  ),
  secret: z
    .string()
    .min(8, said('the 签名校验 secret of the bot settings', { code: 'feishu_secret' }))
    .optional(),
});

export const pushplusChannelSchema = z.strictObject({
  type: z.literal('pushplus'),
  ...common,
  token: z
    .string()
    .regex(
      /^[A-Za-z0-9]{16,64}$/,
      said('the token of pushplus.plus (letters and digits)', { code: 'pushplus_token' }),
    ),
  url: httpUrl('https://www.pushplus.plus/send').optional(),
  topic: z.string().min(1).optional(),
});

export const serverchanChannelSchema = z.strictObject({
  type: z.literal('serverchan'),
  ...common,
  sendkey: z
    .string()
    .regex(/^[A-Za-z0-9]{8,80}$/, said('the SendKey of sct.ftqq.com (SCT…)', { code: 'serverchan_sendkey' })),
  url: httpUrl('https://sctapi.ftqq.com').optional(),
});

export const barkChannelSchema = z.strictObject({
  type: z.literal('bark'),
  ...common,
  url: httpUrl('https://api.day.app/DEVICE_KEY').refine(
    (u) => new URL(u).pathname.split('/').filter(Boolean).length >= 1,
    said('the URL must end in the device key, as the Bark app shows it: https://api.day.app/DEVICE_KEY', {
      code: 'bark_device_key',
    }),
  ),
  group: z.string().min(1).max(40).optional(),
});

export const emailChannelSchema = z.strictObject({
  type: z.literal('email'),
  ...common,
  smtp: z.string().refine(
    // Stryker disable next-line Regex: `[^/]` and `[^/]+` match the same URLs in a test()
    (u) => /^smtps?:\/\/[^/]+/i.test(u),
    said('use smtps://user:pass@smtp.example.com:465 (or smtp://…:587)', { code: 'smtp_url' }),
  ),
  from: z.string().min(3, said('the sender, e.g. "捡漏 <me@example.com>"', { code: 'email_from' })),
  to: z
    .array(z.email({ message: said('an e-mail address', { code: 'email_address' }) }))
    .min(1, said('list at least one recipient', { code: 'no_recipients' })),
});

export const webhookChannelSchema = z.strictObject({
  type: z.literal('webhook'),
  ...common,
  url: httpUrl('https://example.com/hook'),
});

export const channelSchema = z.discriminatedUnion(
  'type',
  [
    wecomChannelSchema,
    dingtalkChannelSchema,
    feishuChannelSchema,
    pushplusChannelSchema,
    serverchanChannelSchema,
    barkChannelSchema,
    emailChannelSchema,
    webhookChannelSchema,
  ],
  {
    error: said('type must be one of wecom, dingtalk, feishu, pushplus, serverchan, bark, email, webhook', {
      code: 'channel_type',
    }),
  },
);

export type ChannelConfig = z.output<typeof channelSchema>;

/** Each channel's id: as given, else its type, then type-2, type-3 … for more of the same type. */
export function channelIds(channels: readonly Pick<ChannelConfig, 'type' | 'id'>[]): string[] {
  const seen = new Map<string, number>();
  return channels.map((c) => {
    if (c.id) return c.id;
    const n = (seen.get(c.type) ?? 0) + 1;
    seen.set(c.type, n);
    return n === 1 ? c.type : `${c.type}-${n}`;
  });
}

/** Every secret a channel config holds (whole URLs and their parts), for the log scrubber. */
export function channelSecrets(c: ChannelConfig): string[] {
  // Stryker disable next-line OptionalChaining: the schema refused a webhook without the parameter
  const param = (url: string, name: string) => new RegExp(`[?&]${name}=([^&]+)`).exec(url)?.[1];
  switch (c.type) {
    case 'wecom':
      // Stryker disable next-line StringLiteral: unreachable fallback (the schema requires key=…)
      return [c.webhook, param(c.webhook, 'key') ?? ''];
    case 'dingtalk':
      // Stryker disable next-line StringLiteral: unreachable fallback (the schema requires access_token=…)
      return [c.webhook, param(c.webhook, 'access_token') ?? '', c.secret ?? ''];
    case 'feishu':
      // Stryker disable next-line StringLiteral: unreachable fallback (split always gives a last part)
      return [c.webhook, c.webhook.split('/').pop() ?? '', c.secret ?? ''];
    case 'pushplus':
      return [c.token];
    case 'serverchan':
      return [c.sendkey];
    case 'bark':
      // Stryker disable next-line StringLiteral: unreachable fallback (the schema requires a device key in the path)
      return [c.url, new URL(c.url).pathname.split('/').filter(Boolean).pop() ?? ''];
    case 'email': {
      let pass = '';
      try {
        pass = new URL(c.smtp).password;
      } catch {}
      return [c.smtp, pass, pass ? decodeURIComponent(pass) : ''];
    }
    case 'webhook':
      return [c.url];
  }
}
