/**
 * `node --import tsx bench/relay-tap.ts [-- --taps 20 --screenshot docs/screenshots/relay-login.png]`:
 * the relayed login (issue 15) as the phone feels it — from a tap on the relayed picture to the
 * updated picture on the phone, median of N taps, against the in-process demo portal. Optionally
 * saves a phone screenshot of the relay page for the docs. Figures go to stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createDemoFlow } from '../flows/demo-portal.js';
import { makeLoginLink } from '../src/approve/login-tokens.js';
import { startApprovalServer } from '../src/approve/server.js';
import { launchBrowser } from '../src/browser/launch.js';
import { openRelaySession } from '../src/browser/relay.js';
import { startPortal } from '../src/portal/server.js';
import { createMemoryStore } from '../src/store/memory.js';

const { values } = parseArgs({
  options: { taps: { type: 'string', default: '20' }, screenshot: { type: 'string' } },
});
const taps = Number(values.taps);
const secret = 'bench-relay-secret-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'jianlou-bench-relay-'));
const portal = await startPortal({ port: 0, testMode: true });
const browser = await launchBrowser({ headless: true });
const server = await startApprovalServer({
  listen: '127.0.0.1:0',
  secret,
  kv: createMemoryStore(),
  decider: { describe: async () => undefined, decide: async () => Promise.reject(new Error('no holds')) },
  loginRelay: {
    accounts: ['mom'],
    open: (accountId) =>
      openRelaySession({
        flow: createDemoFlow({ timeoutMs: 5000 }),
        accountId,
        baseUrl: portal.url,
        storageStatePath: join(dir, 'mom.json'),
        browser,
      }),
  },
});
try {
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  const page = await phone.newPage();
  const link = makeLoginLink({ publicUrl: server.url, secret, accountId: 'mom', now: new Date() });
  await page.goto(link.url);
  const seqOf = async () => Number((await page.locator('#screen').getAttribute('data-seq')) ?? 0);
  await page.waitForFunction(() => Number(document.getElementById('screen')?.getAttribute('data-seq')) > 0);
  const img = await page.locator('#screen').boundingBox();
  if (!img) throw new Error('no relayed picture on the page');
  const times: number[] = [];
  for (let i = 0; i < taps; i += 1) {
    const before = await seqOf();
    const started = performance.now();
    // A tap on the page's blank top area: an action the portal ignores, so every tap costs the same.
    await page.mouse.click(img.x + img.width / 2, img.y + 8);
    await page.waitForFunction(
      (n) => Number(document.getElementById('screen')?.getAttribute('data-seq')) > n,
      before,
      { polling: 5 },
    );
    times.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 1200));
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN;
  console.log(`relayed login: tap → updated picture on the phone, ${taps} taps`);
  console.log(
    `  median ${at(0.5).toFixed(0)} ms · p90 ${at(0.9).toFixed(0)} ms · min ${at(0).toFixed(0)} ms · max ${at(1).toFixed(0)} ms (goal ≤ 500 ms)`,
  );
  console.log(
    `  machine: ${cpus().length} cores, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  if (values.screenshot) {
    await page.screenshot({ path: values.screenshot, fullPage: true });
    console.log(`  phone screenshot: ${values.screenshot}`);
  }
  await phone.close();
} finally {
  await server.close();
  await browser.close();
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
}
