import type { Alert } from '../../core/types.js';
import type { Channel } from '../../notify/channel.js';
import { createWecomChannel } from '../../notify/channel.js';
import { createJsonWebhookChannel } from '../../notify/json-webhook-channel.js';
import type { RenderOptions } from '../../notify/render.js';
import { renderPlainText } from '../../notify/render.js';
import { createSender, type Sender } from '../../notify/sender.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * `serving`: the approval server runs while these alerts go out (`watch`, `demo`, the status page),
 * so its pages and the re-login link answer; a cron-only `check` links to none of them.
 */
export function renderOptions(rt: Pick<Runtime, 'config'>, { serving = false } = {}): RenderOptions {
  const wecom = rt.config.notify.wecom;
  const served = serving && rt.config.approval !== undefined;
  return {
    locale: rt.config.locale,
    timeZone: rt.config.timezone,
    ...(wecom?.mentionMobiles.length ? { mentionMobiles: wecom.mentionMobiles } : {}),
    ...(wecom?.mentionUserIds.length ? { mentionUserIds: wecom.mentionUserIds } : {}),
    ...(served && rt.config.approval ? { statusUrl: rt.config.approval.publicUrl } : {}),
    serving: served,
  };
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
  if (channels.length === 0) {
    rt.logger.warn(
      'no notify channel configured (notify.wecom or notify.webhook): alerts only go to the log',
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
  { serving = false } = {},
): Sender {
  return createSender({
    outbox: rt.repos.outbox,
    kv: rt.kv,
    channels: createChannels(rt, out),
    now: rt.now,
    logger: rt.logger.child({ part: 'notify' }),
    render: renderOptions(rt, { serving }),
  });
}
