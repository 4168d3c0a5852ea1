/**
 * `npm run bench [-- --runs 7 --soak-cycles 50 --json]`: one check cycle of 20 courses against the
 * in-process demo portal, timed three ways in the same process — jianlou with its browser already up
 * (warm), jianlou launching and closing its browser (cold), and a naive page-by-page script (baseline) —
 * then memory over many warm cycles. Figures go to stdout; only warnings go to stderr.
 */
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createRuntime, type Runtime } from '../src/app/runtime/runtime.js';
import { createLogger, type Logger } from '../src/log/logger.js';
import { baselineRun, coldRun, warmRun } from './modes.js';
import { browserMemory, browserPssBytes, browserTrees } from './proc-memory.js';
import {
  type BenchResult,
  formatReport,
  MODES,
  type Mode,
  type ModeResult,
  mb,
  type SoakCheckpoint,
} from './report.js';
import { type SamplerReport, startSampler } from './sampler.js';
import { type BenchSetup, setupBench } from './setup.js';
import { ratio, summarize } from './stats.js';

const COURSES = 20;
const WARMUPS = 1;

// Memory checkpoints are read after a full collection, so garbage not yet collected is not called growth.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const parse = () =>
  parseArgs({
    options: {
      runs: { type: 'string', default: '7' },
      'soak-cycles': { type: 'string', default: '50' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });

function options() {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)} (try --help)\n`);
    process.exit(2);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(
      'usage: npm run bench -- [--runs N (default 7)] [--soak-cycles N (default 50, 0 = skip)] [--json]\n',
    );
    process.exit(0);
  }
  const whole = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`--${name} must be a whole number ≥ ${min}, got "${text}"\n`);
      process.exit(2);
    }
    return n;
  };
  return {
    runs: whole('runs', values.runs, 1),
    soakCycles: whole('soak-cycles', values['soak-cycles'], 0),
    json: values.json,
  };
}

const progress = (line: string) => {
  if (process.stderr.isTTY) process.stderr.write(`… ${line}\n`);
};

async function measureModes(setup: BenchSetup, rt: Runtime, logger: Logger, runs: number) {
  const sampler = await startSampler();
  // The warm runtime's browser is the only one up now; cold and baseline runs count every other tree.
  const warmPids = new Set(browserTrees().keys());
  const { courses } = setup;
  const modes: Record<Mode, { run: () => Promise<void>; counts: (pid: number) => boolean }> = {
    warm: { run: () => warmRun(rt, courses), counts: (pid) => warmPids.has(pid) },
    cold: { run: () => coldRun(setup.coldConfig, logger, courses), counts: (pid) => !warmPids.has(pid) },
    baseline: {
      run: () => baselineRun(setup.portalUrl, setup.storageStatePath, courses),
      counts: (pid) => !warmPids.has(pid),
    },
  };
  const times: Record<Mode, number[]> = { warm: [], cold: [], baseline: [] };
  let report: SamplerReport;
  try {
    for (let round = -WARMUPS; round < runs; round += 1) {
      progress(round < 0 ? 'warm-up round' : `round ${round + 1}/${runs}`);
      // Rotating the order spreads any drift in machine load evenly over the modes.
      const shift = ((round % MODES.length) + MODES.length) % MODES.length;
      for (const mode of [...MODES.slice(shift), ...MODES.slice(0, shift)]) {
        const end = round >= 0 ? sampler.begin(mode, modes[mode].counts) : () => {};
        const t0 = performance.now();
        await modes[mode].run();
        const elapsed = performance.now() - t0;
        end();
        if (round >= 0) times[mode].push(elapsed);
      }
    }
  } finally {
    report = await sampler.stop();
  }
  const results = {} as Record<Mode, ModeResult>;
  for (const mode of MODES) {
    const peak = report.phases[mode];
    results[mode] = {
      ...summarize(times[mode]),
      peakBrowserPrivateMb: peak?.browserPrivateBytes == null ? null : mb(peak.browserPrivateBytes),
      peakBrowserRssMb: peak?.browserRssBytes == null ? null : mb(peak.browserRssBytes),
      browserSamples: peak?.browserSamples ?? 0,
    };
  }
  return { results, peakNodeRssMb: mb(report.peakNodeRssBytes) };
}

async function checkpoint(cycle: number): Promise<SoakCheckpoint> {
  gc();
  await sleep(100);
  gc();
  const browser = browserMemory();
  const pss = browserPssBytes();
  return {
    cycle,
    nodeRssMb: mb(process.memoryUsage.rss()),
    heapUsedMb: mb(process.memoryUsage().heapUsed),
    browserPrivateMb: browser === null ? null : mb(browser.privateBytes),
    browserPssMb: pss === null ? null : mb(pss),
  };
}

async function soak(setup: BenchSetup, logger: Logger, cycles: number): Promise<BenchResult['soak']> {
  const marks = new Set([5, 10, 25, cycles].filter((n) => n <= cycles));
  const rt = await createRuntime(setup.warmConfig, { logger });
  try {
    await rt.browser();
    const checkpoints: SoakCheckpoint[] = [];
    const times: number[] = [];
    for (let i = 1; i <= cycles; i += 1) {
      const t0 = performance.now();
      await warmRun(rt, setup.courses);
      times.push(performance.now() - t0);
      if (marks.has(i)) {
        progress(`soak: ${i}/${cycles} cycles`);
        checkpoints.push(await checkpoint(i));
      }
    }
    return { cycles, cycleMs: summarize(times), checkpoints };
  } finally {
    await rt.close();
  }
}

async function main(): Promise<void> {
  const opts = options();
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const loadBefore = loadavg();
  const logger = createLogger({ level: 'warn', pretty: false, stderr: true });
  progress('starting the demo portal and logging in');
  const setup = await setupBench(COURSES);
  try {
    const rt = await createRuntime(setup.warmConfig, { logger });
    let measured: Awaited<ReturnType<typeof measureModes>>;
    let chromium: string;
    try {
      chromium = (await rt.browser()).version();
      measured = await measureModes(setup, rt, logger, opts.runs);
    } finally {
      await rt.close();
    }
    const soakResult = opts.soakCycles > 0 ? await soak(setup, logger, opts.soakCycles) : undefined;
    const { results } = measured;
    const count = (status: string) => setup.courses.filter((c) => c.status === status).length;
    const result: BenchResult = {
      startedAt,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
        node: process.version,
        chromium,
        loadBefore,
        loadAfter: loadavg(),
      },
      courses: {
        count: setup.courses.length,
        open: count('open'),
        full: count('full'),
        closed: count('closed'),
        ids: setup.courses.map((c) => c.id),
      },
      runs: opts.runs,
      warmups: WARMUPS,
      modes: results,
      ratios: {
        baselineOverWarm: ratio(results.baseline, results.warm),
        baselineOverCold: ratio(results.baseline, results.cold),
        coldOverWarm: ratio(results.cold, results.warm),
      },
      peakNodeRssMb: measured.peakNodeRssMb,
      ...(soakResult ? { soak: soakResult } : {}),
      totalSeconds: (performance.now() - started) / 1000,
    };
    const round = (_key: string, v: unknown) =>
      typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v;
    process.stdout.write(opts.json ? `${JSON.stringify(result, round, 2)}\n` : `${formatReport(result)}\n`);
  } finally {
    await setup.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
