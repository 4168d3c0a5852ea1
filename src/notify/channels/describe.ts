import type { ChannelConfig } from '../../config/notify-channels.js';
import { channelIds } from '../../config/notify-channels.js';
import { redactSecrets } from '../errors.js';
import { barkTarget } from './bark.js';
import { originOf } from './post.js';
import { PUSHPLUS_URL } from './pushplus.js';
import { SERVERCHAN_URL } from './serverchan.js';

/** How `doctor` and `status` name a configured channel (never with its secrets) and where it is fixed. */
export interface ChannelLabel {
  what: string;
  fix: string;
}

const NAMES: Record<ChannelConfig['type'], string> = {
  wecom: 'WeCom robot',
  dingtalk: 'DingTalk robot',
  feishu: 'Feishu bot',
  pushplus: 'PushPlus',
  serverchan: 'ServerChan',
  bark: 'Bark',
  email: 'e-mail',
  webhook: 'JSON webhook',
};

function endpointOf(c: ChannelConfig): string {
  switch (c.type) {
    case 'wecom':
      return redactSecrets(c.webhook);
    case 'dingtalk':
    case 'feishu':
      return originOf(c.webhook);
    case 'pushplus':
      return originOf(c.url ?? PUSHPLUS_URL);
    case 'serverchan':
      return originOf(c.url ?? SERVERCHAN_URL);
    case 'bark':
      return originOf(barkTarget(c.url).pushUrl);
    case 'email':
      return `${originOf(c.smtp)} to ${c.to.length} address(es)`;
    case 'webhook':
      return originOf(c.url);
  }
}

export function channelLabels(configs: readonly ChannelConfig[]): Record<string, ChannelLabel> {
  const ids = channelIds(configs);
  const out: Record<string, ChannelLabel> = {};
  configs.forEach((c, i) => {
    const id = ids[i] ?? c.type;
    out[id] = { what: `${NAMES[c.type]} ${endpointOf(c)}`, fix: `notify.channels[${i}] (${id})` };
  });
  return out;
}
