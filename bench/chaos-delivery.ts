/**
 * Delivery through a robot that fails at random (`npm run chaos`): 45009, -1, a hang, an answer lost
 * after the robot took the message. Played on a moved clock, so waits cost no time. Every alert must
 * arrive; a second copy must say （重发）.
 */
import type { Alert } from '../src/core/types.js';
import { createWecomChannel } from '../src/notify/channel.js';
import { createSender } from '../src/notify/sender.js';
import { createWecomClient } from '../src/notify/wecom-client.js';
import { startSink } from '../src/sink/sink.js';
import { createMemoryStore } from '../src/store/memory.js';
import { createOutbox } from '../src/store/outbox.js';
import { choices, resent } from './chaos-world.js';

export interface DeliveryFigures {
  decided: number;
  delivered: number;
  lost: number;
  duplicated: number;
  duplicatesLabelled: number;
  faults: { '45009': number; '-1': number; hang: number; 'lost-answer': number };
}

/** A fetch that fails like a robot having a bad day, counting each fault in `faults`. */
function chaoticFetch(random: () => number, faults: DeliveryFigures['faults']): typeof fetch {
  return async (input, init) => {
    const r = random();
    const answer = (errcode: number, errmsg: string) =>
      new Response(JSON.stringify({ errcode, errmsg }), { headers: { 'content-type': 'application/json' } });
    if (r < 0.1) {
      faults['45009']++;
      return answer(45009, 'api freq out of limit');
    }
    if (r < 0.18) {
      faults['-1']++;
      return answer(-1, 'system busy');
    }
    if (r < 0.22) {
      faults.hang++;
      const error = new Error('The operation was aborted due to timeout');
      error.name = 'TimeoutError';
      throw error;
    }
    const response = await fetch(input, init);
    if (r < 0.3) {
      faults['lost-answer']++;
      await response.arrayBuffer();
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
      });
    }
    return response;
  };
}

function opening(n: number, title: string, at: string, portalUrl: string): Alert {
  return {
    kind: 'opening',
    targetId: 'sister-art',
    child: { id: 'sister', name: '姐姐' },
    observation: {
      courseId: `CHAOS-${n}`,
      title,
      seats: 1,
      state: 'open',
      schedule: { weekday: 6, start: '09:00', end: '10:30' },
      url: `${portalUrl}/courses/ART-101`,
    },
    seenAt: at,
    clashes: [],
  };
}

/** `n` alerts in waves of 1–8, the sender draining after each wave. */
export async function delivery(n: number, random: () => number, portalUrl: string): Promise<DeliveryFigures> {
  const { between } = choices(random);
  let clock = Date.parse('2026-12-01T01:00:00.000Z');
  const now = () => new Date(clock);
  const sleep = async (ms: number) => {
    clock += ms;
  };
  const robot = await startSink({ port: 0, now });
  const faults = { '45009': 0, '-1': 0, hang: 0, 'lost-answer': 0 };
  const kv = createMemoryStore();
  const store = { kv, outbox: createOutbox(kv) };
  const channel = createWecomChannel({
    client: createWecomClient({
      webhookUrl: robot.webhookUrl,
      fetch: chaoticFetch(random, faults),
      timeoutMs: 1_000,
    }),
  });
  const sender = createSender({ outbox: store.outbox, kv: store.kv, channel, now, sleep });
  const titles: string[] = [];
  let made = 0;
  while (made < n) {
    const wave = Math.min(n - made, between(1, 8));
    for (let k = 0; k < wave; k++) {
      const title = `混沌课程-${String(made).padStart(4, '0')}`;
      titles.push(title);
      await store.outbox.enqueue({
        id: `chaos-${made}`,
        lane: 'message',
        payload: opening(made, title, now().toISOString(), portalUrl),
        createdAt: now().toISOString(),
      });
      made++;
    }
    await sender.drain({ until: new Date(clock + 90_000) });
    clock += between(5, 120) * 1_000;
  }
  await sender.drain({ until: new Date(clock + 30 * 60_000) });
  const received = robot.received();
  await robot.close();
  const out = { decided: n, delivered: 0, lost: 0, duplicated: 0, duplicatesLabelled: 0, faults };
  for (const title of titles) {
    const copies = received.filter((m) => JSON.stringify(m.body).includes(title));
    if (copies.length > 0) out.delivered++;
    else out.lost++;
    if (copies.length > 1) {
      out.duplicated++;
      if (copies.slice(1).every((m) => resent(JSON.stringify(m.body)))) out.duplicatesLabelled++;
    }
  }
  return out;
}
