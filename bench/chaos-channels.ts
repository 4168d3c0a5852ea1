/**
 * `npm run chaos`, per channel (issue 31): every channel type is driven through the real sender and
 * outbox against its strict stand-in (src/sink/), with faults at random on each delivery — the
 * provider's rate-limit and busy answers, hangs past the client's timeout, connections cut before
 * the message was taken, the message taken and the answer lost, the answer coming after the client
 * gave up — and process kills during delivery (once or twice in a row, played in-process as in
 * chaos-round3.ts: the stand-in takes the message, the process "dies" before it hears so, the next
 * run is a new outbox process over the same store). One row per channel. Standalone:
 *
 *   node --import tsx bench/chaos-channels.ts [--seed N] [--alerts N]
 */

import { z } from 'zod';
import type { Channel } from '../src/notify/channel.js';
import { createSender } from '../src/notify/sender.js';
import { startSink } from '../src/sink/sink.js';
import { createMemoryStore } from '../src/store/memory.js';
import { NS } from '../src/store/namespaces.js';
import { createOutbox } from '../src/store/outbox.js';
import {
  channelOf,
  FAULTS,
  type Fault,
  HTTP_MODE,
  MAY_HAVE_ARRIVED,
  never,
  opening,
  resent,
  SECRETS,
  SMTP_MODE,
  TIMEOUT_MS,
} from './chaos-channel-setup.js';

export const CHANNEL_TYPES = [
  'wecom',
  'dingtalk',
  'feishu',
  'pushplus',
  'serverchan',
  'bark',
  'email',
] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

export interface ChannelChaosRow {
  channel: ChannelType;
  alerts: number;
  delivered: number;
  lost: number;
  /** Second (third …) copies without （重发）. */
  unlabelledDuplicates: number;
  /** First copies labelled （重发）, and of them those after no fault that could have delivered. */
  labelledFirsts: number;
  labelledFirstsUnexplained: number;
  /** Signatures or timestamps the stand-in refused (DingTalk 310000, Feishu 19021). */
  rejectedSignatures: number;
  /** The channel's secrets found in the sender's logs and the stored outbox and progress. */
  secretsInLogs: number;
  faults: number;
  kills: number;
}

/** The faults a delivery meets; `ok` most often. Each is set on the stand-in in its provider's terms. */
/**
 * `alerts` alerts on one channel, in waves over a fake day; each delivery meets a fault with
 * probability `faultRate`, each wave a kill (once or twice) with probability `killRate`.
 */
export async function chaosOnChannel(
  type: ChannelType,
  alerts: number,
  random: () => number,
  options: { faultRate?: number; killRate?: number } = {},
): Promise<ChannelChaosRow> {
  const faultRate = options.faultRate ?? 0.3;
  const killRate = options.killRate ?? 0.25;
  let t = Date.parse('2026-12-01T01:00:00.000Z'); // 09:00 in Shanghai
  const clock = {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      t += ms;
    },
  };
  const sinkLog: string[] = [];
  const sink = await startSink({
    now: clock.now,
    log: (l) => sinkLog.push(l),
    smtp: type === 'email',
    lateAnswerMs: TIMEOUT_MS * 3,
  });
  const row: ChannelChaosRow = {
    channel: type,
    alerts,
    delivered: 0,
    lost: 0,
    unlabelledDuplicates: 0,
    labelledFirsts: 0,
    labelledFirstsUnexplained: 0,
    rejectedSignatures: 0,
    secretsInLogs: 0,
    faults: 0,
    kills: 0,
  };
  /** Per title, the faults met by a message carrying it, before its first copy arrived. */
  const met = new Map<string, Set<Fault | 'kill'>>();
  const titles: string[] = [];
  const note = (payload: unknown, what: Fault | 'kill') => {
    const text = JSON.stringify(payload);
    for (const title of titles)
      if (text.includes(title)) met.set(title, (met.get(title) ?? new Set()).add(what));
  };
  const setMode = (fault: Fault | undefined) => {
    sink.setMode(fault ? HTTP_MODE[fault] : 'ok');
    sink.smtp?.setMode(fault ? SMTP_MODE[fault] : 'ok');
  };
  const real = channelOf(type, sink, clock);
  let killsPending = 0;
  let onKill: () => void = () => {};
  const channel: Channel = {
    ...real,
    async deliver(payload) {
      const fault = random() < faultRate ? FAULTS[Math.floor(random() * FAULTS.length)] : undefined;
      setMode(fault);
      if (fault) {
        row.faults++;
        note(payload, fault);
      }
      try {
        await real.deliver(payload);
      } finally {
        setMode(undefined);
      }
      if (killsPending > 0) {
        // Taken by the stand-in; the process dies before it hears so.
        killsPending--;
        row.kills++;
        note(payload, 'kill');
        onKill();
        await never;
      }
    },
  };
  const logs: string[] = [];
  const logger = {
    info: (o: object | string, m?: string) => void logs.push(`${JSON.stringify(o)} ${m ?? ''}`),
    warn: (o: object | string, m?: string) => void logs.push(`${JSON.stringify(o)} ${m ?? ''}`),
    error: (o: object | string, m?: string) => void logs.push(`${JSON.stringify(o)} ${m ?? ''}`),
  };
  const kv = createMemoryStore();
  let run = 0;
  const process = () => {
    const outbox = createOutbox(kv, { processId: `${type}-run${++run}` });
    return createSender({ outbox, kv, channel, now: clock.now, sleep: clock.sleep, logger });
  };
  const enqueuer = createOutbox(kv, { processId: 'enqueuer' });
  try {
    let made = 0;
    while (made < alerts) {
      const wave = Math.min(alerts - made, 1 + Math.floor(random() * 5));
      for (let k = 0; k < wave; k++) {
        made++;
        titles.push(`${type}课${made}号`);
        await enqueuer.enqueue({
          id: `${type}-${made}`,
          lane: 'message',
          payload: opening(type, made, clock.now().toISOString()),
          createdAt: clock.now().toISOString(),
        });
      }
      if (random() < killRate) {
        const times = random() < 0.5 ? 1 : 2;
        for (let k = 0; k < times; k++) {
          killsPending = 1;
          const killed = new Promise<void>((resolve) => {
            onKill = resolve;
          });
          // The dead process's drain never returns; a drain with nothing taken ends by itself.
          await Promise.race([killed, process().drainOnce()]);
          killsPending = 0;
        }
      }
      await process().drain({ until: new Date(t + 90_000) });
      t += (5 + Math.floor(random() * 600)) * 1_000;
    }
    // Whatever is still owed goes out within two fake days (daily quotas reset at midnight).
    await process().drain({ until: new Date(t + 2 * 86_400_000) });

    const got = sink.received().filter((m) => m.channel === type);
    for (const title of titles) {
      const copies = got.filter((m) => JSON.stringify(m.body).includes(title));
      if (copies.length === 0) {
        row.lost++;
        continue;
      }
      row.delivered++;
      const [first, ...again] = copies;
      if (first && resent(JSON.stringify(first.body))) {
        row.labelledFirsts++;
        const why = [...(met.get(title) ?? [])].some((f) => MAY_HAVE_ARRIVED.has(f));
        if (!why) row.labelledFirstsUnexplained++;
      }
      row.unlabelledDuplicates += again.filter((m) => !resent(JSON.stringify(m.body))).length;
    }
    row.rejectedSignatures = sinkLog.filter((l) => /"errcode":310000|"code":19021/.test(l)).length;
    const stored = [
      ...(await kv.list(NS.outbox, z.unknown())),
      ...(await kv.list(NS.notifyProgress, z.unknown())),
      ...(await kv.list(NS.channel, z.unknown())),
    ];
    const haystack = `${logs.join('\n')}\n${JSON.stringify(stored)}`;
    row.secretsInLogs = SECRETS[type].filter((s) => haystack.includes(s)).length;
    return row;
  } finally {
    await sink.close();
  }
}

/** Every channel type, one after the other (they share nothing). */
export async function channelChaos(
  alertsPerChannel: number,
  random: () => number,
): Promise<ChannelChaosRow[]> {
  const rows: ChannelChaosRow[] = [];
  for (const type of CHANNEL_TYPES) rows.push(await chaosOnChannel(type, alertsPerChannel, random));
  return rows;
}

/** The rows as a table (one line per channel), for the chaos report. */
export function channelTable(rows: ChannelChaosRow[]): string[] {
  const head = [
    'channel',
    'alerts',
    'delivered',
    'lost',
    'dup unlabelled',
    '1st labelled (unexplained)',
    'sig rejected',
    'secrets',
    'faults',
    'kills',
  ];
  const cells = rows.map((r) => [
    r.channel,
    String(r.alerts),
    String(r.delivered),
    String(r.lost),
    String(r.unlabelledDuplicates),
    `${r.labelledFirsts} (${r.labelledFirstsUnexplained})`,
    String(r.rejectedSignatures),
    String(r.secretsInLogs),
    String(r.faults),
    String(r.kills),
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: string[]) => c.map((v, i) => v.padEnd(width[i] ?? 0)).join('  ');
  return [line(head), ...cells.map(line)];
}

/** One row per channel for bench/chaos.ts's table (label, figures). */
export function channelRows(rows: ChannelChaosRow[]): [string, string][] {
  return rows.map((r) => [
    `channel ${r.channel}: delivered / lost / unlabelled duplicates / firsts labelled （重发）`,
    `${r.delivered} / ${r.lost} / ${r.unlabelledDuplicates} / ${r.labelledFirsts} (${r.labelledFirstsUnexplained} after no fault that could have delivered) of ${r.alerts} alerts; signatures rejected ${r.rejectedSignatures}, secrets in logs ${r.secretsInLogs} (${r.faults} faults, ${r.kills} kills)`,
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { seeded } = await import('./detection-sim.js');
  const flag = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const seed = Number(flag('seed') ?? 1);
  const alerts = Number(flag('alerts') ?? 40);
  const rows = await channelChaos(alerts, seeded(seed));
  console.log(`jianlou chaos per channel — seed ${seed}, ${alerts} alerts a channel`);
  for (const line of channelTable(rows)) console.log(line);
}
