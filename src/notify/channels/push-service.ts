import { type EndpointOptions, msUntilLocalMidnight } from './post.js';

/**
 * What the personal push services (PushPlus and ServerChan, to a personal WeChat) share: the option
 * shape (the send endpoint as a URL, the provider's by default, so a local stand-in can take its
 * place; an id; a clock) and their daily quota, which resets at local midnight: past it an alert
 * waits for the next day instead of spending its attempts.
 */

/** Where "a day" ends for a daily quota when the config names no timezone. */
export const QUOTA_TIME_ZONE = 'Asia/Shanghai';

export interface PushServiceOptions extends EndpointOptions {
  /** The send endpoint; the provider's by default (a local stand-in in tests). */
  url?: string;
  id?: string;
  now?: () => Date;
  /** The day's quota resets at midnight in this zone (the config's timezone; Asia/Shanghai by default). */
  timeZone?: string;
}

/** How long an alert waits once the day's quota is spent: until the next local midnight. */
export function quotaWaitMs(options: Pick<PushServiceOptions, 'now' | 'timeZone'>): number {
  const now = options.now ? options.now() : new Date();
  return msUntilLocalMidnight(now, options.timeZone ?? QUOTA_TIME_ZONE);
}
