import { createHmac } from 'node:crypto';
import { setTimeout as wait } from 'node:timers/promises';
import type { Alert } from '../../core/types.js';
import type { BurstPart, Channel } from '../channel.js';
import { sendAll } from '../channel.js';
import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnknownCodeError,
} from '../errors.js';
import type { RenderOptions } from '../render.js';
import type { AlertView } from '../views.js';
import { linksOf, markdownOf, packBurst, type Rendered, rendered, splitLong } from './markup.js';
import { type EndpointOptions, endpoint, jsonOf, noCodeError, post } from './post.js';

/**
 * Feishu / Lark custom bot (自定义机器人), `POST https://open.feishu.cn/open-apis/bot/v2/hook/<token>`.
 * Facts and sources: docs/channels-reference.md § Feishu.
 */

/** "单租户单机器人 100 次/分钟，5 次/秒". */
export const FEISHU_MAX_PER_MINUTE = 100;
export const FEISHU_MAX_PER_SECOND = 5;
/** "请求体的数据大小不能超过 20 KB": the card's text is kept well under it. */
export const FEISHU_TEXT_MAX_BYTES = 15_000;

export interface FeishuButton {
  tag: 'button';
  text: { tag: 'plain_text'; content: string };
  type: 'primary' | 'default' | 'danger';
  url: string;
}

export interface FeishuCard {
  config: { wide_screen_mode: true };
  header: { title: { tag: 'plain_text'; content: string }; template: 'red' | 'green' | 'grey' | 'blue' };
  elements: (
    | { tag: 'div'; text: { tag: 'lark_md'; content: string } }
    | { tag: 'action'; actions: FeishuButton[] }
  )[];
}

export type FeishuMessage =
  | { msg_type: 'interactive'; card: FeishuCard }
  | { msg_type: 'text'; content: { text: string } };

/** The signature Feishu checks: base64(HMAC-SHA256(key = "timestamp\nsecret", message = "")). */
export function feishuSign(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

export interface FeishuChannelOptions extends EndpointOptions {
  webhook: string;
  /** The 签名校验 secret; without it requests are unsigned. */
  secret?: string;
  id?: string;
  now?: () => Date;
  /** How the 5-per-second pacing waits; tests pass their clock's. */
  sleep?: (ms: number) => Promise<void>;
}

const TEMPLATE: Record<AlertView['tone'], FeishuCard['header']['template']> = {
  warning: 'red',
  info: 'green',
  comment: 'grey',
};

const BROKEN: Record<number, string> = {
  19021:
    "the 签名校验 secret is wrong, or this machine's clock is off by more than an hour: copy the secret again into notify.channels[].secret",
  19022: "this machine's IP is not on the bot's allowlist",
  19024: 'the bot requires a keyword: use 签名校验 (secret) instead, or add "捡漏" as a keyword',
};

export function createFeishuChannel(options: FeishuChannelOptions): Channel<FeishuMessage> {
  const ep = endpoint(
    'Feishu bot',
    options.webhook,
    [options.secret, options.webhook.split('/').pop()],
    options,
  );
  const clock = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => wait(ms));
  const recent: number[] = [];

  function card(
    title: string,
    tone: AlertView['tone'],
    body: string,
    buttons: FeishuButton[],
  ): FeishuMessage {
    const elements: FeishuCard['elements'] = [{ tag: 'div', text: { tag: 'lark_md', content: body } }];
    if (buttons.length > 0) elements.push({ tag: 'action', actions: buttons });
    return {
      msg_type: 'interactive',
      card: {
        config: { wide_screen_mode: true },
        header: { title: { tag: 'plain_text', content: title }, template: TEMPLATE[tone] },
        elements,
      },
    };
  }

  function render(alert: Alert, opts: RenderOptions): FeishuMessage[] {
    const { view, m } = rendered(alert, opts);
    const buttons = linksOf(view).map(
      (l, i): FeishuButton => ({
        tag: 'button',
        text: { tag: 'plain_text', content: l.title },
        type: i === 0 && view.urgent ? 'primary' : 'default',
        url: l.url,
      }),
    );
    // The title is the card's header; the body starts below it.
    // Stryker disable next-line StringLiteral: markdownOf shows no title for any value but heading and bold
    const body = markdownOf(view, m, { links: false, title: 'none', quotes: false });
    const parts = splitLong(body || view.ping, FEISHU_TEXT_MAX_BYTES, m);
    return parts.map((p, i) => card(view.title, view.tone, p, i === 0 ? buttons : []));
  }

  function renderBurst(alerts: Alert[], opts: RenderOptions): BurstPart<FeishuMessage>[] {
    const block = ({ view, m }: Rendered) => markdownOf(view, m, { title: 'bold', quotes: false });
    const chunks = packBurst(alerts, opts, block, FEISHU_TEXT_MAX_BYTES);
    return chunks.map((c) => ({ payload: card(c.title, 'warning', c.body, []), covers: c.covers }));
  }

  /** At most 5 requests in any second: waits for the oldest of the last five to be a second old. */
  async function pace(): Promise<void> {
    const now = clock().getTime();
    while (recent.length > 0 && (recent[0] ?? 0) <= now - 1000) recent.shift();
    if (recent.length >= FEISHU_MAX_PER_SECOND) await sleep((recent[0] ?? now) + 1000 - now);
    recent.push(clock().getTime());
    if (recent.length > FEISHU_MAX_PER_SECOND) recent.shift();
  }

  async function deliver(message: FeishuMessage): Promise<void> {
    await pace();
    const { secret } = options;
    const timestamp = Math.floor(clock().getTime() / 1000);
    const signed = secret ? { timestamp: String(timestamp), sign: feishuSign(timestamp, secret) } : {};
    const answer = await post(ep, options.webhook, JSON.stringify({ ...signed, ...message }));
    const json = jsonOf(answer);
    const code =
      typeof json?.code === 'number'
        ? json.code
        : typeof json?.StatusCode === 'number'
          ? json.StatusCode
          : Number.NaN;
    if (code === 0 && answer.status < 400) return;
    if (code === 99991400 || answer.status === 429) {
      const reset = Number(answer.headers.get('x-ogw-ratelimit-reset'));
      throw new ChannelRetryableError(
        `${ep.where}: rate limited (code ${code}); waiting`,
        Number.isNaN(code) ? answer.status : code,
        Number.isFinite(reset) && reset > 0 ? reset * 1000 : 60_000,
      );
    }
    if (!json || Number.isNaN(code)) throw noCodeError(ep, answer, 'check the webhook URL');
    const msg = ep.scrub(
      typeof json.msg === 'string'
        ? json.msg
        : typeof json.StatusMessage === 'string'
          ? json.StatusMessage
          : '',
    );
    const said = `${ep.where}: code ${code}${msg ? ` (${msg})` : ''}`;
    if (code === 9499 || code === 11232) {
      throw new ChannelRetryableError(
        `${said} — too many requests (${FEISHU_MAX_PER_MINUTE}/min, ${FEISHU_MAX_PER_SECOND}/s); waiting`,
        code,
        code === 11232 ? 60_000 : 10_000,
      );
    }
    const broken = BROKEN[code];
    if (broken)
      throw new ChannelBrokenCodeError(`${said} — ${broken}; then run: jianlou doctor --send`, code);
    if (code === 19002 || code === 11246) {
      throw new ChannelPayloadError(
        `${said} — the bot refused the ${message.msg_type} message; not retried`,
        code,
      );
    }
    throw new ChannelUnknownCodeError(`${said} — unknown code; will retry a few times`, code);
  }

  const channel: Channel<FeishuMessage> = {
    id: options.id ?? 'feishu',
    maxPerMinute: FEISHU_MAX_PER_MINUTE,
    render,
    renderBurst,
    deliver,
    send: (alerts, opts) => sendAll(channel, alerts, opts),
  };
  return channel;
}
