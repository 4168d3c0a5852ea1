/**
 * The parts `npm run chaos` gained with issue 26 (bench/chaos.ts runs them): kills during delivery
 * (once and twice in a row) with a check of every label, first deliveries that must carry no label,
 * the approval server's limiter under a burst (one IPv6 /64 spread over many addresses) and an IPv6
 * spread of honest clients, and forged status-page links with the limiter on.
 *
 * A kill during delivery is played in-process: the robot takes the message, and the process "dies"
 * before the answer (its delivery never returns); the next run is a new outbox process id over the
 * same store, as after `kill -9`.
 */
import { startApprovalServer } from '../src/approve/server.js';
import { ensureStatusLink, signStatusToken } from '../src/approve/status-link.js';
import { signToken } from '../src/approve/tokens.js';
import type { HoldDecider } from '../src/approve/types.js';
import type { Alert } from '../src/core/types.js';
import { createWecomChannel } from '../src/notify/channel.js';
import { createSender } from '../src/notify/sender.js';
import { createWecomClient } from '../src/notify/wecom-client.js';
import { type ReceivedMessage, startSink } from '../src/sink/sink.js';
import { createMemoryStore } from '../src/store/memory.js';
import { createOutbox } from '../src/store/outbox.js';

const resent = (s: string) => s.includes('（重发）') || s.includes('(re-sent)');
const never = new Promise<never>(() => {});

function opening(n: number, at: string): Alert {
  return {
    kind: 'opening',
    targetId: 'sister',
    child: { id: 'sister', name: '姐姐' },
    observation: {
      courseId: `K-${n}`,
      title: `课程${n}号`,
      seats: 1,
      state: 'open',
      url: `http://portal.example/courses/K-${n}`,
    },
    seenAt: at,
    clashes: [],
  };
}

export interface DeliveryKillFigures {
  trials: number;
  kills: number;
  /** Alerts that never reached the group. */
  lost: number;
  /** Second copies without the re-send label. */
  unlabelledDuplicates: number;
  /** First copies that came labelled （重发）. */
  labelledFirsts: number;
  firstDeliveries: number;
}

/**
 * `trials` rounds, each: one alert in flight when the process is killed (once, or twice in a row,
 * at random), then new alerts, then a normal run. Every alert must arrive; a copy after a kill must
 * say （重发）; the first copy of every alert must not.
 */
export async function deliveryKills(trials: number, random: () => number): Promise<DeliveryKillFigures> {
  const out: DeliveryKillFigures = {
    trials,
    kills: 0,
    lost: 0,
    unlabelledDuplicates: 0,
    labelledFirsts: 0,
    firstDeliveries: 0,
  };
  let n = 0;
  for (let t = 0; t < trials; t++) {
    // A robot per trial: the stand-in keeps WeCom's 20 messages a minute, and a message it defers
    // (45009) until after this trial's one normal run would be counted lost.
    const sink = await startSink({ port: 0 });
    const client = createWecomClient({ webhookUrl: sink.webhookUrl, timeoutMs: 3_000 });
    const kv = createMemoryStore();
    let run = 0;
    let killing = true;
    const channel = createWecomChannel({
      client: {
        target: client.target,
        async send(message) {
          await client.send(message);
          // Taken by the robot; the process dies before it hears so.
          if (killing) await never;
        },
      },
    });
    const process = () => {
      const outbox = createOutbox(kv, { processId: `t${t}-run${++run}` });
      return { outbox, sender: createSender({ outbox, kv, channel, mergeAbove: Number.POSITIVE_INFINITY }) };
    };
    const enqueue = async (count: number) => {
      const outbox = createOutbox(kv, { processId: 'enqueuer' });
      const titles: string[] = [];
      for (let i = 0; i < count; i++) {
        n += 1;
        await outbox.enqueue({
          id: `a${n}`,
          lane: 'message',
          payload: opening(n, new Date().toISOString()),
          createdAt: new Date().toISOString(),
        });
        titles.push(`课程${n}号`);
      }
      return titles;
    };
    const before = sink.received().length;
    const titles = await enqueue(1);
    const killsNow = random() < 0.5 ? 1 : 2;
    for (let k = 0; k < killsNow; k++) {
      void process().sender.drainOnce();
      // Let the drain reach the robot and the robot take the message.
      for (let i = 0; i < 200 && sink.received().length === before + k; i++) {
        await new Promise((r) => setTimeout(r, 5));
      }
      out.kills++;
    }
    killing = false;
    titles.push(...(await enqueue(1 + Math.floor(random() * 3))));
    await process().sender.drainOnce();

    const got: ReceivedMessage[] = sink.received().slice(before);
    for (const title of titles) {
      const copies = got.filter((m) => JSON.stringify(m.body).includes(title));
      if (copies.length === 0) {
        out.lost++;
        continue;
      }
      out.firstDeliveries++;
      const [first, ...again] = copies;
      if (first && resent(JSON.stringify(first.body))) out.labelledFirsts++;
      out.unlabelledDuplicates += again.filter((m) => !resent(JSON.stringify(m.body))).length;
    }
    await sink.close();
  }
  return out;
}

const noDecider: HoldDecider = {
  describe: async () => undefined,
  decide: async () => {
    throw new Error('no hold here');
  },
} as unknown as HoldDecider;

export interface LimiterFigures {
  burst: number;
  burstLetThrough: number;
  limit: number;
  spreadClients: number;
  spreadRefused: number;
  forgedStatusLinks: number;
  forgedStatusActed: number;
}

/**
 * The approval server with its default limit (30 a minute) behind a trusted proxy: a burst of
 * `burst` requests from one IPv6 /64, each from another address; `spread` honest clients, one
 * request each from their own /64; `forged` forged status-page links (from many /64s, the limiter
 * on), none of which may show a page.
 */
export async function limiterFigures(
  burst: number,
  spread: number,
  forged: number,
  random: () => number,
): Promise<LimiterFigures> {
  const secret = 'chaos-round3-secret-0123456789abcdef';
  const server = await startApprovalServer({
    listen: '127.0.0.1:0',
    secret,
    kv: createMemoryStore(),
    decider: noDecider,
    trustProxy: ['loopback'],
    status: { load: async () => ({}) as never },
  });
  const hex = (v: number) => (v & 0xffff).toString(16);
  const get = async (path: string, from: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { 'x-forwarded-for': from } });
    await res.arrayBuffer();
    return res.status;
  };
  try {
    const out: LimiterFigures = {
      burst,
      burstLetThrough: 0,
      limit: 30,
      spreadClients: spread,
      spreadRefused: 0,
      forgedStatusLinks: forged,
      forgedStatusActed: 0,
    };
    for (let i = 0; i < burst; i++) {
      const from = `2001:db8:aa:1:${hex(i * 7919)}:${hex(i)}:${hex(Math.floor(random() * 65536))}:1`;
      if ((await get('/h/not-a-token', from)) !== 429) out.burstLetThrough++;
    }
    for (let i = 0; i < spread; i++) {
      if ((await get('/h/not-a-token', `2001:db8:${hex(i + 1)}:2::1`)) === 429) out.spreadRefused++;
    }
    const kv = createMemoryStore();
    const link = await ensureStatusLink(kv, new Date());
    for (let i = 0; i < forged; i++) {
      const from = `2001:db8:${hex(i + 1)}:3::${hex(i)}`;
      const kind = i % 3;
      // Signed with another secret, an approval link's token on the status page, a made-up one.
      const token =
        kind === 0
          ? signStatusToken(link.id, 'not-the-secret-0123456789abcdef')
          : kind === 1
            ? signToken(
                {
                  holdId: `h${i}`,
                  action: 'approve',
                  expiresAt: new Date(Date.now() + 3_600_000),
                  nonce: `n${i}`.padEnd(12, 'x'),
                },
                secret,
              )
            : `${hex(Math.floor(random() * 65536)).padEnd(22, 'x')}.${'y'.repeat(43)}`;
      if ((await get(`/s/${token}`, from)) === 200) out.forgedStatusActed++;
    }
    return out;
  } finally {
    await server.close();
  }
}
