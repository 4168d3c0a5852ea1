import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Chromium's memory, read from /proc (Linux only; elsewhere every figure is null). Playwright runs
 * in-process, so each launched browser is a direct child of this process and its helpers (zygote,
 * renderers, GPU/utility processes) are its descendants.
 */

interface ProcEntry {
  pid: number;
  ppid: number;
  name: string;
  rssBytes: number;
  /** RssAnon + RssShmem: the pages this process does not share with others through files. */
  privateBytes: number;
}

/** Memory of one browser's process tree. */
export interface TreeMemory {
  /** Σ RSS: shared library pages count once per process, so this overstates the total. */
  rssBytes: number;
  /** Σ (RssAnon + RssShmem): leaves out the file-backed pages the processes share. */
  privateBytes: number;
}

export const procAvailable = (() => {
  try {
    readFileSync('/proc/self/status', 'utf8');
    return true;
  } catch {
    return false;
  }
})();

function kB(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m ? Number(m[1]) * 1024 : 0;
}

function readStatus(pid: number): ProcEntry | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      pid,
      ppid: Number(/^PPid:\s+(\d+)/m.exec(status)?.[1] ?? -1),
      name: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '',
      rssBytes: kB(status, 'VmRSS'),
      privateBytes: kB(status, 'RssAnon') + kB(status, 'RssShmem'),
    };
  } catch {
    return undefined; // the process ended between readdir and read
  }
}

/** Every process that descends from `rootPid`, grouped by the child of `rootPid` it hangs under. */
export function descendantsByChild(rootPid: number = process.pid): Map<ProcEntry, ProcEntry[]> {
  const out = new Map<ProcEntry, ProcEntry[]>();
  if (!procAvailable) return out;
  const children = new Map<number, ProcEntry[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readStatus(Number(name));
    if (!entry) continue;
    const list = children.get(entry.ppid);
    if (list) list.push(entry);
    else children.set(entry.ppid, [entry]);
  }
  for (const top of children.get(rootPid) ?? []) {
    const tree: ProcEntry[] = [];
    const queue = [top];
    while (queue.length > 0) {
      const next = queue.pop()!;
      tree.push(next);
      queue.push(...(children.get(next.pid) ?? []));
    }
    out.set(top, tree);
  }
  return out;
}

// tsx starts an esbuild child too; only browser trees count.
const isBrowser = (name: string) => /chrom|headless/i.test(name);

/** Memory of each browser tree under this process, keyed by the browser's pid. */
export function browserTrees(): Map<number, TreeMemory> {
  const out = new Map<number, TreeMemory>();
  for (const [top, tree] of descendantsByChild()) {
    if (!isBrowser(top.name)) continue;
    out.set(top.pid, {
      rssBytes: tree.reduce((sum, e) => sum + e.rssBytes, 0),
      privateBytes: tree.reduce((sum, e) => sum + e.privateBytes, 0),
    });
  }
  return out;
}

/** All browser trees together, or null without /proc. */
export function browserMemory(): TreeMemory | null {
  if (!procAvailable) return null;
  const total: TreeMemory = { rssBytes: 0, privateBytes: 0 };
  for (const tree of browserTrees().values()) {
    total.rssBytes += tree.rssBytes;
    total.privateBytes += tree.privateBytes;
  }
  return total;
}

/**
 * Σ PSS of every browser tree (shared pages split between the processes sharing them): the fair
 * figure, but reading it walks every mapping (~40 ms for one browser), so only at checkpoints.
 */
export function browserPssBytes(): number | null {
  if (!procAvailable) return null;
  let total = 0;
  for (const [top, tree] of descendantsByChild()) {
    if (!isBrowser(top.name)) continue;
    for (const e of tree) {
      try {
        total += kB(readFileSync(`/proc/${e.pid}/smaps_rollup`, 'utf8'), 'Pss');
      } catch {
        // ended meanwhile, or smaps_rollup not readable: leave it out
      }
    }
  }
  return total;
}

/** Σ RSS of `rootPid` and every process below it (a CLI run and its browser, if it starts one). */
export function treeRssBytes(rootPid: number): number {
  if (!procAvailable) return 0;
  const entries: ProcEntry[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readStatus(Number(name));
    if (entry) entries.push(entry);
  }
  const parent = new Map(entries.map((e) => [e.pid, e.ppid]));
  let total = 0;
  for (const e of entries) {
    for (let p: number | undefined = e.pid; p !== undefined && p > 0; p = parent.get(p)) {
      if (p === rootPid) {
        total += e.rssBytes;
        break;
      }
    }
  }
  return total;
}

/**
 * Runs `node [...nodeArgs] BIN ...args` (NODE_OPTIONS cleared: what a user's shell runs) and measures
 * its wall time and the peak RSS of its process tree, sampled every 5 ms. Throws on a non-zero exit.
 */
export async function measuredRun(
  bin: string,
  args: string[],
  options: { nodeArgs?: readonly string[]; cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<{ ms: number; peakBytes: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.NODE_OPTIONS;
  const started = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), bin, ...args], {
    ...(options.cwd ? { cwd: options.cwd } : {}),
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let peak = 0;
  const timer = setInterval(() => {
    if (child.pid) peak = Math.max(peak, treeRssBytes(child.pid));
  }, 5);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const ms = performance.now() - started;
  clearInterval(timer);
  if (code !== 0) throw new Error(`jianlou ${args.join(' ')}: exit ${code}\n${stderr}`);
  return { ms, peakBytes: peak };
}
