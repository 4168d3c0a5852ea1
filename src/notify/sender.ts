import { setTimeout as wait } from 'node:timers/promises';
import { z } from 'zod';
import { BadInputError } from '../core/errors.js';
import type { KvStore, Outbox } from '../store/types.js';
import { alertSchema } from './alert-schema.js';
import type { Channel } from './channel.js';
import type { RenderOptions } from './render.js';
import { type DrainItem, drainChannel, type NotifyLogger } from './sender-drain.js';
import { createSenderState, type Progress, settled } from './sender-state.js';
import { type ChannelStatus, channelStatusOf, nextWakeOf } from './sender-status.js';
import { sendTestMessage } from './sender-test.js';
import { WECOM_MAX_PER_MINUTE } from './wecom-types.js';

export type { NotifyLogger } from './sender-drain.js';
export type { ChannelStatus } from './sender-status.js';

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

  const view = { outbox, state, channels, maxOf };
  const nextWake = (now: Date) => nextWakeOf(view, now);

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

  const channelStatus = () => channelStatusOf(view, clock());

  function sendTest(channelId?: string): Promise<{ errcode: number; errmsg: string }> {
    const channel = channelId === undefined ? channels[0] : channels.find((c) => c.id === channelId);
    if (!channel) return Promise.reject(new BadInputError(`no notification channel "${channelId}"`));
    return exclusive(() => sendTestMessage(channel, { state, clock, render, logger }));
  }

  return { drainOnce, drain, start, stop, channelStatus, sendTest };
}
