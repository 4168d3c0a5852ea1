import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { APIRequestContext } from 'playwright';
import { stringify } from 'yaml';
import { runCycle } from '../src/app/cycle/cycle.js';
import { createRuntime } from '../src/app/runtime/runtime.js';
import { newRequestContext, playwright } from '../src/browser/launch.js';
import { readStorageState } from '../src/browser/session.js';
import { loadConfig } from '../src/config/load.js';
import { createLogger } from '../src/log/logger.js';
import { setSeats, timeHold } from './issue17-hold.js';
import { issue17Lines } from './issue17-report.js';
import { simulatedWeek } from './issue17-week.js';
import { baselineRun, warmRun } from './modes.js';
import { measuredRun } from './proc-memory.js';
import { setupBench } from './setup.js';
import { summarize } from './stats.js';
import { surgeRows } from './surges.js';

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
      // The issue's yardstick: the same request through Playwright's own request context.
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

    // 4. simulated detection delay (issue17-week.ts)
    const sim = simulatedWeek();
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
    process.stdout.write(`${issue17Lines(result).join('\n')}\n`);
  } finally {
    await setup.close();
  }
}

await main();
