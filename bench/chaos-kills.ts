/**
 * `kill -9` of `jianlou check` at a random moment (`npm run chaos`), then the next run (cron's next
 * tick) finishes what the killed one started: no seat held twice, no alert sent twice unlabelled,
 * none lost, no order without an approval.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { setTimeout as wait } from 'node:timers/promises';
import { z } from 'zod';
import { NS } from '../src/store/namespaces.js';
import { type ChaosWorld, choices, resent, titleOf } from './chaos-world.js';

const BIN = new URL('../bin/jianlou.js', import.meta.url).pathname;

export interface KillFigures {
  kills: number;
  holdsMade: number;
  alertsSeen: number;
  duplicateCartItems: number;
  duplicateAlerts: number;
  lostAlerts: number;
  ordersWithoutApproval: number;
}

function run(configFile: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [BIN, '--config', configFile, ...args], {
    env: { ...process.env, JIANLOU_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The child's exit code once it closed; its output joins the world's logs. */
function exited(world: ChaosWorld, child: ChildProcess): Promise<number | null> {
  let output = '';
  const keep = (d: Buffer) => {
    output += d.toString('utf8');
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      world.logs.push(output);
      resolve(code);
    }),
  );
}

export async function kills(world: ChaosWorld, n: number, random: () => number): Promise<KillFigures> {
  const { between } = choices(random);
  const { portal, sink } = world;
  if (!sink) throw new Error('the kill part needs the world’s WeCom stand-in');
  const out: KillFigures = {
    kills: 0,
    holdsMade: 0,
    alertsSeen: 0,
    duplicateCartItems: 0,
    duplicateAlerts: 0,
    lostAlerts: 0,
    ordersWithoutApproval: 0,
  };
  for (let i = 0; i < n; i++) {
    portal.admin.reset();
    sink.clear();
    const file = world.writeConfig({ autoHold: true });
    await world.login(file);
    portal.admin.setSeats('ART-101', 2);
    const child = run(file, ['check']);
    const done = exited(world, child);
    await wait(between(300, 3_500));
    child.kill('SIGKILL');
    await done;
    out.kills++;
    // The next run (cron's next tick) finishes what the killed one started.
    await exited(world, run(file, ['check']));
    const state = portal.admin.state();
    const mine = state.carts.filter((c) => c.courseId === 'ART-101' && c.studentId === 'S001');
    if (mine.length > 0) out.holdsMade++;
    if (mine.length > 1) out.duplicateCartItems += mine.length - 1;
    out.ordersWithoutApproval += state.orders.length;
    const titles = sink.received().filter((m) => m.msgtype !== 'text' || !titleOf(m).startsWith('<@'));
    const seen = new Map<string, number>();
    for (const m of titles) {
      const t = titleOf(m);
      if (resent(t)) continue;
      seen.set(t, (seen.get(t) ?? 0) + 1);
      out.alertsSeen++;
    }
    for (const count of seen.values()) if (count > 1) out.duplicateAlerts += count - 1;
    const rt = await world.openRuntime(file);
    try {
      const rows = await rt.kv.list(NS.outbox, z.object({ lane: z.string(), status: z.string() }));
      out.lostAlerts += rows.filter((r) => r.value.lane === 'message' && r.value.status !== 'done').length;
    } finally {
      await rt.close();
    }
  }
  return out;
}
