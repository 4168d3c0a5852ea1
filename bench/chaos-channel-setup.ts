/**
 * What bench/chaos-channels.ts drives each channel with: the faults a delivery may meet and the
 * stand-in mode that plays each, a channel of each type pointed at its strict stand-in, the secrets
 * each one holds, and the alerts sent.
 */
import type { Alert } from '../src/core/types.js';
import { type Channel, createWecomChannel } from '../src/notify/channel.js';
import { createBarkChannel } from '../src/notify/channels/bark.js';
import { createDingtalkChannel } from '../src/notify/channels/dingtalk.js';
import { createEmailChannel } from '../src/notify/channels/email.js';
import { createFeishuChannel } from '../src/notify/channels/feishu.js';
import { createPushplusChannel } from '../src/notify/channels/pushplus.js';
import { createServerchanChannel } from '../src/notify/channels/serverchan.js';
import type { Sink, SinkMode } from '../src/sink/sink.js';
import { SMTP_PASS, type SmtpMode } from '../src/sink/sink-smtp.js';
import { STANDIN_SECRETS } from '../src/sink/sink-standins.js';
import type { ChannelType } from './chaos-channels.js';

export const FAULTS = ['rate', 'busy', 'hang', 'cut', 'lost-answer', 'late'] as const;
export type Fault = (typeof FAULTS)[number];
/** Faults after which the message may have arrived: a later first copy may rightly say （重发）. */
export const MAY_HAVE_ARRIVED: ReadonlySet<Fault | 'kill'> = new Set([
  'hang',
  'cut',
  'lost-answer',
  'late',
  'kill',
]);
export const HTTP_MODE: Record<Fault, SinkMode> = {
  rate: '45009',
  busy: '-1',
  hang: 'hang',
  cut: 'cut',
  'lost-answer': 'lost-answer',
  late: 'late',
};
export const SMTP_MODE: Record<Fault, SmtpMode> = {
  rate: '421',
  busy: '451',
  hang: 'hang',
  cut: 'cut',
  'lost-answer': 'lost-answer',
  late: 'late',
};

export const TIMEOUT_MS = 400;
export const resent = (s: string) => s.includes('（重发）') || s.includes('(re-sent)');
export const never = new Promise<never>(() => {});

export function opening(type: string, n: number, at: string): Alert {
  return {
    kind: 'opening',
    targetId: 'sister',
    child: { id: 'sister', name: '姐姐' },
    observation: {
      courseId: `C-${n}`,
      title: `${type}课${n}号`,
      seats: 1,
      state: 'open',
      url: `http://portal.example/courses/C-${n}`,
    },
    seenAt: at,
    clashes: [],
  };
}

export function channelOf(
  type: ChannelType,
  sink: Sink,
  clock: { now: () => Date; sleep: (ms: number) => Promise<void> },
) {
  const s = sink.standIns;
  const http = { timeoutMs: TIMEOUT_MS, now: clock.now };
  switch (type) {
    case 'wecom':
      return createWecomChannel({ webhookUrl: sink.webhookUrl, timeoutMs: TIMEOUT_MS }) as Channel;
    case 'dingtalk':
      return createDingtalkChannel({ webhook: s.dingtalk, secret: s.dingtalkSecret, ...http }) as Channel;
    case 'feishu':
      return createFeishuChannel({
        webhook: s.feishu,
        secret: s.feishuSecret,
        sleep: clock.sleep,
        ...http,
      }) as Channel;
    case 'pushplus':
      return createPushplusChannel({
        token: s.pushplusToken,
        url: s.pushplus,
        timeZone: 'Asia/Shanghai',
        ...http,
      }) as Channel;
    case 'serverchan':
      return createServerchanChannel({
        sendkey: s.serverchanKey,
        url: s.serverchan,
        timeZone: 'Asia/Shanghai',
        ...http,
      }) as Channel;
    case 'bark':
      return createBarkChannel({ url: s.bark, timeoutMs: TIMEOUT_MS }) as Channel;
    case 'email':
      return createEmailChannel({
        smtp: s.smtp,
        from: 'jianlou@example.com',
        to: ['mom@example.com'],
        timeoutMs: TIMEOUT_MS,
      }) as Channel;
  }
}

export const SECRETS: Record<ChannelType, string[]> = {
  wecom: [],
  dingtalk: [STANDIN_SECRETS.dingtalkToken, STANDIN_SECRETS.dingtalkSecret],
  feishu: [STANDIN_SECRETS.feishuToken, STANDIN_SECRETS.feishuSecret],
  pushplus: [STANDIN_SECRETS.pushplusToken],
  serverchan: [STANDIN_SECRETS.serverchanKey],
  bark: [STANDIN_SECRETS.barkKey],
  email: [SMTP_PASS],
};
