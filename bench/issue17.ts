import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { APIRequestContext } from 'playwright';
import { stringify } from 'yaml';
import { runCycle } from '../src/app/cycle/cycle.js';
import { createRuntime, type Runtime } from '../src/app/runtime/runtime.js';
import { newRequestContext, playwright } from '../src/browser/launch.js';
import { readStorageState } from '../src/browser/session.js';
import { loadConfig } from '../src/config/load.js';
import type { Flow } from '../src/flow/types.js';
import { createLogger } from '../src/log/logger.js';
import { cronChecks, delays, poissonIn, seeded, surgeChecks } from './detection-sim.js';
import { baselineRun, warmRun } from './modes.js';
import { measuredRun } from './proc-memory.js';
import { setupBench } from './setup.js';
import { summarize } from './stats.js';
import { surgeRows, surgeTable } from './surges.js';

const ROOT = new URL('..', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/jianlou.js');
const COURSES = 20;

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } },
});
const RUNS = Math.max(1, Number(values.runs) || 5);
const progress = (line: string) => process.stderr.write(`… ${line}\n`);

async function cli(configFile: string, args: string[]): Promise<{ ms: number; peakMb: number }> {
  const run = await measuredRun(BIN, ['--config', configFile, ...args], {
    env: { JIANLOU_LOG_LEVEL: 'warn' },
  });
  return { ms: run.ms, peakMb: run.peakBytes / 1024 / 1024 };
}

const median = (xs: number[]) => summarize(xs).medianMs;

async function setSeats(portalUrl: string, courseId: string, seats: number): Promise<void> {
  const res = await fetch(`${portalUrl}/__admin/seats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ courseId, seats }),
  });
  if (!res.ok) throw new Error(`__admin/seats answered HTTP ${res.status}`);
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist/src/cli/main.js'))) {
    throw new Error('dist/ is missing: run npm run build first (npm run bench does)');
  }
  const logger = createLogger({ level: 'warn', pretty: false, stderr: true });
  progress('starting the demo portal and logging in');
  const setup = await setupBench(COURSES);
  const dir = setup.warmConfig.dir;
  try {
    // 1. cold check, API-only vs the browser path
    const pagesFlow = join(dir, 'pages-flow.mjs');
    writeFileSync(
      pagesFlow,
      `import { createDemoFlow } from ${JSON.stringify(join(ROOT, 'dist/flows/demo-portal.js'))};\n` +
        "export default createDemoFlow({ mode: 'pages' });\n",
    );
    const apiFile = setup.coldConfig.file;
    const pagesFile = join(dir, 'cold-pages.yaml');
    const coldRaw = readFileSync(apiFile, 'utf8');
    writeFileSync(pagesFile, coldRaw.replace('flow: demo-portal', 'flow: ./pages-flow.mjs'));
    const cold = {
      api: [] as { ms: number; peakMb: number }[],
      browser: [] as { ms: number; peakMb: number }[],
    };
    await cli(apiFile, ['check', '--dry-run']); // warm the disk cache for both
    for (let i = 0; i < RUNS; i++) {
      progress(`cold check ${i + 1}/${RUNS}`);
      cold.api.push(await cli(apiFile, ['check', '--dry-run']));
      cold.browser.push(await cli(pagesFile, ['check', '--dry-run']));
    }

    // 2. warm cycle vs one authenticated request vs the naive baseline
    const rt = await createRuntime(setup.warmConfig, { logger, keepWarm: true });
    const warm: number[] = [];
    const perCheck: number[] = [];
    const openingCheck: number[] = [];
    const one: number[] = [];
    const onePw: number[] = [];
    const base: number[] = [];
    try {
      await warmRun(rt, setup.courses);
      const storageState = await readStorageState(setup.storageStatePath, 'mom');
      const request = await newRequestContext({ storageState, baseURL: setup.portalUrl });
      // The yardstick: the same request through Playwright's own request context.
      const pwRequest = await playwright().request.newContext({ storageState, baseURL: setup.portalUrl });
      await request.get('/api/session');
      await pwRequest.get('/api/session');
      const timeOne = async (ctx: APIRequestContext, into: number[]) => {
        const t0 = performance.now();
        const r = await ctx.get('/api/session');
        if (r.status() !== 200) throw new Error(`one request: HTTP ${r.status()}`);
        into.push(performance.now() - t0);
      };
      for (let i = 0; i < RUNS * 3; i++) {
        const t0 = performance.now();
        await warmRun(rt, setup.courses);
        warm.push(performance.now() - t0);
        await timeOne(request, one);
        await timeOne(pwRequest, onePw);
      }
      await pwRequest.dispose();
      const runs = await rt.repos.runs.recent('mom', 5);
      for (const r of runs) if (r.requests !== undefined) perCheck.push(r.requests);
      // A check that sees a new opening also reads the orders and the cart (clashes, "already has it").
      const freed = setup.courses.find((c) => c.status === 'full');
      if (freed) {
        await setSeats(setup.portalUrl, freed.id, 1);
        await runCycle(rt);
        const [run] = await rt.repos.runs.recent('mom', 1);
        if (run?.requests !== undefined) openingCheck.push(run.requests);
        await setSeats(setup.portalUrl, freed.id, 0);
        await runCycle(rt);
      }
      await request.dispose();
      for (let i = 0; i < Math.max(2, Math.ceil(RUNS / 2)); i++) {
        progress(`naive baseline ${i + 1}`);
        const t0 = performance.now();
        await baselineRun(setup.portalUrl, setup.storageStatePath, setup.courses);
        base.push(performance.now() - t0);
      }
    } finally {
      await rt.close();
    }

    // 3. response that showed the seat → proven hold
    const holdMs: number[] = [];
    const open = setup.courses.find((c) => c.status === 'full');
    if (!open) throw new Error('no full course to free');
    const holdFile = join(dir, 'hold.yaml');
    writeFileSync(
      holdFile,
      stringify({
        timezone: 'Asia/Shanghai',
        store: 'memory://',
        portal: { flow: 'demo-portal', baseUrl: setup.portalUrl },
        accounts: [{ id: 'mom', storageState: setup.storageStatePath }],
        children: [{ id: 'sister', name: '姐姐', account: 'mom', studentId: 'S001' }],
        targets: [{ child: 'sister', courses: [open.id], autoHold: true }],
        approval: {
          listen: '127.0.0.1:0',
          publicUrl: 'http://127.0.0.1:8787',
          secret: 'bench-secret-0123456789',
        },
      }),
    );
    const holdConfig = loadConfig(holdFile, {});
    for (let i = 0; i < RUNS; i++) {
      progress(`seat → proven hold ${i + 1}/${RUNS}`);
      await setSeats(setup.portalUrl, open.id, 1);
      const hrt = await createRuntime(holdConfig, { logger, keepWarm: true });
      try {
        const timed = timeHold(hrt, open.id);
        const result = await runCycle(hrt);
        if (!result.effects.some((e) => e.type === 'hold')) throw new Error('no hold decided');
        const ms = timed.elapsedMs();
        if (ms === undefined) throw new Error('the hold was not proven in the cycle');
        holdMs.push(ms);
        const [record] = await hrt.repos.holds.list();
        if (record?.portal) {
          const held = record.portal;
          await hrt.withAccount('mom', (ctx) => hrt.flow.release!(ctx, held));
        }
      } finally {
        await hrt.close();
      }
      await setSeats(setup.portalUrl, open.id, 0);
    }

    // 4. simulated detection delay, one simulated week (Asia/Shanghai), seats freed 4 an hour in 7–23 h
    const tz = 'Asia/Shanghai';
    const weekStart = Date.parse('2026-07-06T00:00:00+08:00'); // a Monday
    const weekEnd = weekStart + 7 * 86_400_000;
    const activeHours: [number, number][] = [];
    for (let d = 0; d < 7; d++)
      activeHours.push([
        weekStart + d * 86_400_000 + 7 * 3_600_000,
        weekStart + d * 86_400_000 + 23 * 3_600_000,
      ]);
    const surgeWindows = [10, 20, 30].map((everySeconds) => ({
      everySeconds,
      windows: [{ cron: '55 11 * * *', durationMinutes: 65, everySeconds }],
    }));
    const surgeIntervals: [number, number][] = [];
    for (let d = 0; d < 7; d++) {
      const s = weekStart + d * 86_400_000 + (11 * 60 + 55) * 60_000;
      surgeIntervals.push([s, s + 65 * 60_000]);
    }
    const releases = poissonIn(activeHours, 4, seeded(17));
    const surgeReleases = poissonIn(surgeIntervals, 30, seeded(18));
    const sim = {
      '*/2 7-22 (example today)': delays(
        releases,
        cronChecks('*/2 7-22 * * *', 20, weekStart, weekEnd, tz, seeded(1)),
        7 * 16,
      ),
      '* 7-22 (every minute)': delays(
        releases,
        cronChecks('* 7-22 * * *', 20, weekStart, weekEnd, tz, seeded(2)),
        7 * 16,
      ),
      ...Object.fromEntries(
        surgeWindows.map(({ everySeconds, windows }) => [
          `surge every ${everySeconds} s`,
          // The regular every-minute schedule runs around a surge (its ticks stand aside inside one):
          // a seat freed after a window's last check is found by it, not by the next day's window.
          delays(
            surgeReleases,
            [
              ...surgeChecks(windows, weekStart, weekEnd, tz, seeded(3)),
              ...cronChecks('* 7-22 * * *', 20, weekStart, weekEnd, tz, seeded(4)).filter(
                (c) => !surgeIntervals.some(([from, to]) => c >= from && c < to),
              ),
            ],
            (7 * 65) / 60,
            surgeIntervals,
          ),
        ]),
      ),
    };
    const requestsPerCheck = perCheck.length > 0 ? median(perCheck) : Number.NaN;
    const extraPerOpening = (openingCheck.length > 0 ? median(openingCheck) : Number.NaN) - requestsPerCheck;
    // Each seat freed costs two checks that read the orders and the cart: the one that sees it and
    // the one that would say "gone" a cool-down later.
    const releasesPerHour: Record<string, number> = Object.fromEntries(
      Object.keys(sim).map((k) => [k, k.startsWith('surge') ? 30 : 4]),
    );

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version, loadBefore: loadavg() },
      cold: {
        apiOnly: {
          medianMs: median(cold.api.map((r) => r.ms)),
          peakRssMb: Math.max(...cold.api.map((r) => r.peakMb)),
        },
        browser: {
          medianMs: median(cold.browser.map((r) => r.ms)),
          peakRssMb: Math.max(...cold.browser.map((r) => r.peakMb)),
        },
      },
      warm: {
        cycleMs: median(warm),
        oneRequestMs: median(one),
        onePlaywrightRequestMs: median(onePw),
        baselineMs: median(base),
        requestsPerCheck,
        requestsPerOpeningCheck: requestsPerCheck + extraPerOpening,
      },
      holdMs: summarize(holdMs),
      // Issue 32: learned windows beside the plain schedule and a hand-written surge, same run.
      learnedSurges: surgeRows(),
      simulated: Object.fromEntries(
        Object.entries(sim).map(([k, v]) => [
          k,
          {
            ...v,
            requestsPerHour: v.checksPerHour * requestsPerCheck + releasesPerHour[k]! * 2 * extraPerOpening,
          },
        ]),
      ),
    };
    if (values.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return;
    }
    const f = (n: number, d = 0) => n.toFixed(d);
    const c = result.cold;
    const w = result.warm;
    const lines = [
      `issue 17 figures — ${result.date}, ${result.machine.cpus} cores, load ${result.machine.loadBefore.map((x) => x.toFixed(1)).join(' ')}`,
      '',
      '| cold `jianlou check --dry-run` (dist, 20 courses) | wall (median) | peak RSS, process tree |',
      '|---|---|---|',
      `| API-only (no Chromium launched) | ${f(c.apiOnly.medianMs)} ms | ${f(c.apiOnly.peakRssMb, 1)} MB |`,
      `| browser path (flow reads the pages) | ${f(c.browser.medianMs)} ms | ${f(c.browser.peakRssMb, 1)} MB |`,
      `| ratio | ${f(c.apiOnly.medianMs / c.browser.medianMs, 2)}× | ${f(c.apiOnly.peakRssMb / c.browser.peakRssMb, 2)}× |`,
      '',
      '| warm (watch) | median | ratio |',
      '|---|---|---|',
      `| one warm cycle, 20 courses (${f(w.requestsPerCheck)} request(s); ${f(w.requestsPerOpeningCheck)} when it sees a new opening) | ${f(w.cycleMs, 1)} ms | ${f(w.cycleMs / w.oneRequestMs, 1)}× one request |`,
      `| one authenticated request (jianlou's request client) | ${f(w.oneRequestMs, 1)} ms | 1× |`,
      `| the same request through Playwright's request context (the issue's yardstick) | ${f(w.onePlaywrightRequestMs, 1)} ms | warm cycle = ${f(w.cycleMs / w.onePlaywrightRequestMs, 1)}× it |`,
      `| naive baseline (launch, 20 pages) | ${f(w.baselineMs)} ms | warm cycle is ${f(w.baselineMs / w.cycleMs)}× faster |`,
      '',
      `response that showed the seat → proven hold: median ${f(result.holdMs.medianMs)} ms, max ${f(result.holdMs.maxMs)} ms (${result.holdMs.n} runs)`,
      '',
      '| simulated week, Poisson releases | mean delay | p90 | checks/hour | requests/hour per account |',
      '|---|---|---|---|---|',
      ...Object.entries(result.simulated).map(
        ([k, v]) =>
          `| ${k} | ${f(v.meanDelaySeconds, 1)} s | ${f(v.p90DelaySeconds, 1)} s | ${f(v.checksPerHour)} | ${f(v.requestsPerHour)} |`,
      ),
      '',
      `requests/hour = checks/hour × ${f(w.requestsPerCheck)} + 2 checks per freed seat × ${f(w.requestsPerOpeningCheck - w.requestsPerCheck)} more (4 seats an hour outside surges, 30 inside)`,
      '',
      ...surgeTable(result.learnedSurges),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await setup.close();
  }
}

/** Wraps the runtime's flow: the moment observe returned the open course, and the listHolds that proved it. */
function timeHold(rt: Runtime, courseId: string): { elapsedMs(): number | undefined } {
  const flow = rt.flow;
  let seenAt: number | undefined;
  let holdReturned = false;
  let provenAt: number | undefined;
  const wrapped: Flow = {
    ...flow,
    async observe(ctx, courses) {
      const seen = await flow.observe(ctx, courses);
      if (seenAt === undefined && seen.some((o) => o.courseId === courseId && o.state === 'open')) {
        seenAt = performance.now();
      }
      return seen;
    },
    async hold(ctx, course, child) {
      const held = await flow.hold!(ctx, course, child);
      holdReturned = true;
      return held;
    },
    async listHolds(ctx) {
      const holds = await flow.listHolds!(ctx);
      if (holdReturned && provenAt === undefined && holds.some((h) => h.courseId === courseId)) {
        provenAt = performance.now();
      }
      return holds;
    },
  };
  rt.flow = wrapped;
  return {
    elapsedMs: () => (seenAt !== undefined && provenAt !== undefined ? provenAt - seenAt : undefined),
  };
}

await main();
