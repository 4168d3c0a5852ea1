import { z } from 'zod';
import type { Alert } from '../../src/core/types.js';
import { type Channel, createWecomChannel } from '../../src/notify/channel.js';
import { createSender, type SenderOptions } from '../../src/notify/sender.js';
import { type ReceivedMessage, type Sink, startSink } from '../../src/sink/sink.js';
import { fakeClock, memoryKv, memoryOutbox } from './doubles.js';

/** A sender over in-memory store doubles, talking to a local sink; sink and sender share one fake clock. */
export async function senderRig(options: { sinkMaxPerMinute?: number } = {}) {
  const clock = fakeClock();
  const sinkLog: string[] = [];
  const sink: Sink = await startSink({
    now: clock.now,
    log: (line) => sinkLog.push(line),
    ...(options.sinkMaxPerMinute ? { maxPerMinute: options.sinkMaxPerMinute } : {}),
  });
  const kv = memoryKv();
  const outbox = memoryOutbox();
  const channel: Channel = createWecomChannel({ webhookUrl: sink.webhookUrl });
  const logs: { level: string; msg: string }[] = [];
  const logger = {
    info: (_: object | string, msg?: string) => logs.push({ level: 'info', msg: msg ?? '' }),
    warn: (_: object | string, msg?: string) => logs.push({ level: 'warn', msg: msg ?? '' }),
    error: (_: object | string, msg?: string) => logs.push({ level: 'error', msg: msg ?? '' }),
  };
  let seq = 0;
  const rig = {
    clock,
    sink,
    kv,
    outbox,
    channel,
    logs,
    /** Requests the sink refused (45009, 93000 …), from its log. */
    refused: () => sinkLog.filter((l) => l.includes('refused')),
    sender: (over: Partial<SenderOptions> = {}) =>
      createSender({ outbox, kv, channel, now: clock.now, sleep: clock.sleep, logger, ...over }),
    async enqueue(alerts: Alert[]): Promise<string[]> {
      const ids: string[] = [];
      for (const alert of alerts) {
        const id = `alert-${++seq}`;
        await outbox.enqueue({ id, lane: 'message', payload: alert, createdAt: clock.now().toISOString() });
        ids.push(id);
      }
      return ids;
    },
    statuses: () => outbox.all().map((e) => e.status),
    brokenMark: () => kv.get('channel', channel.id, z.record(z.string(), z.unknown())),
    close: () => sink.close(),
  };
  return rig;
}

/** The most messages the sink accepted within any 60-second span. */
export function busiestMinute(received: ReceivedMessage[]): number {
  const times = received.map((m) => Date.parse(m.at)).sort((a, b) => a - b);
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 60_000).length));
}

/** How often `needle` occurs in everything the sink received. */
export function occurrences(received: ReceivedMessage[], needle: string): number {
  return received.reduce((n, m) => n + JSON.stringify(m.body).split(needle).length - 1, 0);
}
