import { ChannelBrokenError } from '../core/errors.js';
import type { Alert } from '../core/types.js';
import type { Channel } from './channel.js';
import { ChannelRetryableError, errcodeOf } from './errors.js';
import { pause, recordSend } from './rate-window.js';
import type { RenderOptions } from './render.js';
import type { NotifyLogger } from './sender-drain.js';
import type { SenderState } from './sender-state.js';

/**
 * A test alert sent now (jianlou doctor --send), counted against the channel's rate window; on
 * success the channel's broken mark is cleared, on a broken-channel answer it is set.
 */
export async function sendTestMessage(
  channel: Channel,
  deps: { state: SenderState; clock: () => Date; render: RenderOptions; logger: NotifyLogger },
): Promise<{ errcode: number; errmsg: string }> {
  const { state, clock, render, logger } = deps;
  const alert: Alert = { kind: 'test', at: clock().toISOString() };
  let rate = await state.rate(channel.id);
  try {
    for (const payload of channel.render(alert, render)) {
      await channel.deliver(payload);
      rate = recordSend(rate, clock());
      await state.saveRate(channel.id, rate);
    }
  } catch (error) {
    const errmsg = error instanceof Error ? error.message : String(error);
    const errcode = errcodeOf(error) ?? -1;
    if (error instanceof ChannelBrokenError) {
      await state.markBroken(channel.id, {
        broken: true,
        since: clock().toISOString(),
        errcode,
        message: errmsg,
      });
    } else if (error instanceof ChannelRetryableError && error.retryAfterMs) {
      await state.saveRate(channel.id, pause(rate, new Date(clock().getTime() + error.retryAfterMs)));
    }
    logger.warn({ channel: channel.id, errcode }, `test message failed: ${errmsg}`);
    return { errcode, errmsg };
  }
  if (await state.clearBroken(channel.id)) {
    logger.info({ channel: channel.id }, `channel "${channel.id}" works again; held alerts will now be sent`);
  }
  return { errcode: 0, errmsg: 'ok' };
}
