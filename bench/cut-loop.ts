/**
 * Loops checks against the demo portal with a cut connection everywhere (issue 26: a check that
 * outlived its deadline). `node --import tsx bench/cut-loop.ts [checks] [deadlineSeconds]`: prints
 * every check that ran past its deadline by more than 5 s, and the slowest.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCycle } from '../src/app/cycle/cycle.js';
import { createRuntime } from '../src/app/runtime/runtime.js';
import { runLogin } from '../src/browser/login.js';
import { loadConfig } from '../src/config/load.js';
import { loadFlow } from '../src/flow/load.js';
import { createLogger } from '../src/log/logger.js';
import { startPortal } from '../src/portal/server.js';

const checks = Number(process.argv[2] ?? 200);
const deadlineS = Number(process.argv[3] ?? 3);
const portal = await startPortal({ port: 0, testMode: true, passwords: { '13800000000': 'pw-1' } });
const dir = mkdtempSync(join(tmpdir(), 'jianlou-cut-loop-'));
const file = join(dir, 'cut.yaml');
writeFileSync(
  file,
  [
    'timezone: Asia/Shanghai',
    'store: sqlite://./cut.sqlite',
    `portal: { flow: demo-portal, baseUrl: "${portal.url}" }`,
    'accounts:',
    '  - id: mom',
    '    storageState: storage-state/mom.json',
    '    credentials: { username: "13800000000", password: "pw-1", captcha: "8888" }',
    'children:',
    '  - { id: sister, name: 姐姐, account: mom, studentId: S001 }',
    'targets:',
    '  - { child: sister, courses: [ART-101, ART-102, SWIM-201], autoHold: false }',
    `schedule: { cron: "*/2 7-22 * * *", jitterSeconds: 0, cycleTimeoutSeconds: ${deadlineS} }`,
    'policy: { cooldownMinutes: 30, dailySummaryAt: "20:00" }',
  ].join('\n'),
);
const config = loadConfig(file);
const account = config.accounts[0];
if (!account?.storageState || !account.credentials) throw new Error('no session path');
await runLogin({
  flow: await loadFlow(config.portal.flow, { cwd: config.dir }),
  accountId: account.id,
  baseUrl: portal.url,
  storageStatePath: account.storageState,
  mode: 'scripted',
  credentials: account.credentials,
  timeoutMs: 20_000,
  out: () => {},
});
const logger = createLogger({ level: process.env.LOOP_LOG ?? 'warn', secrets: config.secrets });
const rt = await createRuntime(config, { logger });
let slowest = 0;
let late = 0;
for (let i = 0; i < checks; i++) {
  portal.admin.setFault('api', 'cut');
  portal.admin.setFault('pages', 'cut');
  const t0 = Date.now();
  const watchdog = setInterval(
    () => process.stderr.write(`check ${i} still running after ${((Date.now() - t0) / 1000).toFixed(0)} s\n`),
    15_000,
  );
  const result = await runCycle(rt).catch((e: unknown) => ({
    accounts: [{ outcome: `threw ${String(e)}` }],
  }));
  clearInterval(watchdog);
  const ms = Date.now() - t0;
  slowest = Math.max(slowest, ms);
  if (ms > deadlineS * 1000 + 5000) late++;
  if (ms > deadlineS * 1000 + 5000 || i % 20 === 0)
    process.stderr.write(`check ${i}: ${ms} ms ${result.accounts[0]?.outcome}\n`);
}
process.stderr.write(`${checks} checks, ${late} late, slowest ${slowest} ms\n`);
await rt.close();
await portal.close();
