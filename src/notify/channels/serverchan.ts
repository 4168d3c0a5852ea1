import type { Alert } from '../../core/types.js';
import { clipTitle } from '../bytes.js';
import type { BurstPart, Channel } from '../channel.js';
import { sendAll } from '../channel.js';
import { ChannelRetryableError, ChannelUnknownCodeError } from '../errors.js';
import type { RenderOptions } from '../render.js';
import { markdownOf, packBurst, type Rendered, rendered, splitLong } from './markup.js';
import { endpoint, jsonOf, noCodeError, post } from './post.js';
import { type PushServiceOptions, quotaWaitMs } from './push-service.js';

/**
 * ServerChan Turbo (Server酱) to a personal WeChat: `POST https://sctapi.ftqq.com/<SendKey>.send`
 * with `title` (≤ 32 characters) and `desp` (markdown, ≤ 32 KB). Facts and sources:
 * docs/channels-reference.md § ServerChan.
 */

export const SERVERCHAN_URL = 'https://sctapi.ftqq.com';
export const SERVERCHAN_TITLE_MAX = 32;
export const SERVERCHAN_DESP_MAX_BYTES = 32_000;
/** The free plan sends 5 messages a day; a low window makes bursts merge early. */
export const SERVERCHAN_MAX_PER_MINUTE = 5;

export interface ServerchanMessage {
  title: string;
  desp: string;
  /** The card's short text in the WeChat message list. */
  short?: string;
}

export interface ServerchanChannelOptions extends PushServiceOptions {
  sendkey: string;
  /** The API base; the provider's by default (a local stand-in in tests). The path is `/<SendKey>.send`. */
  url?: string;
}

/**
 * The answer past the day's quota. ServerChan documents no codes: its text is read ("超过当天的发送次数
 * 限制", "quota", "limit"; [?] in docs/channels-reference.md). A quota answer is never a wrong SendKey.
 */
export function isQuotaAnswer(message: string): boolean {
  return /次数|限额|quota|limit/i.test(message);
}

export function createServerchanChannel(options: ServerchanChannelOptions): Channel<ServerchanMessage> {
  const base = (options.url ?? SERVERCHAN_URL).replace(/\/+$/, '');
  const sendUrl = `${base}/${encodeURIComponent(options.sendkey)}.send`;
  const ep = endpoint('ServerChan', base, [sendUrl, options.sendkey], options);
  const message = (title: string, desp: string, short?: string): ServerchanMessage => ({
    title: clipTitle(title, SERVERCHAN_TITLE_MAX),
    desp,
    ...(short ? { short: [...short].slice(0, 64).join('') } : {}),
  });

  function render(alert: Alert, opts: RenderOptions): ServerchanMessage[] {
    const { view, m } = rendered(alert, opts);
    const parts = splitLong(markdownOf(view, m), SERVERCHAN_DESP_MAX_BYTES, m);
    return parts.map((p) => message(view.title, p, view.ping));
  }

  function renderBurst(alerts: Alert[], opts: RenderOptions): BurstPart<ServerchanMessage>[] {
    const block = ({ view, m }: Rendered) => markdownOf(view, m, { title: 'bold' });
    return packBurst(alerts, opts, block, SERVERCHAN_DESP_MAX_BYTES).map((c) => ({
      payload: message(c.title, c.body),
      covers: c.covers,
    }));
  }

  async function deliver(payload: ServerchanMessage): Promise<void> {
    const answer = await post(ep, sendUrl, JSON.stringify(payload));
    const json = jsonOf(answer);
    const code = typeof json?.code === 'number' ? json.code : Number.NaN;
    if (code === 0) return;
    if (Number.isNaN(code)) {
      throw noCodeError(
        ep,
        answer,
        'the SendKey looks wrong: copy it again from sct.ftqq.com into notify.channels[].sendkey',
      );
    }
    // Stryker disable next-line OptionalChaining: a code was read above, so `json` is an object here
    const said = ep.scrub(typeof json?.message === 'string' ? json.message : '');
    if (isQuotaAnswer(said)) {
      // Retrying before the quota resets only spends attempts: the alert waits for the next day.
      throw new ChannelRetryableError(
        `${ep.where}: code ${code} (${said}) — the day's quota is spent; waiting until midnight`,
        code,
        quotaWaitMs(options),
      );
    }
    // ServerChan documents only `code 0 = success`: any other code is retried a few times, then fails loudly.
    throw new ChannelUnknownCodeError(
      `${ep.where}: code ${code}${said ? ` (${said})` : ''} — the message was not accepted (a wrong SendKey or the day's quota); will retry a few times`,
      code,
    );
  }

  const channel: Channel<ServerchanMessage> = {
    id: options.id ?? 'serverchan',
    maxPerMinute: SERVERCHAN_MAX_PER_MINUTE,
    render,
    renderBurst,
    deliver,
    send: (alerts, opts) => sendAll(channel, alerts, opts),
  };
  return channel;
}
