/**
 * A warm check of 20 courses without a browser, same run, two ways: the legacy style's GBK pages read
 * through the kit's HTML reader (flows/demo-legacy.ts: the course list, 20 a page) beside the classic
 * style's JSON API (flows/demo-portal.ts in API mode: one request). Both logged in by requests only.
 *   node --import tsx bench/legacy-html.ts [--runs 40]
 */
import { parseArgs } from 'node:util';
import legacyFlow from '../flows/demo-legacy.js';
import { createDemoFlow } from '../flows/demo-portal.js';
import { newRequestContext } from '../src/browser/launch.js';
import { createLazySession } from '../src/browser/lazy-session.js';
import type { Flow } from '../src/flow/types.js';
import { startPortal } from '../src/portal/server.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '40' } } });
const RUNS = Number(values.runs);
const WARMUPS = 5;

async function browserFree(baseUrl: string, options: unknown) {
  const request = await newRequestContext({ storageState: { cookies: [], origins: [] }, baseURL: baseUrl });
  const lazy = createLazySession({
    baseUrl,
    accountId: 'mom',
    request,
    options,
    openContext: () => Promise.reject(new Error('the bench opens no browser')),
  });
  return { ctx: lazy.ctx, dispose: () => request.dispose() };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

async function time(label: string, flow: Flow, ctx: Parameters<Flow['observe']>[0], ids: string[]) {
  const refs = ids.map((id) => ({ id }));
  for (let i = 0; i < WARMUPS; i++) await flow.observe(ctx, refs);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const ms: number[] = [];
  let open = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const seen = await flow.observe(ctx, refs);
    ms.push(performance.now() - started);
    open = seen.filter((o) => o.state === 'open').length;
  }
  ms.sort((a, b) => a - b);
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
  console.log(
    `${label.padEnd(44)} median ${quantile(ms, 0.5).toFixed(1).padStart(6)} ms  p90 ${quantile(ms, 0.9).toFixed(1).padStart(6)} ms  heap Δ ${heapMb.toFixed(1)} MB  (${open} open of ${ids.length})`,
  );
}

const [legacy, classic] = await Promise.all([
  startPortal({ style: 'legacy', testMode: true }),
  startPortal({ testMode: true }),
]);
try {
  const ids = legacy.admin
    .state()
    .courses.slice(0, 20)
    .map((c) => c.id);
  console.log(`warm check of ${ids.length} courses, ${RUNS} runs after ${WARMUPS} warm-ups, no browser:`);

  const l = await browserFree(legacy.url, { timeoutMs: 10_000 });
  await (legacyFlow as Flow).login?.(l.ctx, {
    username: '13800000000',
    password: 'demo1234',
    captcha: '8888',
  });
  await time('legacy: GBK HTML pages (4 list pages, cheerio)', legacyFlow as Flow, l.ctx, ids);
  await l.dispose();

  const c = await browserFree(classic.url, undefined);
  const login = await c.ctx.request.post(`${classic.url}/login`, {
    form: { username: '13800000000', password: 'demo1234', captcha: '8888' },
    maxRedirects: 0,
  });
  if (login.status() !== 302) throw new Error(`classic login answered ${login.status()}`);
  await time('classic: JSON API (1 request)', createDemoFlow({ mode: 'api' }) as Flow, c.ctx, ids);
  await c.dispose();
} finally {
  await Promise.all([legacy.close(), classic.close()]);
}
