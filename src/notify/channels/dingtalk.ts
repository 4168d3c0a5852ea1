import { createHmac } from 'node:crypto';
import type { Alert } from '../../core/types.js';
import { clipTitle } from '../bytes.js';
import type { BurstPart, Channel } from '../channel.js';
import { sendAll } from '../channel.js';
import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnknownCodeError,
} from '../errors.js';
import type { RenderOptions } from '../render.js';
import { linksOf, markdownOf, packBurst, type Rendered, rendered, splitLong } from './markup.js';
import { type EndpointOptions, endpoint, httpStatusError, jsonOf, post } from './post.js';

/**
 * DingTalk custom group robot (自定义机器人), `POST https://oapi.dingtalk.com/robot/send?access_token=…`.
 * Facts and sources: docs/channels-reference.md § DingTalk.
 */

/** "每个机器人每分钟最多发送20条消息到群里，如果超过20条，会限流10分钟。" */
export const DINGTALK_MAX_PER_MINUTE = 20;
export const DINGTALK_THROTTLE_MS = 10 * 60_000;
/** markdown/actionCard `text` limit (5000 characters, counted here in bytes to stay under it). */
export const DINGTALK_TEXT_MAX_BYTES = 5000;

export interface DingtalkButton {
  title: string;
  actionURL: string;
}

export type DingtalkMessage =
  | { msgtype: 'text'; text: { content: string }; at?: DingtalkAt }
  | { msgtype: 'markdown'; markdown: { title: string; text: string }; at?: DingtalkAt }
  | {
      msgtype: 'actionCard';
      actionCard: { title: string; text: string; btnOrientation: '0' | '1'; btns: DingtalkButton[] };
    };

export interface DingtalkAt {
  atMobiles?: string[];
  isAtAll?: boolean;
}

/** DingTalk shows at most this many characters of a title (the list preview); longer ones are cut. */
export const DINGTALK_TITLE_MAX = 64;

/** The signature DingTalk checks: base64(HMAC-SHA256(key = secret, "timestamp\nsecret")). */
export function dingtalkSign(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The webhook URL with `&timestamp=…&sign=…` (URL-encoded) appended. */
export function signedDingtalkUrl(webhook: string, secret: string, now: Date): string {
  const timestamp = now.getTime();
  const sep = webhook.includes('?') ? '&' : '?';
  return `${webhook}${sep}timestamp=${timestamp}&sign=${encodeURIComponent(dingtalkSign(timestamp, secret))}`;
}

export interface DingtalkChannelOptions extends EndpointOptions {
  webhook: string;
  /** The 加签 secret (`SEC…`); without it requests are unsigned (a keyword or IP rule must allow them). */
  secret?: string;
  /** Mobiles to @ on urgent alerts; "@all" for everyone. */
  mentionMobiles?: string[];
  id?: string;
  now?: () => Date;
}

const BROKEN: Record<number, string> = {
  300001: 'the access_token is not valid: copy the webhook again from the robot settings',
  400101: 'the access_token does not exist: copy the webhook again from the robot settings',
  400102: 'the robot is disabled: enable it in the group settings',
  400106: 'the robot does not exist: add it to the group again',
  400013: 'the group was dissolved',
};

const REFUSED: Record<number, string> = {
  400105: 'message type not supported',
  430101: 'content has an unsafe external link',
  430102: 'content has inappropriate text',
  430103: 'content has an inappropriate image',
  430104: 'content is inappropriate',
};

/** What 310000 (security setting failed) means, from its errmsg. */
function securityAdvice(errmsg: string): string {
  if (/sign/i.test(errmsg))
    return 'the 加签 secret is wrong: copy it (SEC…) again into notify.channels[].secret';
  if (/timestamp/i.test(errmsg)) return "this machine's clock is off by more than an hour: fix the clock";
  if (/keyword/i.test(errmsg))
    return 'the robot requires a keyword: use 加签 (secret) instead, or add "捡漏" as a keyword';
  if (/ip/i.test(errmsg)) return "this machine's IP is not on the robot's allowlist";
  return "a security setting of the robot refused the message: check the robot's 安全设置";
}

export function createDingtalkChannel(options: DingtalkChannelOptions): Channel<DingtalkMessage> {
  const ep = endpoint('DingTalk robot', options.webhook, [options.secret, tokenOf(options.webhook)], options);
  const clock = options.now ?? (() => new Date());
  const mobiles = (options.mentionMobiles ?? []).filter((s) => s !== '@all');
  const atAll = (options.mentionMobiles ?? []).includes('@all');
  const at = (urgent: boolean): DingtalkAt | undefined =>
    urgent && (mobiles.length > 0 || atAll)
      ? { ...(mobiles.length ? { atMobiles: mobiles } : {}), ...(atAll ? { isAtAll: true } : {}) }
      : undefined;
  const mentionLine = mobiles.map((p) => `@${p}`).join(' ');

  function render(alert: Alert, opts: RenderOptions): DingtalkMessage[] {
    const { view, m } = rendered(alert, opts);
    const title = clipTitle(view.title, DINGTALK_TITLE_MAX);
    const links = linksOf(view);
    const mention = at(view.urgent);
    if (links.length > 0 && (view.format === 'card' || view.urgent)) {
      const text = markdownOf(view, m, { links: false });
      const [first, ...rest] = splitLong(text, DINGTALK_TEXT_MAX_BYTES, m);
      const card: DingtalkMessage = {
        msgtype: 'actionCard',
        actionCard: {
          title,
          text: first ?? '',
          btnOrientation: links.length > 2 ? '0' : '1',
          btns: links.map((l) => ({ title: l.title, actionURL: l.url })),
        },
      };
      const more = rest.map((t): DingtalkMessage => ({ msgtype: 'markdown', markdown: { title, text: t } }));
      // A card cannot @ anyone: a short text follows it carrying the mentions.
      const ping: DingtalkMessage[] = mention
        ? [{ msgtype: 'text', text: { content: `${view.ping} ${mentionLine}`.trim() }, at: mention }]
        : [];
      return [card, ...more, ...ping];
    }
    const body = markdownOf(view, m) + (mention && mentionLine ? `\n\n${mentionLine}` : '');
    return splitLong(body, DINGTALK_TEXT_MAX_BYTES, m).map((text, i) => ({
      msgtype: 'markdown',
      markdown: { title, text },
      ...(i === 0 && mention ? { at: mention } : {}),
    }));
  }

  function renderBurst(alerts: Alert[], opts: RenderOptions): BurstPart<DingtalkMessage>[] {
    const block = ({ view, m }: Rendered) => markdownOf(view, m, { title: 'bold' });
    const chunks = packBurst(alerts, opts, block, DINGTALK_TEXT_MAX_BYTES);
    return chunks.map((c) => ({
      payload: {
        msgtype: 'markdown',
        markdown: { title: clipTitle(c.title, DINGTALK_TITLE_MAX), text: `### ${c.title}\n\n${c.body}` },
      },
      covers: c.covers,
    }));
  }

  async function deliver(message: DingtalkMessage): Promise<void> {
    const url = options.secret
      ? signedDingtalkUrl(options.webhook, options.secret, clock())
      : options.webhook;
    const answer = await post(ep, url, JSON.stringify(message));
    const json = jsonOf(answer);
    if (!json) {
      throw (
        httpStatusError(ep, answer, 'check the webhook URL') ??
        new ChannelRetryableError(
          `${ep.where}: HTTP ${answer.status} without JSON; will retry`,
          answer.status,
        )
      );
    }
    const errcode = typeof json.errcode === 'number' ? json.errcode : Number.NaN;
    if (errcode === 0) return;
    const errmsg = ep.scrub(typeof json.errmsg === 'string' ? json.errmsg : '');
    const said = `${ep.where}: errcode ${errcode}${errmsg ? ` (${errmsg})` : ''}`;
    if (Number.isNaN(errcode))
      throw new ChannelRetryableError(`${ep.where}: answer without errcode; will retry`, null);
    if (errcode === 130101 || errcode === 410100) {
      throw new ChannelRetryableError(
        `${said} — over ${DINGTALK_MAX_PER_MINUTE} messages a minute; the robot is throttled for 10 minutes`,
        errcode,
        DINGTALK_THROTTLE_MS,
      );
    }
    if (errcode === -1) throw new ChannelRetryableError(`${said} — DingTalk is busy; will retry`, errcode);
    if (errcode === 310000) {
      throw new ChannelBrokenCodeError(
        `${said} — ${securityAdvice(errmsg)}; then run: jianlou doctor --send`,
        errcode,
      );
    }
    const broken = BROKEN[errcode];
    if (broken)
      throw new ChannelBrokenCodeError(`${said} — ${broken}; then run: jianlou doctor --send`, errcode);
    const refused = REFUSED[errcode];
    if (refused)
      throw new ChannelPayloadError(
        `${said} — ${refused} in a ${message.msgtype} message; not retried`,
        errcode,
      );
    throw new ChannelUnknownCodeError(`${said} — unknown errcode; will retry a few times`, errcode);
  }

  const channel: Channel<DingtalkMessage> = {
    id: options.id ?? 'dingtalk',
    maxPerMinute: DINGTALK_MAX_PER_MINUTE,
    render,
    renderBurst,
    deliver,
    send: (alerts, opts) => sendAll(channel, alerts, opts),
  };
  return channel;
}

function tokenOf(webhook: string): string | undefined {
  return /[?&]access_token=([^&]+)/.exec(webhook)?.[1];
}
