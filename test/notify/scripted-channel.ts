import type { Alert } from '../../src/core/types.js';
import type { Channel } from '../../src/notify/channel.js';
import { createSender, type SenderOptions } from '../../src/notify/sender.js';
import { createSenderState } from '../../src/notify/sender-state.js';
import { fakeClock, memoryKv, memoryOutbox } from './doubles.js';

/**
 * In-process channels that deliver or fail as a test says, and a sender over store doubles with a
 * fake clock that records when the outbox was read and how long the sender slept.
 */

export const T0 = Date.parse('2026-11-07T01:00:00.000Z');
export const sec = 1_000;
export const min = 60_000;

/** A test alert; `at` is its label in the delivered payloads. */
export const alert = (label: string): Alert => ({ kind: 'test', at: label });

type Failure = Error | undefined;

/** The clock of the latest setup(), read by the channels to note when they delivered. */
let elapsed = () => 0;

/** A channel that renders `parts` payloads per alert and fails a delivery when `fail` says so. */
export function channel(
  id: string,
  options: {
    parts?: number;
    /** A merged message in this many parts (`burst#seq/k:labels`), alerts split evenly. */
    burstParts?: number;
    maxPerMinute?: number;
    fail?: (payload: string) => Failure;
  } = {},
) {
  const delivered: string[] = [];
  /** When (ms after T0 on the test's clock) each payload was delivered. */
  const times: number[] = [];
  const parts = options.parts ?? 1;
  const label = (a: Alert) => (a.kind === 'test' ? a.at : a.kind);
  const ch: Channel<string> & { delivered: string[]; times: number[]; fail?: (payload: string) => Failure } =
    {
      id,
      times,
      ...(options.maxPerMinute === undefined ? {} : { maxPerMinute: options.maxPerMinute }),
      delivered,
      ...(options.fail ? { fail: options.fail } : {}),
      render: (a, o) =>
        Array.from({ length: parts }, (_, i) => `${label(a)}#${i + 1}${o.resend ? ' (re)' : ''}`),
      renderBurst: (alerts, o) => {
        const n = options.burstParts ?? 1;
        const per = Math.ceil(alerts.length / n);
        const mark = o.resend ? ' (re)' : '';
        if (n === 1) {
          return [
            {
              payload: `burst#${o.seq ?? '-'}:${alerts.map(label).join(',')}${mark}`,
              covers: alerts.map((_, i) => i),
            },
          ];
        }
        return Array.from({ length: n }, (_, k) => {
          const covers = alerts.map((_, i) => i).slice(k * per, (k + 1) * per);
          return {
            payload: `burst#${o.seq ?? '-'}/${k + 1}:${covers.map((i) => label(alerts[i]!)).join(',')}${mark}`,
            covers,
          };
        });
      },
      async deliver(payload) {
        const failure = ch.fail?.(payload);
        if (failure) throw failure;
        delivered.push(payload);
        times.push(elapsed());
      },
      async send() {
        throw new Error('not used by the sender');
      },
    };
  return ch;
}

/** Sender, store doubles and a timeline of when the outbox was read and how long the sender slept. */
export function setup(channels: Channel<string>[], over: Partial<SenderOptions> = {}) {
  const clock = fakeClock(new Date(T0).toISOString());
  elapsed = () => clock.now().getTime() - T0;
  const kv = memoryKv();
  const inner = memoryOutbox();
  const reads: number[] = [];
  const sleeps: number[] = [];
  const outbox = {
    ...inner,
    async due(lane: Parameters<typeof inner.due>[0], now: Date) {
      reads.push(now.getTime() - T0);
      return inner.due(lane, now);
    },
  };
  const logs: { level: string; obj: unknown; msg: string | undefined }[] = [];
  const logger = {
    info: (obj: object | string, msg?: string) => logs.push({ level: 'info', obj, msg }),
    warn: (obj: object | string, msg?: string) => logs.push({ level: 'warn', obj, msg }),
    error: (obj: object | string, msg?: string) => logs.push({ level: 'error', obj, msg }),
  };
  const sender = createSender({
    outbox,
    kv,
    channels,
    now: clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
    },
    logger,
    ...over,
  });
  let seq = 0;
  return {
    clock,
    kv,
    outbox: inner,
    state: createSenderState(kv),
    reads,
    sleeps,
    logs,
    sender,
    /** Enqueues alerts (not before `notBefore` ms after T0 when given); returns their ids. */
    async enqueue(labels: string[], notBefore?: number): Promise<string[]> {
      const ids: string[] = [];
      for (const label of labels) {
        const id = `e${++seq}`;
        await inner.enqueue({
          id,
          lane: 'message',
          payload: alert(label),
          createdAt: clock.now().toISOString(),
        });
        if (notBefore !== undefined) await inner.retryLater(id, new Date(T0 + notBefore), 'later');
        ids.push(id);
      }
      return ids;
    },
    entry: (id: string) => inner.all().find((e) => e.id === id),
    ms: () => clock.now().getTime() - T0,
  };
}
