/**
 * `npm run bench:status [-- --runs 20]`: two figures for the status page (issue 16).
 * 1. Server-side render time of /status for 20 courses × 14 days of synthetic history on the sqlite
 *    store: reading the store + building the page data + rendering the HTML, median of `runs`.
 * 2. The store's size after a simulated year: 20 courses checked once a minute, an opening a day
 *    each (open for 10 minutes), check counts per hour, the daily retention prune (default 180 days),
 *    through the same history repository the watcher uses.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildStatusPageData } from '../src/app/status/status-page-data.js';
import { renderStatusPage } from '../src/approve/status-page.js';
import type { Observation } from '../src/core/types.js';
import { createHistoryRepo, seatMonthSchema } from '../src/store/history.js';
import { NS } from '../src/store/namespaces.js';
import { createSqliteStore } from '../src/store/sqlite.js';
import { fillSynthetic, rng, syntheticWorld } from '../test/status/synthetic.js';
import { summarize } from './stats.js';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '20' }, retention: { type: 'string', default: '180' } },
});
const RUNS = Number(values.runs);
const RETENTION_DAYS = Number(values.retention);
const DAY = 86_400_000;

async function renderFigure(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-bench-status-'));
  const now = new Date('2026-07-15T12:00:00Z');
  const kv = await createSqliteStore(join(dir, 'store.sqlite'));
  const world = await syntheticWorld({ children: 3, courses: 20, now }, kv);
  try {
    const filled = await fillSynthetic(world, { days: 14, now });
    const options = { locale: 'zh' as const, decidePath: '/s/x/decide', proof: () => 'proof' };
    const total: number[] = [];
    const renderOnly: number[] = [];
    let bytes = 0;
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const data = await buildStatusPageData(world, []);
      const t1 = performance.now();
      const html = renderStatusPage(data, options);
      const t2 = performance.now();
      bytes = Buffer.byteLength(html);
      if (i === 0) continue; // warm-up
      total.push(t2 - t0);
      renderOnly.push(t2 - t1);
    }
    const s = summarize(total);
    const r = summarize(renderOnly);
    console.log('status page, 20 courses × 14 days (sqlite store, 3 children)');
    console.log(`  openings in the history      ${filled.openings}`);
    console.log(`  page size                    ${(bytes / 1024).toFixed(1)} KiB`);
    console.log(
      `  store read + data + HTML     median ${s.medianMs.toFixed(1)} ms  (p90 ${s.p90Ms.toFixed(1)}, min ${s.minMs.toFixed(1)}, max ${s.maxMs.toFixed(1)}, n=${RUNS})`,
    );
    console.log(`  HTML render alone           median ${r.medianMs.toFixed(2)} ms`);
  } finally {
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function yearFigure(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-bench-year-'));
  const file = join(dir, 'store.sqlite');
  const kv = await createSqliteStore(file);
  const history = createHistoryRepo(kv);
  const random = rng(2026);
  const courses = Array.from({ length: 20 }, (_, i) => `C${101 + i}`);
  const start = Date.UTC(2026, 0, 1);
  const obs = (courseId: string, seats: number): Observation => ({
    courseId,
    title: `课程 ${courseId}`,
    seats,
    state: seats > 0 ? 'open' : 'full',
    url: `http://127.0.0.1:4173/courses/${courseId}`,
  });
  const t0 = performance.now();
  let changes = 0;
  try {
    for (let day = 0; day < 365; day++) {
      // Each course opens once a day at a random minute, for 10 minutes.
      const opensAt = new Map(courses.map((c) => [c, Math.floor(random() * 1430)]));
      for (let minute = 0; minute < 1440; minute++) {
        const at = new Date(start + day * DAY + minute * 60_000);
        const seen = courses.map((c) => {
          const open = opensAt.get(c)!;
          return obs(c, minute >= open && minute < open + 10 ? 1 : 0);
        });
        changes += await history.recordObservations(seen, at);
        // The count per hour ends the same whether it is added once a minute or once an hour.
        if (minute % 60 === 59) await history.recordChecks('mom', at, { checks: 60, failures: 0 });
      }
      await history.prune(new Date(start + (day + 1) * DAY - RETENTION_DAYS * DAY));
    }
    const months = await kv.list(NS.seatHistory, seatMonthSchema);
    const days = await history.checkDays(new Date(0));
    await kv.close();
    const size = (p: string) => {
      try {
        return statSync(p).size;
      } catch {
        return 0;
      }
    };
    const bytes = size(file) + size(`${file}-wal`);
    const kept = [...(await reopenChanges(file)).values()].reduce((n, l) => n + l, 0);
    console.log(
      `\nstore after a simulated year (20 courses, a check a minute, an opening a day, retention ${RETENTION_DAYS} d)`,
    );
    console.log(`  checks simulated             ${(365 * 1440).toLocaleString('en')} × 20 courses`);
    console.log(`  change records written       ${changes.toLocaleString('en')}`);
    console.log(
      `  change records kept          ${kept.toLocaleString('en')} in ${months.length} month records`,
    );
    console.log(`  hourly check records kept    ${days.length} day records`);
    console.log(`  sqlite file (+ WAL)          ${(bytes / 1024 / 1024).toFixed(2)} MiB`);
    console.log(`  simulated in                 ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function reopenChanges(file: string): Promise<Map<string, number>> {
  const kv = await createSqliteStore(file);
  try {
    const all = await createHistoryRepo(kv).changes(new Date(0));
    return new Map([...all].map(([k, v]) => [k, v.length]));
  } finally {
    await kv.close();
  }
}

await renderFigure();
await yearFigure();
