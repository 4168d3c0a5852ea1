import { setTimeout as wait } from 'node:timers/promises';
import { z } from 'zod';
import { BadInputError, ChannelBrokenError } from '../core/errors.js';
import type { Alert } from '../core/types.js';
import type { KvStore, Outbox } from '../store/types.js';
import { alertSchema } from './alert-schema.js';
import type { Channel } from './channel.js';
import { ChannelRetryableError, errcodeOf } from './errors.js';
import { nextFreeAt, pause, recordSend, sentInWindow } from './rate-window.js';
import type { RenderOptions } from './render.js';
import { type DrainItem, drainChannel, type NotifyLogger } from './sender-drain.js';
import { type BrokenMark, createSenderState, type Progress, settled } from './sender-state.js';
import { WECOM_MAX_PER_MINUTE } from './wecom-types.js';

export type { NotifyLogger } from './sender-drain.js';

export interface SenderOptions {
  outbox: Outbox;
  kv: KvStore;
  /** Where alerts go; every alert is delivered to each channel (`channel` first, then `channels`). */
  channel?: Channel;
  channels?: Channel[];
  now?: () => Date;
  /** How `drain` waits; tests pass one that advances their clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  logger?: NotifyLogger;
  /** Per channel and rolling minute, unless the channel says otherwise. */
  maxPerMinute?: number;
  render?: RenderOptions;
  /**
   * When more than this many alerts (default 3) are due at once on a channel, or more than the rate
   * window takes, they go out as one summary. Infinity turns merging off.
   */
  mergeAbove?: number;
}

export interface DrainResult {
  /** Outbox entries delivered (marked done). */
  sent: number;
  /** Entries left for later (rate limit, retry, broken channel). */
  deferred: number;
  /** Entries given up on (refused payload, unreadable alert). */
  failed: number;
  /** Wire messages sent. */
  messages: number;
}

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

export interface Sender {
  drainOnce(): Promise<DrainResult>;
  /** Drains until nothing is left or `until`, waiting out rate limits and retries in between. */
  drain(options: { until: Date; signal?: AbortSignal }): Promise<DrainResult>;
  /** Drains every `intervalMs` until `stop()` (the daemon). */
  start(intervalMs?: number): void;
  stop(): Promise<void>;
  channelStatus(): Promise<ChannelStatus[]>;
  /** Sends a test alert now (jianlou doctor --send); on success clears the channel's broken mark. */
  sendTest(channelId?: string): Promise<{ errcode: number; errmsg: string }>;
}

/** Every channel the entry still owes is told that its next sending is a re-send (（重发）). */
function markUncertain(progress: Progress, channels: Channel[]): void {
  for (const c of channels) {
    const p = progress[c.id];
    if (!settled(p)) progress[c.id] = { parts: 0, done: false, ...p, uncertain: true };
  }
}

const silent: NotifyLogger = { info() {}, warn() {}, error() {} };
/** When a drain made no progress, `drain` waits at least this long before looking again. */
const IDLE_STEP_MS = 1_000;

export function createSender(options: SenderOptions): Sender {
  const { outbox } = options;
  const channels = [...(options.channel ? [options.channel] : []), ...(options.channels ?? [])];
  if (channels.length === 0)
    throw new BadInputError('createSender: at least one notification channel is needed');
  const clock = options.now ?? (() => new Date());
  // Abortable: a pending timer would keep a stopped `check` alive until the rate limit passed.
  const sleep =
    options.sleep ??
    ((ms: number, signal?: AbortSignal) => wait(ms, undefined, signal ? { signal } : {}).catch(() => {}));
  const logger = options.logger ?? silent;
  const maxPerMinute = options.maxPerMinute ?? WECOM_MAX_PER_MINUTE;
  const render = options.render ?? {};
  const state = createSenderState(options.kv);
  const maxOf = (c: Channel) => c.maxPerMinute ?? maxPerMinute;

  let lock: Promise<unknown> = Promise.resolve();
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = lock.then(fn);
    lock = run.catch(() => undefined);
    return run;
  }

  async function drainOnceUnlocked(): Promise<DrainResult> {
    const result: DrainResult = { sent: 0, deferred: 0, failed: 0, messages: 0 };
    const items: DrainItem[] = [];
    for (const entry of await outbox.due('message', clock())) {
      const parsed = alertSchema.safeParse(entry.payload);
      if (!parsed.success) {
        const why = `not a valid alert: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`;
        logger.error({ entry: entry.id }, why);
        await outbox.fail(entry.id, why);
        result.failed++;
        continue;
      }
      const progress = await state.progress(entry.id);
      // Cut off by a crash while running: whatever it owed a channel may have arrived.
      if (entry.uncertain) markUncertain(progress, channels);
      items.push({ entry, alert: parsed.data, progress, started: false });
    }
    const tally = { messages: 0 };
    for (const channel of channels) {
      const ctx = {
        outbox,
        state,
        clock,
        logger,
        render,
        maxPerMinute,
        tally,
        mergeAbove: options.mergeAbove ?? 3,
      };
      await drainChannel(channel, items, ctx);
    }
    result.messages = tally.messages;
    for (const item of items) {
      const id = item.entry.id;
      if (channels.every((c) => settled(item.progress[c.id]))) {
        const errors = channels.flatMap((c) => {
          // Stryker disable next-line OptionalChaining: every channel's progress is settled here, so it exists
          const error = item.progress[c.id]?.error;
          return error === undefined ? [] : [`${c.id}: ${error}`];
        });
        if (errors.length > 0) {
          await outbox.fail(id, errors.join('; '));
          result.failed++;
        } else {
          await outbox.done(id, clock());
          result.sent++;
        }
        await state.forgetProgress(id);
        continue;
      }
      result.deferred++;
      if (item.started)
        await outbox.retryLater(id, item.retryAt ?? clock(), item.lastError ?? 'waiting for the rate limit');
    }
    return result;
  }

  /** When the next drain can make progress; undefined when nothing is open or only broken channels remain. */
  async function nextWake(now: Date): Promise<Date | undefined> {
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
      const times =
        owed.length === 0
          ? [notBefore]
          : owed.flatMap((c) => {
              const free = freeAt.get(c.id);
              return free === undefined ? [] : [Math.max(notBefore, free)];
            });
      for (const t of times) best = best === undefined ? t : Math.min(best, t);
    }
    return best === undefined ? undefined : new Date(best);
  }

  const drainOnce = () => exclusive(drainOnceUnlocked);

  async function drain({ until, signal }: { until: Date; signal?: AbortSignal }): Promise<DrainResult> {
    const total: DrainResult = { sent: 0, deferred: 0, failed: 0, messages: 0 };
    // Stopped (SIGTERM): what is not sent stays in the outbox for the next run.
    const stopped = signal
      ? new Promise<void>((r) => {
          // Stryker disable next-line ConditionalExpression,BlockStatement: the loop checks `aborted` before it ever waits on this
          if (signal.aborted) {
            r();
          } else {
            // Stryker disable next-line ObjectLiteral,BooleanLiteral: a signal aborts once; `once` only drops the listener
            signal.addEventListener('abort', () => r(), { once: true });
          }
        })
      : undefined;
    for (;;) {
      if (signal?.aborted) break;
      const r = await drainOnce();
      total.sent += r.sent;
      total.failed += r.failed;
      total.messages += r.messages;
      const now = clock();
      if (now >= until) break;
      const wake = await nextWake(now);
      if (wake === undefined) break;
      let at = wake.getTime();
      if (r.messages + r.sent + r.failed === 0 && at <= now.getTime()) at = now.getTime() + IDLE_STEP_MS;
      if (at > until.getTime()) break;
      if (at > now.getTime()) {
        const nap = sleep(at - now.getTime(), signal);
        await (stopped ? Promise.race([nap, stopped]) : nap);
      }
    }
    total.deferred = (await outbox.open('message')).length;
    return total;
  }

  let active = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  function start(intervalMs = 5_000): void {
    if (active) return;
    active = true;
    const tick = () => {
      running = drainOnce()
        .catch((error: unknown) => logger.error({ err: error }, 'notification drain failed'))
        .finally(() => {
          if (!active) return;
          timer = setTimeout(tick, intervalMs);
          timer.unref();
        });
    };
    tick();
  }
  async function stop(): Promise<void> {
    active = false;
    // Stryker disable next-line ConditionalExpression: clearTimeout(undefined) does nothing
    if (timer) clearTimeout(timer);
    await running;
  }

  async function channelStatus(): Promise<ChannelStatus[]> {
    const now = clock();
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

  function sendTest(channelId?: string): Promise<{ errcode: number; errmsg: string }> {
    const channel = channelId === undefined ? channels[0] : channels.find((c) => c.id === channelId);
    if (!channel) return Promise.reject(new BadInputError(`no notification channel "${channelId}"`));
    return exclusive(async () => {
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
        logger.info(
          { channel: channel.id },
          `channel "${channel.id}" works again; held alerts will now be sent`,
        );
      }
      return { errcode: 0, errmsg: 'ok' };
    });
  }

  return { drainOnce, drain, start, stop, channelStatus, sendTest };
}
