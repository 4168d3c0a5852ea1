import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatusPageSources } from '../../src/app/status/status-page-data.js';
import { makeApprovalLinks } from '../../src/approve/tokens.js';
import { parseConfig } from '../../src/config/load.js';
import type { Alert, Observation } from '../../src/core/types.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createRepositories, type Repositories } from '../../src/store/repositories.js';
import { createStateRepo } from '../../src/store/state.js';
import type { KvStore } from '../../src/store/types.js';
import { watchStateSchema } from '../../src/watch/decide.js';

/**
 * A store filled with synthetic seat history, for the status page's tests, its benchmark and the
 * docs pictures: children with targets over `courses` courses, `days` days of one-minute checks,
 * openings at the hours cancellations really come (morning before work, lunch, the evening), each
 * open for a few minutes, with its alert; one hold waiting for a decision and one turned into an
 * order. Deterministic for a given seed.
 */

export const SYNTHETIC_SECRET = 'synthetic-secret-0123456789abcdef';
export const SYNTHETIC_ROBOT_KEY = 'robot-key-never-in-html-7c1e';
const TITLES = [
  '少儿创意美术（初级班）',
  '少儿书法（软笔）',
  '游泳初级班',
  '围棋入门',
  '钢琴基础',
  '少儿街舞',
  '机器人编程',
  '素描进阶',
  '童声合唱',
  '乒乓球训练',
  '小主持人',
  '陶艺手作',
  '国际象棋',
  '民族舞蹈',
  '科学实验室',
  '少儿英语戏剧',
  '尤克里里',
  '篮球基础',
  '水彩画',
  '硬笔书法',
];
const NAMES = ['姐姐', '弟弟', '妹妹'];
/** Relative chance of a cancellation per local hour 0–23 (none at night). */
const HOUR_WEIGHTS = [0, 0, 0, 0, 0, 0, 1, 4, 6, 3, 2, 2, 5, 4, 2, 2, 2, 3, 3, 5, 6, 4, 2, 0];

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function courseIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `C${String(101 + i)}`);
}

/** A jianlou.yaml for `children` children sharing `courses` courses (targets of 2–3 courses). */
export function syntheticConfigYaml(options: {
  children: number;
  courses: number;
  locale?: 'zh' | 'en';
  store?: string;
}): string {
  const ids = courseIds(options.courses);
  const children = Array.from({ length: options.children }, (_, i) => ({
    id: `kid${i + 1}`,
    name: NAMES[i] ?? `孩子${i + 1}`,
    account: i === 0 ? 'mom' : 'dad',
    studentId: `S00${i + 1}`,
  }));
  const targets: string[] = [];
  let next = 0;
  let k = 0;
  while (next < ids.length) {
    const size = Math.min(ids.length - next, k % 2 === 0 ? 3 : 2);
    const child = children[k % children.length]!;
    targets.push(
      `  - { child: ${child.id}, courses: [${ids.slice(next, next + size).join(', ')}], autoHold: ${k === 0} }`,
    );
    next += size;
    k++;
  }
  return [
    'timezone: Asia/Shanghai',
    `locale: ${options.locale ?? 'zh'}`,
    `store: ${options.store ?? 'memory://'}`,
    'portal: { flow: demo-portal, baseUrl: http://127.0.0.1:4173 }',
    'accounts:',
    '  - { id: mom }',
    '  - { id: dad }',
    'children:',
    ...children.map(
      (c) => `  - { id: ${c.id}, name: ${c.name}, account: ${c.account}, studentId: ${c.studentId} }`,
    ),
    'targets:',
    ...targets,
    'schedule: { cron: "* 7-22 * * *" }',
    'notify:',
    `  wecom: { webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${SYNTHETIC_ROBOT_KEY}" }`,
    `approval: { listen: "127.0.0.1:0", publicUrl: "http://127.0.0.1:8787", secret: "${SYNTHETIC_SECRET}" }`,
    '',
  ].join('\n');
}

function observation(
  courseId: string,
  seats: number,
  state: Observation['state'] = seats > 0 ? 'open' : 'full',
) {
  const i = Number(courseId.slice(1)) - 101;
  return {
    courseId,
    title: TITLES[i % TITLES.length] ?? courseId,
    seats,
    state,
    schedule: { weekday: (i % 7) + 1, start: '09:00', end: '10:30' },
    url: `http://127.0.0.1:4173/courses/${courseId}`,
  } satisfies Observation;
}

function localHourPick(random: () => number): number {
  const total = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
  let r = random() * total;
  for (let h = 0; h < 24; h++) {
    r -= HOUR_WEIGHTS[h] ?? 0;
    if (r < 0) return h;
  }
  return 20;
}

export interface SyntheticResult {
  openings: number;
  /** The hold waiting for a decision. */
  heldHoldId: string;
  /** The approval links the group got for it (tokens that must never show on the page). */
  links: { approveUrl: string; releaseUrl: string };
}

export interface SyntheticWorld extends StatusPageSources {
  repos: Repositories;
  kv: KvStore;
  dir: string;
  close(): Promise<void>;
}

/** Config from `syntheticConfigYaml`, over the given store (a memory one by default). */
export async function syntheticWorld(
  options: { children: number; courses: number; locale?: 'zh' | 'en'; now: Date },
  kv?: KvStore,
): Promise<SyntheticWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-status-'));
  const config = parseConfig(syntheticConfigYaml(options), join(dir, 'jianlou.yaml'), {});
  const store = kv ?? createMemoryStore();
  return {
    config,
    kv: store,
    repos: createRepositories(store),
    watchState: createStateRepo(store, 'watch', watchStateSchema),
    now: () => options.now,
    dir,
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes `days` days of history ending at `now` into the store. Shanghai is UTC+8 all year, so a
 * local hour is UTC hour + 8 here.
 */
export async function fillSynthetic(
  rt: StatusPageSources & { repos: Repositories },
  options: { days: number; now: Date; seed?: number; openingsPerCourseDay?: number },
): Promise<SyntheticResult> {
  const random = rng(options.seed ?? 16);
  const { repos, config } = rt;
  const nowMs = options.now.getTime();
  const startMs = nowMs - options.days * 86_400_000;
  const ids = [...new Set(config.targets.flatMap((t) => t.courses))];
  const targetOf = new Map(config.targets.flatMap((t) => t.courses.map((c) => [c, t] as const)));
  const childOf = (childId: string) => config.children.find((c) => c.id === childId)!;
  const perDay = options.openingsPerCourseDay ?? 0.4;

  await repos.history.recordObservations(
    ids.map((id) => observation(id, 0)),
    new Date(startMs - 3_600_000),
  );
  const events: { at: number; courseId: string; seats: number }[] = [];
  for (const courseId of ids) {
    for (let day = 0; day < options.days; day++) {
      if (random() >= perDay) continue;
      const localHour = localHourPick(random);
      const at = startMs - (startMs % 86_400_000) + day * 86_400_000 + ((localHour + 16) % 24) * 3_600_000;
      const t = at + Math.floor(random() * 60) * 60_000;
      if (t <= startMs || t >= nowMs - 60 * 60_000) continue;
      events.push({ at: t, courseId, seats: 1 + Math.floor(random() * 2) });
      events.push({ at: t + (3 + Math.floor(random() * 40)) * 60_000, courseId, seats: 0 });
    }
  }
  events.sort((a, b) => a.at - b.at);
  let openings = 0;
  for (const e of events) {
    const obs = observation(e.courseId, e.seats);
    await repos.history.recordObservations([obs], new Date(e.at));
    if (e.seats === 0) continue;
    openings++;
    const target = targetOf.get(e.courseId)!;
    const child = childOf(target.child);
    const alert: Alert = {
      kind: 'opening',
      targetId: target.id,
      child: { id: child.id, name: child.name },
      observation: obs,
      seenAt: new Date(e.at).toISOString(),
      clashes: [],
    };
    const id = `opening/${target.id}/${e.courseId}/${e.at}`;
    const at = new Date(e.at);
    await repos.outbox.enqueue({ id, lane: 'message', payload: alert, createdAt: at.toISOString() });
    await repos.outbox.done(id, new Date(e.at + 2000));
    await repos.alerts.add({
      id,
      kind: 'opening',
      targetId: target.id,
      courseId: e.courseId,
      at: at.toISOString(),
      outboxId: id,
    });
  }

  // Checks every minute from 07:00 to 22:59 local, a few failed ones now and then.
  for (const account of config.accounts) {
    for (let h = Math.floor(startMs / 3_600_000); h * 3_600_000 < nowMs; h++) {
      const local = (h + 8) % 24;
      if (local < 7 || local > 22) continue;
      const failures = random() < 0.05 ? 1 + Math.floor(random() * 4) : 0;
      await repos.history.recordChecks(account.id, new Date(h * 3_600_000), { checks: 60, failures });
    }
  }
  // The latest reading of every course, as the cycle keeps it.
  for (const id of ids) {
    const last = [...events].reverse().find((e) => e.courseId === id);
    const child = config.children.find((c) => c.id === targetOf.get(id)?.child);
    await repos.observations.save(
      child?.account ?? 'mom',
      [observation(id, last?.seats ?? 0)],
      new Date(nowMs - 30_000),
    );
  }

  const first = config.targets[0]!;
  const firstChild = childOf(first.child);
  const heldCourse = first.courses[0]!;
  const heldAt = new Date(nowMs - 4 * 60_000);
  const heldHoldId = `hold/${first.id}/${heldCourse}/synthetic`;
  await repos.holds.create({
    id: heldHoldId,
    accountId: firstChild.account,
    targetId: first.id,
    childId: firstChild.id,
    courseId: heldCourse,
    title: observation(heldCourse, 1).title,
    portal: {
      id: 'CART-7001',
      courseId: heldCourse,
      studentId: firstChild.studentId,
      heldAt: heldAt.toISOString(),
      expiresAt: new Date(nowMs + 26 * 60_000).toISOString(),
    },
    status: 'held',
    createdAt: heldAt.toISOString(),
  });
  const links = makeApprovalLinks({
    publicUrl: 'http://127.0.0.1:8787',
    secret: SYNTHETIC_SECRET,
    holdId: heldHoldId,
    expiresAt: new Date(nowMs + 26 * 60_000),
    now: heldAt,
  });
  const made: Alert = {
    kind: 'hold_made',
    targetId: first.id,
    child: { id: firstChild.id, name: firstChild.name },
    observation: observation(heldCourse, 1),
    hold: {
      id: 'CART-7001',
      courseId: heldCourse,
      studentId: firstChild.studentId,
      heldAt: heldAt.toISOString(),
      expiresAt: new Date(nowMs + 26 * 60_000).toISOString(),
    },
    ...links,
  };
  await repos.outbox.enqueue({
    id: `hold_made/${heldHoldId}`,
    lane: 'message',
    payload: made,
    createdAt: heldAt.toISOString(),
  });
  await repos.alerts.add({
    id: `hold_made/${heldHoldId}`,
    kind: 'hold_made',
    targetId: first.id,
    courseId: heldCourse,
    at: heldAt.toISOString(),
    outboxId: `hold_made/${heldHoldId}`,
  });
  const second = config.targets[1] ?? first;
  const secondChild = childOf(second.child);
  const orderedCourse = second.courses[0]!;
  const orderedAt = new Date(nowMs - 3 * 86_400_000);
  const orderedId = `hold/${second.id}/${orderedCourse}/synthetic`;
  await repos.holds.create({
    id: orderedId,
    accountId: secondChild.account,
    targetId: second.id,
    childId: secondChild.id,
    courseId: orderedCourse,
    title: observation(orderedCourse, 1).title,
    portal: {
      id: 'CART-6001',
      courseId: orderedCourse,
      studentId: secondChild.studentId,
      heldAt: orderedAt.toISOString(),
      expiresAt: new Date(orderedAt.getTime() + 30 * 60_000).toISOString(),
    },
    status: 'held',
    createdAt: orderedAt.toISOString(),
  });
  await repos.holds.update(
    orderedId,
    {
      status: 'approved',
      order: {
        id: 'ORD-5001',
        courseId: orderedCourse,
        studentId: secondChild.studentId,
        status: 'pending_payment',
        createdAt: new Date(orderedAt.getTime() + 6 * 60_000).toISOString(),
      },
      decision: {
        action: 'approve',
        by: '链接（192.168.1.20，iPhone）',
        at: new Date(orderedAt.getTime() + 6 * 60_000).toISOString(),
      },
    },
    new Date(orderedAt.getTime() + 6 * 60_000),
  );
  return { openings, heldHoldId, links };
}
