import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startPortal } from '../src/portal/server.js';
import { measuredRun } from './proc-memory.js';
import { summarize } from './stats.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/jianlou.js');
const RUNS = Number(process.env.RUNS ?? 7);
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const VARIANTS = {
  'before (tsx, sources)': ['--conditions=source', `--import=${TSX}`],
  'after (compiled dist/)': [],
} as const;

async function measure(
  nodeArgs: readonly string[],
  args: string[],
  cwd: string,
): Promise<{ ms: number; peak: number }> {
  const run = await measuredRun(BIN, args, { nodeArgs, cwd });
  return { ms: run.ms, peak: run.peakBytes };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function main(): Promise<void> {
  const portal = await startPortal({ port: 0, testMode: true });
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-bench-startup-'));
  try {
    writeFileSync(
      join(dir, 'jianlou.yaml'),
      [
        `store: sqlite://./data/jianlou.sqlite`,
        `portal: { flow: demo-portal, baseUrl: ${portal.url} }`,
        `accounts: [{ id: mom, storageState: storage-state/mom.json, credentials: { username: "13800000000", password: demo1234, captcha: "8888" } }]`,
        `children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]`,
        `targets: [{ child: sister, courses: [ART-101, ART-102] }]`,
        `notify: { wecom: { webhook: "http://127.0.0.1:9/cgi-bin/webhook/send?key=bench" } }`,
        `approval: { listen: "127.0.0.1:0", publicUrl: "http://127.0.0.1:8787", secret: "bench-secret-0123456789abcdef0123" }`,
        '',
      ].join('\n'),
    );
    await measure([], ['login', 'mom', '--scripted'], dir);
    const commands: [string, string[]][] = [
      ['--help', ['--help']],
      ['check --dry-run (cold)', ['check', '--dry-run']],
    ];
    process.stdout.write(
      `jianlou start-up, ${RUNS} runs each (median wall time, peak RSS of the process tree)\n`,
    );
    for (const [label, args] of commands) {
      const figures: Record<string, { median: number; peak: number }> = {};
      for (const [variant, nodeArgs] of Object.entries(VARIANTS)) {
        await measure(nodeArgs, args, dir); // one unmeasured run: the disk cache is warm for both
        const runs = [];
        for (let i = 0; i < RUNS; i++) runs.push(await measure(nodeArgs, args, dir));
        const s = summarize(runs.map((r) => r.ms));
        const peak = Math.max(...runs.map((r) => r.peak));
        figures[variant] = { median: s.medianMs, peak };
        process.stdout.write(
          `  ${label.padEnd(24)} ${variant.padEnd(24)} ${s.medianMs.toFixed(0).padStart(5)} ms  (min ${s.minMs.toFixed(0)}, max ${s.maxMs.toFixed(0)})  peak ${mb(peak)} MB\n`,
        );
      }
      const [before, after] = Object.values(figures);
      if (before && after) {
        process.stdout.write(
          `  ${label.padEnd(24)} after/before: time ${(after.median / before.median).toFixed(2)}×, peak RSS ${(after.peak / before.peak).toFixed(2)}×\n`,
        );
      }
    }
  } finally {
    await portal.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
