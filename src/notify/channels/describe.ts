import type { ChannelConfig } from '../../config/notify-channels.js';
import { channelIds } from '../../config/notify-channels.js';
import type { ChannelWhat } from '../../i18n/status-cli-channels.js';
import { redactSecrets } from '../errors.js';
import { barkTarget } from './bark.js';
import { originOf } from './post.js';
import { PUSHPLUS_URL } from './pushplus.js';
import { SERVERCHAN_URL } from './serverchan.js';

/**
 * A configured channel as `doctor`, `status` and the status page name it, as data (never with its
 * secrets): its type, where it sends, to how many (e-mail) and the config key to fix it. The
 * catalogue words it (src/i18n/status-cli-channels.ts).
 */
export interface ChannelLabel extends ChannelWhat {
  /** `notify.channels[0]`, or the key of a channel of its own (`notify.wecom.webhook`). */
  configPath: string;
}

/** The notify section as far as naming its channels goes. */
export interface NotifyChannels {
  wecom?: { webhook: string } | undefined;
  webhook?: { url: string } | undefined;
  channels: readonly ChannelConfig[];
}

function endpointOf(c: ChannelConfig): Pick<ChannelWhat, 'endpoint' | 'recipients'> {
  switch (c.type) {
    case 'wecom':
      return { endpoint: redactSecrets(c.webhook) };
    case 'dingtalk':
    case 'feishu':
      return { endpoint: originOf(c.webhook) };
    case 'pushplus':
      return { endpoint: originOf(c.url ?? PUSHPLUS_URL) };
    case 'serverchan':
      return { endpoint: originOf(c.url ?? SERVERCHAN_URL) };
    case 'bark':
      return { endpoint: originOf(barkTarget(c.url).pushUrl) };
    case 'email':
      return { endpoint: originOf(c.smtp), recipients: c.to.length };
    case 'webhook':
      return { endpoint: originOf(c.url) };
  }
}

/** Every channel of the notify section by its id: `notify.wecom` (wecom), `notify.webhook` (json-webhook), then `notify.channels`. */
export function channelLabels(notify: NotifyChannels): Record<string, ChannelLabel> {
  const out: Record<string, ChannelLabel> = {};
  if (notify.wecom) {
    out.wecom = {
      type: 'wecom',
      endpoint: redactSecrets(notify.wecom.webhook),
      configPath: 'notify.wecom.webhook',
    };
  }
  if (notify.webhook) {
    out['json-webhook'] = {
      type: 'webhook',
      endpoint: originOf(notify.webhook.url),
      configPath: 'notify.webhook.url',
    };
  }
  const ids = channelIds(notify.channels);
  notify.channels.forEach((c, i) => {
    out[ids[i] ?? c.type] = { type: c.type, ...endpointOf(c), configPath: `notify.channels[${i}]` };
  });
  return out;
}
