import { z } from 'zod';
import type { KvStore } from '../store/types.js';
import { EMPTY_RATE_STATE, type RateState, rateStateSchema } from './rate-window.js';

/**
 * What the sender keeps in the store, so a restart neither resets the rate limit, nor forgets a
 * broken channel, nor sends a part of a message twice.
 */

/** ns 'channel', key = channel id: a channel a person must fix. Absent (or broken: false) = usable. */
export const CHANNEL_NS = 'channel';
export const RATE_NS = 'notify-rate';
export const PROGRESS_NS = 'notify-progress';
/** ns 'notify-seq', key = channel id: the last merged message's sequence number. */
export const SEQ_NS = 'notify-seq';

export interface BrokenMark {
  broken: true;
  since: string;
  errcode: number | null;
  message: string;
}

const brokenMarkSchema = z.object({
  broken: z.boolean(),
  since: z.string().optional(),
  errcode: z.number().nullable().optional(),
  message: z.string().optional(),
});

/** Per outbox entry, per channel: how far delivery got. */
const channelProgressSchema = z.object({
  /** Wire messages of the single rendering already delivered. */
  parts: z.number().int().min(0),
  done: z.boolean(),
  /** Set when the channel refused the message for good. */
  error: z.string().optional(),
  /** A burst containing this entry was refused: send it on its own. */
  alone: z.boolean().optional(),
  /** A sending of this entry got no answer (it may have arrived): the next sending is marked （重发）. */
  uncertain: z.boolean().optional(),
  /** The sequence number of the merged message this entry last went out in. */
  seq: z.number().int().optional(),
});
export type ChannelProgress = z.infer<typeof channelProgressSchema>;

const progressSchema = z.record(z.string(), channelProgressSchema);
export type Progress = z.infer<typeof progressSchema>;

export function createSenderState(kv: KvStore) {
  return {
    async brokenMark(channelId: string): Promise<BrokenMark | undefined> {
      const mark = await kv.get(CHANNEL_NS, channelId, brokenMarkSchema);
      if (!mark?.broken) return undefined;
      return {
        broken: true,
        since: mark.since ?? '',
        errcode: mark.errcode ?? null,
        message: mark.message ?? '',
      };
    },
    async markBroken(channelId: string, mark: BrokenMark): Promise<void> {
      await kv.set(CHANNEL_NS, channelId, mark);
    },
    async clearBroken(channelId: string): Promise<boolean> {
      return kv.delete(CHANNEL_NS, channelId);
    },
    async rate(channelId: string): Promise<RateState> {
      return (await kv.get(RATE_NS, channelId, rateStateSchema)) ?? EMPTY_RATE_STATE;
    },
    async saveRate(channelId: string, state: RateState): Promise<void> {
      await kv.set(RATE_NS, channelId, state);
    },
    async progress(entryId: string): Promise<Progress> {
      return (await kv.get(PROGRESS_NS, entryId, progressSchema)) ?? {};
    },
    async saveProgress(entryId: string, progress: Progress): Promise<void> {
      await kv.set(PROGRESS_NS, entryId, progress);
    },
    async lastSeq(channelId: string): Promise<number> {
      return (await kv.get(SEQ_NS, channelId, z.number().int().min(0))) ?? 0;
    },
    async saveSeq(channelId: string, seq: number): Promise<void> {
      await kv.set(SEQ_NS, channelId, seq);
    },
    async forgetProgress(entryId: string): Promise<void> {
      await kv.delete(PROGRESS_NS, entryId);
    },
  };
}

export type SenderState = ReturnType<typeof createSenderState>;

export function settled(p: ChannelProgress | undefined): boolean {
  return Boolean(p && (p.done || p.error !== undefined));
}
