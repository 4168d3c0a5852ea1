import type { ChannelConfig } from '../../config/notify-channels.js';
import { channelIds } from '../../config/notify-channels.js';
import { DEFAULT_URGENT } from '../../config/schema.js';
import { type Channel, createWecomChannel } from '../channel.js';
import { createJsonWebhookChannel } from '../json-webhook-channel.js';
import { createBarkChannel } from './bark.js';
import { createDingtalkChannel } from './dingtalk.js';
import { createEmailChannel } from './email.js';
import { createFeishuChannel } from './feishu.js';
import { withFilter } from './filter.js';
import type { PushServiceOptions } from './push-service.js';
import { createPushplusChannel } from './pushplus.js';
import { createServerchanChannel } from './serverchan.js';

export interface ChannelContext {
  /** The config's timezone: quiet hours and daily quotas are counted in it. */
  timeZone: string;
  now?: () => Date;
  fetch?: typeof fetch;
}

/** One configured channel, made and wrapped in its filter. */
export function channelFromConfig(config: ChannelConfig, id: string, ctx: ChannelContext): Channel {
  const http = { ...(ctx.fetch ? { fetch: ctx.fetch } : {}) };
  const clock = ctx.now ? { now: ctx.now } : {};
  // PushPlus and ServerChan take the same shape (push-service.ts): endpoint, day's zone, clock.
  const pushService = (url: string | undefined): PushServiceOptions => ({
    ...(url ? { url } : {}),
    timeZone: ctx.timeZone,
    ...http,
    ...clock,
  });
  const made = ((): Channel => {
    switch (config.type) {
      case 'wecom': {
        const wecom = createWecomChannel({ id, webhookUrl: config.webhook, ...http });
        // This robot's own mentions, not notify.wecom's.
        const mentions = { mentionMobiles: config.mentionMobiles, mentionUserIds: config.mentionUserIds };
        return {
          ...wecom,
          render: (alert, opts) => wecom.render(alert, { ...opts, ...mentions }),
          renderBurst: (alerts, opts) => wecom.renderBurst(alerts, { ...opts, ...mentions }),
        } as Channel;
      }
      case 'dingtalk':
        return createDingtalkChannel({
          id,
          webhook: config.webhook,
          ...(config.secret ? { secret: config.secret } : {}),
          mentionMobiles: config.mentionMobiles,
          ...http,
          ...clock,
        }) as Channel;
      case 'feishu':
        return createFeishuChannel({
          id,
          webhook: config.webhook,
          ...(config.secret ? { secret: config.secret } : {}),
          ...http,
          ...clock,
        }) as Channel;
      case 'pushplus':
        return createPushplusChannel({
          id,
          token: config.token,
          ...(config.topic ? { topic: config.topic } : {}),
          ...pushService(config.url),
        }) as Channel;
      case 'serverchan':
        return createServerchanChannel({
          id,
          sendkey: config.sendkey,
          ...pushService(config.url),
        }) as Channel;
      case 'bark':
        return createBarkChannel({
          id,
          url: config.url,
          ...(config.group ? { group: config.group } : {}),
          ...http,
        }) as Channel;
      case 'email':
        return createEmailChannel({ id, smtp: config.smtp, from: config.from, to: config.to }) as Channel;
      case 'webhook':
        return createJsonWebhookChannel({ id, url: config.url, ...http }) as Channel;
    }
  })();
  return withFilter(made, {
    timeZone: ctx.timeZone,
    ...(config.kinds ? { kinds: config.kinds } : {}),
    ...(config.quietHours
      ? {
          quietHours: {
            start: config.quietHours.start,
            end: config.quietHours.end,
            urgent: config.quietHours.urgent ?? DEFAULT_URGENT,
          },
        }
      : {}),
  });
}

/** `notify.channels` as channels, in config order, with their ids. */
export function channelsFromConfig(configs: readonly ChannelConfig[], ctx: ChannelContext): Channel[] {
  const ids = channelIds(configs);
  return configs.map((c, i) => channelFromConfig(c, ids[i] ?? c.type, ctx));
}
