import type { Alert } from '../../core/types.js';
import { clipTitle, trimToBytes } from '../bytes.js';
import type { BurstPart, Channel } from '../channel.js';
import { sendAll } from '../channel.js';
import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnknownCodeError,
} from '../errors.js';
import type { RenderOptions } from '../render.js';
import { linksOf, packBurst, rendered, textBodyOf, textOf } from './markup.js';
import { type EndpointOptions, endpoint, httpStatusError, jsonOf, post } from './post.js';

/**
 * Bark (iOS push): `POST https://api.day.app/push` with `{ device_key, title, body, url, group, level }`
 * (bark-server API v2). The config gives the device URL `https://api.day.app/<device_key>`, the way
 * the app shows it. Facts and sources: docs/channels-reference.md § Bark.
 */

/** APNs takes a 4 KB payload: the body is kept under it. */
export const BARK_BODY_MAX_BYTES = 3000;
export const BARK_MAX_PER_MINUTE = 30;
/**
 * The title is cut too (keeping （重发）): a course with a very long name made title + body pass
 * the 4 KB and the push was refused, the alert lost.
 */
export const BARK_TITLE_MAX = 100;

export interface BarkMessage {
  title: string;
  body: string;
  /** Opened when the notification is tapped: the alert's main link (approve for a hold). */
  url?: string;
  group: string;
  level: 'active' | 'timeSensitive' | 'passive';
}

export interface BarkChannelOptions extends EndpointOptions {
  /** `https://api.day.app/<device_key>` (or a self-hosted server's). */
  url: string;
  /** Notification group shown in the app; "jianlou" by default. */
  group?: string;
  id?: string;
}

/** The server's push endpoint and the device key, from the device URL. */
export function barkTarget(deviceUrl: string): { pushUrl: string; deviceKey: string } {
  const u = new URL(deviceUrl);
  const segments = u.pathname.split('/').filter(Boolean);
  const deviceKey = segments.pop() ?? '';
  u.pathname = `/${[...segments, 'push'].join('/')}`;
  u.search = '';
  return { pushUrl: u.toString(), deviceKey };
}

export function createBarkChannel(options: BarkChannelOptions): Channel<BarkMessage> {
  const { pushUrl, deviceKey } = barkTarget(options.url);
  const ep = endpoint('Bark', pushUrl, [options.url, deviceKey], options);
  const group = options.group ?? 'jianlou';

  function render(alert: Alert, opts: RenderOptions): BarkMessage[] {
    const { view, m } = rendered(alert, opts);
    const main = linksOf(view)[0]?.url;
    const body = trimToBytes(textBodyOf(view, m), BARK_BODY_MAX_BYTES);
    return [
      {
        title: clipTitle(view.title, BARK_TITLE_MAX),
        body: body || view.ping,
        ...(main ? { url: main } : {}),
        group,
        // Time-sensitive notifications show through Focus modes: only for what cannot wait.
        level: view.urgent ? 'timeSensitive' : 'active',
      },
    ];
  }

  function renderBurst(alerts: Alert[], opts: RenderOptions): BurstPart<BarkMessage>[] {
    return packBurst(alerts, opts, ({ view, m }) => textOf(view, m), BARK_BODY_MAX_BYTES, '\n\n').map(
      (c) => ({
        payload: { title: c.title, body: c.body, group, level: 'timeSensitive' },
        covers: c.covers,
      }),
    );
  }

  async function deliver(message: BarkMessage): Promise<void> {
    const answer = await post(ep, pushUrl, JSON.stringify({ device_key: deviceKey, ...message }));
    const json = jsonOf(answer);
    const code = typeof json?.code === 'number' ? json.code : Number.NaN;
    if (code === 200 && answer.status < 300) return;
    const said = ep.scrub(typeof json?.message === 'string' ? json.message : '');
    const where = `${ep.where}: HTTP ${answer.status}${said ? ` (${said})` : ''}`;
    if (answer.status === 400 && /device token|device_key|failed to get/i.test(said)) {
      throw new ChannelBrokenCodeError(
        `${where} — the device key is unknown to the server: copy the URL again from the Bark app into notify.channels[].url`,
        answer.status,
      );
    }
    if (answer.status === 400)
      throw new ChannelPayloadError(`${where} — Bark refused the push; not retried`, answer.status);
    const http = httpStatusError(ep, answer, 'check notify.channels[].url (the Bark app shows it)');
    if (http) throw http;
    if (Number.isNaN(code))
      throw new ChannelRetryableError(`${where} without a code; will retry`, answer.status);
    throw new ChannelUnknownCodeError(`${where} — unknown code ${code}; will retry a few times`, code);
  }

  const channel: Channel<BarkMessage> = {
    id: options.id ?? 'bark',
    maxPerMinute: BARK_MAX_PER_MINUTE,
    render,
    renderBurst,
    deliver,
    send: (alerts, opts) => sendAll(channel, alerts, opts),
  };
  return channel;
}
