import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { createRuntimeSender } from '../../src/app/alerts/notify.js';
import { createHoldDecider } from '../../src/app/holds/hold-decisions.js';
import { createRuntime, type Runtime } from '../../src/app/runtime/runtime.js';
import { type ApprovalServer, startApprovalServer } from '../../src/approve/server.js';
import { launchBrowser } from '../../src/browser/launch.js';
import { runLogin } from '../../src/browser/login.js';
import { type LoadedConfig, parseConfig } from '../../src/config/load.js';
import { loadFlow, loadPortalFlow } from '../../src/flow/load.js';
import { createLogger } from '../../src/log/logger.js';
import type { Sender } from '../../src/notify/sender.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { type Sink, startSink } from '../../src/sink/sink.js';
import type { HoldRecord } from '../../src/store/holds.js';

/**
 * One stage per test file (demo portal, WeCom sink, the parent's Chromium) and one engine per test
 * (fresh store, fresh login, runtime, approval server on a port picked first so that the links in
 * the alerts point at it).
 */

export const SECRET = 'e2e-approval-secret-0123456789';

export interface Stage {
  portal: RunningPortal;
  sink: Sink;
  /** The parent's browser, opening the links of the alerts. */
  browser: Browser;
  close(): Promise<void>;
}

export async function startStage(options: { holdSeconds?: number } = {}): Promise<Stage> {
  const portal = await startPortal({
    port: 0,
    testMode: true,
    ...(options.holdSeconds ? { holdSeconds: options.holdSeconds } : {}),
  });
  const sink = await startSink({ port: 0 });
  const browser = await launchBrowser();
  return {
    portal,
    sink,
    browser,
    async close() {
      await browser.close().catch(() => {});
      await sink.close();
      await portal.close();
    },
  };
}

/** The stage's browser for runLogin, which closes the browser it was given when it is done. */
function borrowed(browser: Browser): Browser {
  return new Proxy(browser, {
    get(target, key) {
      if (key === 'close') return async () => {};
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** A port nobody listens on right now (the approval server must know its URL before it starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The runtime's clock: real time plus an offset the test moves. */
export interface Clock {
  now(): Date;
  offsetMs: number;
}

export function movableClock(): Clock {
  const clock: Clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  return clock;
}

export interface Engine {
  rt: Runtime;
  config: LoadedConfig;
  clock: Clock;
  decider: ReturnType<typeof createHoldDecider>;
  sender: Sender;
  /** Absent when the test starts the daemon instead. */
  approval?: ApprovalServer;
  close(): Promise<void>;
}

export interface EngineOptions {
  /** YAML list items of `targets:`. */
  targets: string[];
  /** YAML mapping of `policy:` (flow style), e.g. `{ holdReminderMinutes: 1 }`. */
  policy?: string;
  /** false: no approval server (the daemon starts its own from the same config). */
  approvalServer?: boolean;
}

/** Resets the portal and the sink, logs the demo account in, and builds a runtime around them. */
export async function startEngine(stage: Stage, options: EngineOptions): Promise<Engine> {
  stage.portal.admin.reset();
  stage.sink.clear();
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-approval-e2e-'));
  const port = await freePort();
  const yaml = `
timezone: Asia/Shanghai
locale: zh
store: sqlite://./data/jianlou.sqlite
portal: { flow: demo-portal, baseUrl: "${stage.portal.url}" }
accounts:
  - id: mom
    storageState: storage-state/mom.json
    credentials: { username: "13800000000", password: demo1234, captcha: "8888" }
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
  - { id: brother, name: 弟弟, account: mom, studentId: S002 }
targets:
${options.targets.map((t) => `  - ${t}`).join('\n')}
schedule: { cron: "0 3 1 1 *", jitterSeconds: 0 }
policy: ${options.policy ?? '{}'}
notify:
  wecom: { webhook: "${stage.sink.webhookUrl}" }
approval: { listen: "127.0.0.1:${port}", publicUrl: "http://127.0.0.1:${port}", secret: "${SECRET}" }
`;
  const config = parseConfig(yaml, join(dir, 'jianlou.yaml'), {});
  const account = config.accounts[0]!;
  await runLogin({
    flow: await loadFlow(config.portal.flow, { cwd: config.dir }),
    accountId: account.id,
    baseUrl: config.portal.baseUrl,
    storageStatePath: account.storageState!,
    mode: 'scripted',
    credentials: account.credentials!,
    timeoutMs: 30_000,
    out: () => {},
    launch: async () => borrowed(stage.browser),
  });
  const logger = createLogger({ level: process.env.E2E_LOG_LEVEL ?? 'silent', pretty: false });
  const clock = movableClock();
  const rt = await createRuntime(config, { logger, now: clock.now });
  const decider = createHoldDecider(rt);
  const approval =
    options.approvalServer === false
      ? undefined
      : await startApprovalServer({
          listen: config.approval!.listen,
          publicUrl: config.approval!.publicUrl,
          secret: config.approval!.secret,
          kv: rt.kv,
          decider,
          now: rt.now,
          timeZone: config.timezone,
        });
  return {
    rt,
    config,
    clock,
    decider,
    // The engine stands in for `watch`: its approval server answers the links its alerts carry.
    sender: createRuntimeSender(rt, undefined, { serving: true }),
    ...(approval ? { approval } : {}),
    async close() {
      await approval?.close();
      await rt.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The only hold record of the store (the tests make one hold each). */
export async function onlyHold(rt: Runtime): Promise<HoldRecord> {
  const all = await rt.repos.holds.list();
  if (all.length !== 1) throw new Error(`expected one hold record, got ${all.length}`);
  return all[0]!;
}

/**
 * The config of a family on the spa-style demo portal (bearer token, registrations): sister watches
 * ART-101 with auto-hold. Parsed from `dir`; its account is logged in (scripted) before it returns.
 */
export async function spaFamily(options: {
  dir: string;
  portal: { webUrl: string; apiUrl: string };
  webhookUrl: string;
  approval: { listen: string; publicUrl: string };
  locale?: string;
}): Promise<LoadedConfig> {
  const { portal } = options;
  const yaml = `
${options.locale ? `locale: ${options.locale}` : ''}
portal: { flow: demo-spa, baseUrl: "${portal.webUrl}", options: { apiUrl: "${portal.apiUrl}" } }
store: sqlite://./data/jianlou.sqlite
accounts:
  - { id: mom, credentials: { username: "13800000000", password: demo1234 } }
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
targets:
  - { child: sister, courses: [ART-101], autoHold: true }
schedule: { cron: "0 3 1 1 *", jitterSeconds: 0 }
notify: { wecom: { webhook: "${options.webhookUrl}" } }
approval: { listen: "${options.approval.listen}", publicUrl: "${options.approval.publicUrl}", secret: "${SECRET}" }
`;
  const config = parseConfig(yaml, join(options.dir, 'jianlou.yaml'), {});
  const account = config.accounts[0]!;
  const { flow, options: flowOptions } = await loadPortalFlow(config.portal, {
    cwd: options.dir,
    configFile: config.file,
  });
  await runLogin({
    flow,
    flowOptions,
    accountId: account.id,
    baseUrl: config.portal.baseUrl,
    storageStatePath: account.storageState,
    mode: 'scripted',
    credentials: account.credentials!,
    timeoutMs: 30_000,
    out: () => {},
    launch: () => launchBrowser(),
  });
  return config;
}
