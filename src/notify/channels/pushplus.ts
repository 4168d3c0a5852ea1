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
import { htmlOf, packBurst, rendered } from './markup.js';
import { endpoint, jsonOf, noCodeError, post } from './post.js';
import { type PushServiceOptions, quotaWaitMs } from './push-service.js';

/**
 * PushPlus (推送加) to a personal WeChat: `POST https://www.pushplus.plus/send` with
 * `{ token, title, content, template: "html" }`. Facts and sources: docs/channels-reference.md § PushPlus.
 */

export const PUSHPLUS_URL = 'https://www.pushplus.plus/send';
/** No per-minute limit is documented; 200 requests a day is. A low window makes bursts merge early. */
export const PUSHPLUS_MAX_PER_MINUTE = 5;
export const PUSHPLUS_CONTENT_MAX_BYTES = 20_000;
export const PUSHPLUS_TITLE_MAX = 100;

export interface PushplusMessage {
  title: string;
  content: string;
  template: 'html';
  topic?: string;
}

export interface PushplusChannelOptions extends PushServiceOptions {
  token: string;
  /** A 群组编码 to send to a group of followers instead of yourself. */
  topic?: string;
}

const BROKEN: Record<number, string> = {
  302: 'not logged in: the token is not valid',
  401: 'request not authorised: check the token',
  403: "this machine's IP is not on the token's allowlist",
  888: 'out of credit (积分不足)',
  903: 'the token is wrong: copy it again from pushplus.plus into notify.channels[].token',
  905: 'the account is not verified (实名认证): verify it on pushplus.plus',
};

export function createPushplusChannel(options: PushplusChannelOptions): Channel<PushplusMessage> {
  const url = options.url ?? PUSHPLUS_URL;
  const ep = endpoint('PushPlus', url, [options.token], options);
  const message = (title: string, content: string): PushplusMessage => ({
    title: clipTitle(title, PUSHPLUS_TITLE_MAX),
    content,
    template: 'html',
    ...(options.topic ? { topic: options.topic } : {}),
  });

  function render(alert: Alert, opts: RenderOptions): PushplusMessage[] {
    const { view, m } = rendered(alert, opts);
    return [message(view.title, htmlOf(view, m))];
  }

  function renderBurst(alerts: Alert[], opts: RenderOptions): BurstPart<PushplusMessage>[] {
    const chunks = packBurst(
      alerts,
      opts,
      ({ view, m }) => htmlOf(view, m),
      PUSHPLUS_CONTENT_MAX_BYTES,
      '\n<hr>\n',
    );
    return chunks.map((c) => ({ payload: message(c.title, c.body), covers: c.covers }));
  }

  async function deliver(payload: PushplusMessage): Promise<void> {
    const answer = await post(ep, url, JSON.stringify({ token: options.token, ...payload }));
    const json = jsonOf(answer);
    if (!json || typeof json.code !== 'number')
      throw noCodeError(ep, answer, 'check notify.channels[].url and the token');
    const code = json.code;
    if (code === 200) return;
    const msg = ep.scrub(typeof json.msg === 'string' ? json.msg : '');
    const said = `${ep.where}: code ${code}${msg ? ` (${msg})` : ''}`;
    if (code === 900) {
      // "当回码值是900的时候，代表用户已经无法再推送消息，继续推送反而会加重服务器负担": stop until tomorrow.
      throw new ChannelRetryableError(
        `${said} — the account may not send more today; waiting until midnight`,
        code,
        quotaWaitMs(options),
      );
    }
    if (code === 500) throw new ChannelRetryableError(`${said} — PushPlus is busy; will retry`, code);
    const broken = BROKEN[code];
    if (broken)
      throw new ChannelBrokenCodeError(`${said} — ${broken}; then run: jianlou doctor --send`, code);
    if (code === 600 || code === 999) {
      throw new ChannelPayloadError(`${said} — PushPlus refused the message; not retried`, code);
    }
    throw new ChannelUnknownCodeError(`${said} — unknown code; will retry a few times`, code);
  }

  const channel: Channel<PushplusMessage> = {
    id: options.id ?? 'pushplus',
    maxPerMinute: PUSHPLUS_MAX_PER_MINUTE,
    render,
    renderBurst,
    deliver,
    send: (alerts, opts) => sendAll(channel, alerts, opts),
  };
  return channel;
}
