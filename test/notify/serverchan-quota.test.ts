import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerchanChannel } from '../../src/notify/channels/serverchan.js';
import { ChannelRetryableError, ChannelUnknownCodeError } from '../../src/notify/errors.js';
import { createSender } from '../../src/notify/sender.js';
import { type Sink, startSink } from '../../src/sink/sink.js';
import { fakeClock, memoryKv, memoryOutbox } from './doubles.js';
import { openings } from './fixtures.js';

/**
 * ServerChan's free plan sends 5 messages a day (the stand-in keeps it). An alert past the day's
 * quota waits for the next day; it used to be retried five times within the hour as an unknown
 * code and then given up: lost (found by `npm run chaos`, bench/chaos-channels.ts).
 */

const clock = fakeClock('2026-12-01T02:00:00.000Z'); // 10:00 in Shanghai
let sink: Sink;
beforeAll(async () => {
  sink = await startSink({ now: clock.now, smtp: false });
});
afterAll(() => sink.close());

const serverchan = (timeZone?: string) =>
  createServerchanChannel({
    sendkey: sink.standIns.serverchanKey,
    url: sink.standIns.serverchan,
    now: clock.now,
    ...(timeZone ? { timeZone } : {}),
  } as never);

describe('ServerChan past its daily quota', () => {
  it("the quota answer waits until the next local midnight, and is not an unknown code's retry", async () => {
    sink.clear();
    sink.setMode('45009'); // the stand-in answers as past the day's quota
    const channel = serverchan('Asia/Shanghai');
    const [payload] = channel.render(openings(1)[0] as never, {});
    const error = await channel.deliver(payload as never).catch((e: unknown) => e as Error);
    sink.setMode('ok');
    expect(error).toBeInstanceOf(ChannelRetryableError);
    expect(error).not.toBeInstanceOf(ChannelUnknownCodeError);
    // 10:00 in Shanghai: 14 hours to midnight there.
    expect((error as ChannelRetryableError).retryAfterMs).toBe(14 * 3_600_000);
    expect(error?.message).toMatch(/quota|tomorrow|midnight/);
  });

  it('twelve alerts over one busy morning all arrive, five a day', async () => {
    sink.clear();
    const kv = memoryKv();
    const outbox = memoryOutbox();
    const channel = createServerchanChannel({
      sendkey: sink.standIns.serverchanKey,
      url: sink.standIns.serverchan,
      now: clock.now,
    });
    // Merging off: every alert is its own message, so the quota is reached.
    const sender = createSender({
      outbox,
      kv,
      channel,
      now: clock.now,
      sleep: clock.sleep,
      mergeAbove: Infinity,
    });
    const alerts = openings(12);
    for (const [i, alert] of alerts.entries())
      await outbox.enqueue({
        id: `q${i}`,
        lane: 'message',
        payload: alert,
        createdAt: clock.now().toISOString(),
      });
    await sender.drain({ until: new Date(clock.now().getTime() + 4 * 86_400_000) });
    expect(outbox.all().map((e) => e.status)).toEqual(Array(12).fill('done'));
    expect(sink.received()).toHaveLength(12);
  });
});
