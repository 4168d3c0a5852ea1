import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runLogin } from '../src/browser/login.js';
import { type LoadedConfig, loadConfig } from '../src/config/load.js';
import { loadFlow } from '../src/flow/load.js';
import { startPortal } from '../src/portal/server.js';

const DEMO = { username: '13800000000', password: 'demo1234', captcha: '8888' };
const CHILDREN = [
  { id: 'sister', name: '姐姐', account: 'mom', studentId: 'S001' },
  { id: 'brother', name: '弟弟', account: 'mom', studentId: 'S002' },
];

export interface PickedCourse {
  id: string;
  status: 'open' | 'full' | 'closed';
  seats: number;
}

export interface BenchSetup {
  portalUrl: string;
  courses: PickedCourse[];
  /** Store sqlite://<dir>/warm.sqlite: the warm runtime and the soak. */
  warmConfig: LoadedConfig;
  /** Store sqlite://<dir>/cold.sqlite: one cold runtime after another, state kept between them like cron runs. */
  coldConfig: LoadedConfig;
  /** The saved session every mode starts from. */
  storageStatePath: string;
  close(): Promise<void>;
}

interface StateAnswer {
  courses: { id: string; seats: number; status: string }[];
}

/** `count` course ids, taking open, full and closed courses in turn (sorted, so every run picks the same). */
export function pickCourses(state: StateAnswer, count: number): PickedCourse[] {
  const kinds = ['open', 'full', 'closed'] as const;
  const buckets = kinds.map((kind) =>
    state.courses
      .filter((c) => c.status === kind)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((c): PickedCourse => ({ id: c.id, status: kind, seats: c.seats })),
  );
  const picked: PickedCourse[] = [];
  for (let i = 0; picked.length < count && buckets.some((b) => b.length > i); i += 1) {
    for (const bucket of buckets) {
      const course = bucket[i];
      if (course && picked.length < count) picked.push(course);
    }
  }
  if (picked.length < count) {
    throw new Error(`the demo portal has only ${picked.length} open/full/closed courses, ${count} wanted`);
  }
  return picked;
}

function configText(portalUrl: string, store: string, courses: PickedCourse[]): string {
  return stringify({
    timezone: 'Asia/Shanghai',
    store,
    portal: { flow: 'demo-portal', baseUrl: portalUrl },
    accounts: [{ id: 'mom', storageState: 'storage-state/mom.json', credentials: DEMO }],
    children: CHILDREN,
    // One target per course, the children in turn; no autoHold, so a cycle only observes and decides.
    targets: courses.map((c, i) => ({ child: CHILDREN[i % CHILDREN.length]!.id, courses: [c.id] })),
    schedule: { cron: '*/2 7-22 * * *', jitterSeconds: 0 },
  });
}

/**
 * The demo portal in this process (test mode), 20 courses picked from its admin state, two temp configs
 * without a notify channel (alerts stay in the outbox), and a scripted login for the demo account.
 */
export async function setupBench(courseCount: number): Promise<BenchSetup> {
  const portal = await startPortal({ port: 0, testMode: true });
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-bench-'));
  const cleanup = async () => {
    await portal.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const response = await fetch(`${portal.url}/__admin/state`);
    if (!response.ok) throw new Error(`GET /__admin/state answered HTTP ${response.status}`);
    const courses = pickCourses((await response.json()) as StateAnswer, courseCount);

    const warmFile = join(dir, 'warm.yaml');
    const coldFile = join(dir, 'cold.yaml');
    writeFileSync(warmFile, configText(portal.url, 'sqlite://./warm.sqlite', courses));
    writeFileSync(coldFile, configText(portal.url, 'sqlite://./cold.sqlite', courses));
    const warmConfig = loadConfig(warmFile, {});
    const coldConfig = loadConfig(coldFile, {});
    const account = warmConfig.accounts[0]!;
    const storageStatePath = account.storageState!;

    await runLogin({
      flow: await loadFlow(warmConfig.portal.flow, { cwd: dir }),
      accountId: account.id,
      baseUrl: warmConfig.portal.baseUrl,
      storageStatePath,
      mode: 'scripted',
      credentials: DEMO,
      timeoutMs: 30_000,
      out: () => {},
    });
    return { portalUrl: portal.url, courses, warmConfig, coldConfig, storageStatePath, close: cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
