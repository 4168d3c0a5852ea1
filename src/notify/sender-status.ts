import type { Outbox } from '../store/types.js';
import { alertSchema } from './alert-schema.js';
import type { Channel } from './channel.js';
import { nextFreeAt, sentInWindow } from './rate-window.js';
import { type BrokenMark, type SenderState, settled } from './sender-state.js';

/** What the sender knows of its channels and their open entries, read without sending anything. */

export interface ChannelStatus {
  id: string;
  state: 'ok' | 'paused' | 'broken';
  broken?: BrokenMark;
  sentLastMinute: number;
  maxPerMinute: number;
  /** When the next message may go out (now, or after the window or a pause). */
  nextSendAt: string;
  /** Open outbox entries this channel still owes. */
  pending: number;
}

export interface SenderView {
  outbox: Outbox;
  state: SenderState;
  channels: Channel[];
  maxOf(channel: Channel): number;
}

/** When the next drain can make progress; undefined when nothing is open or only broken channels remain. */
export async function nextWakeOf(view: SenderView, now: Date): Promise<Date | undefined> {
  const { outbox, state, channels, maxOf } = view;
  const open = await outbox.open('message');
  // Stryker disable next-line ConditionalExpression: a shortcut; no open entry gives no wake time below too
  if (open.length === 0) return undefined;
  const freeAt = new Map<string, number>();
  for (const c of channels) {
    if (await state.brokenMark(c.id)) continue;
    freeAt.set(c.id, nextFreeAt(await state.rate(c.id), now, maxOf(c)).getTime());
  }
  let best: number | undefined;
  for (const entry of open) {
    const progress = await state.progress(entry.id);
    // Stryker disable next-line ConditionalExpression: Date.parse(undefined) is NaN, so `|| 0` gives 0 either way
    const notBefore = Math.max(now.getTime(), entry.notBefore ? Date.parse(entry.notBefore) || 0 : 0);
    const owed = channels.filter((c) => !settled(progress[c.id]));
    const alert = owed.some((c) => c.admit) ? alertSchema.safeParse(entry.payload).data : undefined;
    /** A channel's quiet hours hold this alert back until then. */
    const heldUntil = (c: Channel) => {
      const admission = alert && c.admit ? c.admit(alert, now) : 'send';
      return admission instanceof Date ? admission.getTime() : 0;
    };
    const times =
      owed.length === 0
        ? [notBefore]
        : owed.flatMap((c) => {
            const free = freeAt.get(c.id);
            return free === undefined ? [] : [Math.max(notBefore, free, heldUntil(c))];
          });
    for (const t of times) best = best === undefined ? t : Math.min(best, t);
  }
  return best === undefined ? undefined : new Date(best);
}

/** Each channel's state, rate window and what it still owes (jianlou status, doctor). */
export async function channelStatusOf(view: SenderView, now: Date): Promise<ChannelStatus[]> {
  const { outbox, state, channels, maxOf } = view;
  const open = await outbox.open('message');
  const progress = await Promise.all(open.map((e) => state.progress(e.id)));
  const out: ChannelStatus[] = [];
  for (const c of channels) {
    const broken = await state.brokenMark(c.id);
    const rate = await state.rate(c.id);
    const next = nextFreeAt(rate, now, maxOf(c));
    out.push({
      id: c.id,
      state: broken ? 'broken' : next > now ? 'paused' : 'ok',
      ...(broken ? { broken } : {}),
      sentLastMinute: sentInWindow(rate, now),
      maxPerMinute: maxOf(c),
      nextSendAt: next.toISOString(),
      pending: progress.filter((p) => !settled(p[c.id])).length,
    });
  }
  return out;
}
