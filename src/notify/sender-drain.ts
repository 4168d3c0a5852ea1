import { ChannelBrokenError } from '../core/errors.js';
import type { Alert } from '../core/types.js';
import type { Outbox, OutboxEntry } from '../store/types.js';
import type { Channel } from './channel.js';
import {
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnansweredError,
  ChannelUnknownCodeError,
  errcodeOf,
} from './errors.js';
import { available, pause, recordSend } from './rate-window.js';
import type { RenderOptions } from './render.js';
import { type Progress, type SenderState, settled } from './sender-state.js';

/** The minimal logger the sender uses (a pino logger satisfies it). */
export interface NotifyLogger {
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
}

/** One due outbox entry during a drain. */
export interface DrainItem {
  entry: OutboxEntry;
  alert: Alert;
  progress: Progress;
  started: boolean;
  retryAt?: Date;
  lastError?: string;
}

export interface DrainContext {
  outbox: Outbox;
  state: SenderState;
  clock: () => Date;
  logger: NotifyLogger;
  render: RenderOptions;
  maxPerMinute: number;
  mergeAbove: number;
  tally: { messages: number };
}

/** Backoff for retryable failures without a server-given wait: 5 s, 10 s, 20 s … capped at 5 min. */
export function backoffMs(attempts: number): number {
  return Math.min(300_000, 5_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * A burst is rendered when its turn comes, once its number is known. `resend`: its alerts may have
 * reached the group already (an unanswered sending, a crash); `keptSeq`: they all went out last in
 * the merged message with this number, which the re-send repeats so the group can match it.
 */
type Unit<P> =
  | { kind: 'single'; item: DrainItem; payloads: P[] }
  | { kind: 'burst'; items: DrainItem[]; resend: boolean; keptSeq?: number };

/** `stop` with `unsent`: the robot surely did not show it (a refusal to wait, no budget, a broken channel). */
type Outcome = { kind: 'ok' } | { kind: 'stop'; unsent?: boolean } | { kind: 'refused'; message: string };

/**
 * Delivers what `items` still owe to one channel, in order, within its rate window. Stops at the
 * first retryable or broken-channel failure so order is kept; a refused message only settles its
 * own entries.
 */
export async function drainChannel<P>(
  channel: Channel<P>,
  items: DrainItem[],
  ctx: DrainContext,
): Promise<void> {
  const { state, clock, logger } = ctx;
  const id = channel.id;
  // The channel's own filter first: a kind it never gets is settled even while it is broken.
  const owed: DrainItem[] = [];
  for (const item of items) {
    if (settled(item.progress[id])) continue;
    const admission = channel.admit?.(item.alert, clock()) ?? 'send';
    if (admission === 'send') owed.push(item);
    else if (admission === 'skip') {
      item.progress[id] = { ...(item.progress[id] ?? { parts: 0 }), done: true };
      await state.saveProgress(item.entry.id, item.progress);
    } else if (!item.retryAt || item.retryAt > admission) item.retryAt = admission;
  }
  if (await state.brokenMark(id)) return;
  // Stryker disable next-line ConditionalExpression: a shortcut; with nothing owed the rest sends nothing
  if (owed.length === 0) return;
  const max = channel.maxPerMinute ?? ctx.maxPerMinute;
  let rate = await state.rate(id);
  const budget = available(rate, clock(), max);
  if (budget === 0) return;

  const alone = (i: DrainItem) => (i.progress[id]?.parts ?? 0) > 0 || i.progress[id]?.alone === true;
  const uncertain = (i: DrainItem) => i.progress[id]?.uncertain === true;
  const singles = owed.map((item) => ({
    kind: 'single' as const,
    item,
    payloads: channel
      .render(item.alert, { ...ctx.render, resend: uncertain(item) })
      .slice(item.progress[id]?.parts ?? 0),
  }));
  const mergeable = singles.filter((u) => !alone(u.item));
  const totalParts = singles.reduce((n, u) => n + u.payloads.length, 0);
  // Also merge when the window cannot take them one by one, unless merging is off (Infinity).
  const merge =
    mergeable.length > ctx.mergeAbove ||
    (Number.isFinite(ctx.mergeAbove) && mergeable.length > 1 && totalParts > budget);
  const units: Unit<P>[] = merge ? mergedUnits(singles, alone, uncertain, id) : singles;

  const send = async (payload: P, involved: DrainItem[]): Promise<Outcome> => {
    if (available(rate, clock(), max) === 0) return { kind: 'stop', unsent: true };
    for (const item of involved) {
      if (item.started) continue;
      item.entry = await ctx.outbox.start(item.entry.id, clock());
      item.started = true;
    }
    try {
      await channel.deliver(payload);
      rate = recordSend(rate, clock());
      await state.saveRate(id, rate);
      ctx.tally.messages++;
      return { kind: 'ok' };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const attempts = Math.max(1, ...involved.map((i) => i.entry.attempts));
      if (error instanceof ChannelUnknownCodeError && attempts >= error.maxAttempts) {
        rate = recordSend(rate, clock());
        await state.saveRate(id, rate);
        const gaveUp = `gave up after ${attempts} attempts on unknown errcode ${error.errcode}: ${message}`;
        logger.error({ channel: id, errcode: error.errcode, attempts }, `message not delivered, ${gaveUp}`);
        return { kind: 'refused', message: gaveUp };
      }
      if (error instanceof ChannelPayloadError) {
        rate = recordSend(rate, clock());
        await state.saveRate(id, rate);
        logger.error({ channel: id, errcode: error.errcode }, `message refused, not retried: ${message}`);
        return { kind: 'refused', message };
      }
      for (const item of involved) item.lastError = message;
      if (error instanceof ChannelUnansweredError) {
        // It may have arrived: the next sending of these entries says （重发）.
        for (const item of involved) {
          const p = item.progress[id] ?? { parts: 0, done: false };
          item.progress[id] = { ...p, uncertain: true };
          await saveProgress(item);
        }
      }
      if (error instanceof ChannelBrokenError) {
        const since = clock().toISOString();
        await state.markBroken(id, { broken: true, since, errcode: errcodeOf(error), message });
        logger.error(
          { channel: id, errcode: errcodeOf(error) },
          `NOTIFICATION CHANNEL "${id}" IS BROKEN: ${message}. Alerts are kept and sent once it works again ` +
            `(check with: jianlou doctor --send).`,
        );
        for (const item of involved) item.retryAt = clock();
        return { kind: 'stop', unsent: true };
      }
      const serverWait = error instanceof ChannelRetryableError ? error.retryAfterMs : undefined;
      const until = new Date(clock().getTime() + (serverWait ?? backoffMs(attempts)));
      rate = pause(rate, until);
      await state.saveRate(id, rate);
      for (const item of involved) item.retryAt = until;
      logger.warn({ channel: id, errcode: errcodeOf(error), until: until.toISOString() }, message);
      return error instanceof ChannelUnansweredError ? { kind: 'stop' } : { kind: 'stop', unsent: true };
    }
  };

  const saveProgress = (item: DrainItem) => state.saveProgress(item.entry.id, item.progress);

  for (const unit of units) {
    if (unit.kind === 'single') {
      const { item, payloads } = unit;
      // A card and its mention message belong together: wait until both fit in the window.
      if (payloads.length <= max && available(rate, clock(), max) < payloads.length) return;
      let outcome: Outcome = { kind: 'ok' };
      for (const payload of payloads) {
        outcome = await send(payload, [item]);
        if (outcome.kind !== 'ok') break;
        const p = item.progress[id] ?? { parts: 0, done: false };
        item.progress[id] = { ...p, parts: p.parts + 1 };
        await saveProgress(item);
      }
      if (outcome.kind === 'stop') return;
      // Stryker disable next-line LogicalOperator,ObjectLiteral,BooleanLiteral: `done`/`error` below settle it; the entry's progress is then forgotten
      const p = item.progress[id] ?? { parts: 0, done: false };
      item.progress[id] = outcome.kind === 'ok' ? { ...p, done: true } : { ...p, error: outcome.message };
      await saveProgress(item);
      continue;
    }
    let burstSeq =
      unit.keptSeq === undefined
        ? { seq: (await state.lastSeq(id)) + 1, fresh: true }
        : { seq: unit.keptSeq, fresh: false };
    const parts = channel.renderBurst(
      unit.items.map((i) => i.alert),
      { ...ctx.render, seq: burstSeq.seq, resend: unit.resend },
    );
    for (const item of unit.items) {
      const p = item.progress[id] ?? { parts: 0, done: false };
      item.progress[id] = { ...p, seq: burstSeq.seq };
    }
    /** This drain took the burst's number, and no part of it may have reached the group yet. */
    let numberUnseen = false;
    for (const part of parts) {
      // Stryker disable next-line MethodExpression,ConditionalExpression: `covers` holds indexes into the burst; the filter only narrows the type
      const involved = part.covers.map((i) => unit.items[i]).filter((i): i is DrainItem => i !== undefined);
      // Stryker disable next-line OptionalChaining,ConditionalExpression: a burst always has a number; saving a re-sent burst's number again is harmless (it is the channel's last)
      if (burstSeq.fresh) {
        await state.saveSeq(id, burstSeq.seq);
        // The number is kept with the alerts before anything goes out: a crash while sending leaves
        // them uncertain, and their re-send must say the same number.
        for (const item of unit.items) await saveProgress(item);
        // Stryker disable next-line ObjectLiteral,BooleanLiteral: saving the same number again changes nothing
        burstSeq = { ...burstSeq, fresh: false };
        numberUnseen = true;
      }
      const outcome = await send(part.payload, involved);
      if (outcome.kind === 'stop') {
        // Nothing of it reached the group (the robot asked to wait): the number is given back, so the
        // group never sees a gap (#16, then #18) for a message that never arrived.
        if (numberUnseen && outcome.unsent) await state.saveSeq(id, burstSeq.seq - 1);
        return;
      }
      numberUnseen = false;
      for (const item of involved) {
        // Stryker disable next-line OptionalChaining: the burst's number was just set on every item's progress
        const seq = item.progress[id]?.seq;
        // Stryker disable next-line ConditionalExpression,EqualityOperator,ObjectLiteral: `seq` is read only for mergeable items; these are done or go alone from now on
        const kept = seq === undefined ? {} : { seq };
        item.progress[id] =
          outcome.kind === 'ok'
            ? { parts: 0, done: true, ...kept }
            : { parts: 0, done: false, alone: true, ...kept };
        if (outcome.kind === 'refused') {
          item.retryAt = clock();
          item.lastError = `${outcome.message} (will be sent on its own)`;
        }
        await saveProgress(item);
      }
    }
  }
}

/**
 * The units of a drain that merges: items that must go alone first, then the alerts that may have
 * reached the group already (re-sent, labelled, under their old number when they all shared one),
 * then the new ones (a new number, unlabelled). A group of one goes as a single message.
 */
function mergedUnits<P>(
  singles: { kind: 'single'; item: DrainItem; payloads: P[] }[],
  alone: (i: DrainItem) => boolean,
  uncertain: (i: DrainItem) => boolean,
  channelId: string,
): Unit<P>[] {
  const mergeable = singles.filter((u) => !alone(u.item));
  const units: Unit<P>[] = singles.filter((u) => alone(u.item));
  for (const resend of [true, false]) {
    const group = mergeable.filter((u) => uncertain(u.item) === resend);
    const [first] = group;
    if (group.length === 1 && first) units.push(first);
    if (group.length < 2) continue;
    const items = group.map((u) => u.item);
    const seqs = new Set(items.map((i) => i.progress[channelId]?.seq));
    const [only] = seqs;
    const keptSeq = resend && seqs.size === 1 ? only : undefined;
    units.push({ kind: 'burst', items, resend, ...(keptSeq === undefined ? {} : { keptSeq }) });
  }
  return units;
}
