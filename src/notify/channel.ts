import type { Alert } from '../core/types.js';
import { mergeAlertsParts, type RenderOptions, renderAlert } from './render.js';
import { createWecomClient, type WecomClient, type WecomClientOptions } from './wecom-client.js';
import { WECOM_MAX_PER_MINUTE, type WecomMessage } from './wecom-types.js';

/** A channel's answer to "do you take this alert now?" (see `Channel.admit`). */
export type Admission = 'send' | 'skip' | Date;

/** One wire message of a burst and the alerts (indexes into the burst) it carries in full. */
export interface BurstPart<P> {
  payload: P;
  covers: number[];
}

/**
 * A place alerts go (WeCom robot, a JSON webhook, …). Rendering is separate from delivery so the
 * sender can count wire messages against the rate limit and remember which parts of a multi-part
 * alert already went out. `deliver` throws the errors of ./errors.ts (and core's
 * ChannelBrokenError); anything else is treated as retryable.
 */
export interface Channel<P = unknown> {
  readonly id: string;
  /** Wire messages allowed per rolling minute; undefined = the sender's default. */
  readonly maxPerMinute?: number;
  /** The wire messages for one alert, in sending order. */
  render(alert: Alert, opts: RenderOptions): P[];
  /** Wire messages summarising several alerts at once. */
  renderBurst(alerts: Alert[], opts: RenderOptions): BurstPart<P>[];
  deliver(payload: P): Promise<void>;
  /**
   * Whether this channel takes `alert` at `now` (optional; absent = always): 'send', 'skip' (a kind
   * this channel does not get: settled without sending) or the instant it may go out (the channel's
   * own quiet hours). Pure; see channels/filter.ts.
   */
  admit?(alert: Alert, now: Date): Admission;
  /** Renders and delivers, one alert after the other (a burst when there are several). */
  send(alerts: Alert[], opts?: RenderOptions): Promise<void>;
}

/** `send` for channels: render, then deliver each wire message in order. */
export async function sendAll<P>(
  channel: Channel<P>,
  alerts: Alert[],
  opts: RenderOptions = {},
): Promise<void> {
  const payloads =
    alerts.length === 1 && alerts[0]
      ? channel.render(alerts[0], opts)
      : channel.renderBurst(alerts, opts).map((p) => p.payload);
  for (const payload of payloads) await channel.deliver(payload);
}

export interface WecomChannelOptions extends Partial<WecomClientOptions> {
  /** Channel id (the key of its broken mark and rate state); 'wecom' by default. */
  id?: string;
  /** An existing client; otherwise one is made from `webhookUrl`. */
  client?: WecomClient;
}

export function createWecomChannel(options: WecomChannelOptions): Channel<WecomMessage> {
  const client =
    options.client ??
    (() => {
      if (!options.webhookUrl) throw new TypeError('createWecomChannel: give `webhookUrl` or `client`');
      return createWecomClient({ ...options, webhookUrl: options.webhookUrl });
    })();
  const channel: Channel<WecomMessage> = {
    id: options.id ?? 'wecom',
    maxPerMinute: WECOM_MAX_PER_MINUTE,
    render: (alert, opts) => renderAlert(alert, opts),
    renderBurst: (alerts, opts) =>
      mergeAlertsParts(alerts, opts).map((p) => ({ payload: p.message, covers: p.covers })),
    deliver: (message) => client.send(message),
    send: (alerts, opts) => sendAll(channel, alerts, opts),
  };
  return channel;
}
