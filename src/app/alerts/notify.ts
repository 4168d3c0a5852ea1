import type { Alert } from '../../core/types.js';
import type { Channel } from '../../notify/channel.js';
import { createWecomChannel } from '../../notify/channel.js';
import { channelsFromConfig } from '../../notify/channels/from-config.js';
import { createJsonWebhookChannel } from '../../notify/json-webhook-channel.js';
import type { RenderOptions } from '../../notify/render.js';
import { renderPlainText } from '../../notify/render.js';
import { createSender, type Sender } from '../../notify/sender.js';
import type { Runtime } from '../runtime/runtime.js';

export interface ServingOptions {
  /**
   * The approval server runs while these alerts go out (`watch`, `demo`, the status page), so its pages
   * and the re-login link answer; a cron-only `check` links to none of them.
   */
  serving?: boolean;
  /**
   * The family's signed status page link, read when an alert is rendered (the link can be rotated while
   * `watch` runs). Without it a problem alert has no "查看状态" button: the server's root is no page.
   */
  statusUrl?: () => string | undefined;
}

export function renderOptions(
  rt: Pick<Runtime, 'config'>,
  { serving = false, statusUrl }: ServingOptions = {},
): RenderOptions {
  const wecom = rt.config.notify.wecom;
  const served = serving && rt.config.approval !== undefined;
  const options: RenderOptions = {
    locale: rt.config.locale,
    timeZone: rt.config.timezone,
    ...(wecom?.mentionMobiles.length ? { mentionMobiles: wecom.mentionMobiles } : {}),
    ...(wecom?.mentionUserIds.length ? { mentionUserIds: wecom.mentionUserIds } : {}),
    serving: served,
  };
  // A getter: the sender spreads these options for each alert, so each reads the current link.
  if (served && statusUrl) Object.defineProperty(options, 'statusUrl', { get: statusUrl, enumerable: true });
  return options;
}

/** With no channel configured, alerts go to the log (and the terminal) rather than nowhere. */
function logChannel(rt: Pick<Runtime, 'config'>, out: (text: string) => void): Channel<string> {
  const channel: Channel<string> = {
    id: 'log',
    maxPerMinute: 1000,
    render: (alert: Alert, opts: RenderOptions) => [renderPlainText(alert, opts)],
    renderBurst: (alerts: Alert[], opts: RenderOptions) =>
      alerts.map((a, i) => ({ payload: renderPlainText(a, opts), covers: [i] })),
    async deliver(text: string) {
      out(text);
    },
    async send(alerts: Alert[], opts?: RenderOptions) {
      for (const a of alerts) await channel.deliver(renderPlainText(a, opts ?? renderOptions(rt)));
    },
  };
  return channel;
}

export function createChannels(
  rt: Pick<Runtime, 'config' | 'logger'>,
  out?: (text: string) => void,
): Channel[] {
  const channels: Channel[] = [];
  const { wecom, webhook } = rt.config.notify;
  if (wecom) channels.push(createWecomChannel({ webhookUrl: wecom.webhook }) as Channel);
  if (webhook) channels.push(createJsonWebhookChannel({ url: webhook.url }) as Channel);
  channels.push(...channelsFromConfig(rt.config.notify.channels, { timeZone: rt.config.timezone }));
  if (channels.length === 0) {
    rt.logger.warn(
      'no notify channel configured (notify.wecom, notify.webhook or notify.channels): alerts only go to the log',
    );
    channels.push(
      logChannel(
        rt,
        out ?? ((text) => rt.logger.info({ alert: text }, 'alert (no channel configured)')),
      ) as Channel,
    );
  }
  return channels;
}

export function createRuntimeSender(
  rt: Pick<Runtime, 'config' | 'logger' | 'repos' | 'kv' | 'now'>,
  out?: (text: string) => void,
  serving: ServingOptions = {},
): Sender {
  return createSender({
    outbox: rt.repos.outbox,
    kv: rt.kv,
    channels: createChannels(rt, out),
    now: rt.now,
    logger: rt.logger.child({ part: 'notify' }),
    render: renderOptions(rt, serving),
  });
}
