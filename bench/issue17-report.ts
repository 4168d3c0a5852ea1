import type { summarize } from './stats.js';
import type { SurgeRow } from './surge-sim.js';
import { surgeTable } from './surges.js';

/** What `npm run bench:issue17` measured (`--json` prints it as it is). */
export interface Issue17Result {
  date: string;
  machine: { cpus: number; node: string; loadBefore: number[] };
  cold: Record<'apiOnly' | 'browser', { medianMs: number; peakRssMb: number }>;
  warm: {
    cycleMs: number;
    oneRequestMs: number;
    onePlaywrightRequestMs: number;
    baselineMs: number;
    requestsPerCheck: number;
    requestsPerOpeningCheck: number;
  };
  holdMs: ReturnType<typeof summarize>;
  learnedSurges: SurgeRow[];
  simulated: Record<
    string,
    { meanDelaySeconds: number; p90DelaySeconds: number; checksPerHour: number; requestsPerHour: number }
  >;
}

/** The figures as the Markdown tables docs/speed.md quotes. */
export function issue17Lines(result: Issue17Result): string[] {
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
  return lines;
}
