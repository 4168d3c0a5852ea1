import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntimeSender } from '../../src/app/alerts/notify.js';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { createRuntime, type Runtime } from '../../src/app/runtime/runtime.js';
import { runLogin } from '../../src/browser/login.js';
import { loadConfig } from '../../src/config/load.js';
import { loadFlow } from '../../src/flow/load.js';
import { createLogger } from '../../src/log/logger.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { type Sink, startSink } from '../../src/sink/sink.js';

const BIN = new URL('../../bin/jianlou.js', import.meta.url).pathname;

/** A distinctive robot key, so a test can prove it never reaches the output. */
export const ROBOT_KEY = 'k3y-must-not-leak-4d1f';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliWorld {
  dir: string;
  configFile: string;
  portal: RunningPortal;
  sink: Sink;
  /** `jianlou --config <file> …args` as a child process (async: the portal lives in this process). */
  cli(...args: string[]): Promise<CliRun>;
  /** Saves a logged-in session for account "mom" (scripted login with the test captcha). */
  login(out?: (line: string) => void): Promise<void>;
  /** One check cycle in-process, then its alerts delivered (what `jianlou check` does). */
  check(): Promise<void>;
  /** Runs `fn` with an in-process runtime over the world's config and store, closed afterwards. */
  withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface WorldOptions {
  /** Extra target options, e.g. autoHold for the brother. */
  brotherAutoHold?: boolean;
  holdSeconds?: number;
  /** The config's `locale` (zh by default). */
  locale?: 'zh' | 'en';
}

/** A demo portal and a WeCom sink on port 0, and a temp dir with a jianlou.yaml pointing at them. */
export async function startWorld(options: WorldOptions = {}): Promise<CliWorld> {
  const portal = await startPortal({
    port: 0,
    testMode: true,
    ...(options.holdSeconds ? { holdSeconds: options.holdSeconds } : {}),
  });
  const sink = await startSink({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-cli-'));
  const configFile = join(dir, 'jianlou.yaml');
  const webhook = sink.webhookUrl.replace('key=demo', `key=${ROBOT_KEY}`);
  writeFileSync(
    configFile,
    [
      'timezone: Asia/Shanghai',
      `locale: ${options.locale ?? 'zh'}`,
      'store: sqlite://./data/jianlou.sqlite',
      `portal: { flow: demo-portal, baseUrl: "${portal.url}" }`,
      'accounts:',
      '  - id: mom',
      '    credentials: { username: "13800000000", password: "demo1234", captcha: "8888" }',
      'children:',
      '  - { id: sister, name: 姐姐, account: mom, studentId: S001 }',
      '  - { id: brother, name: 弟弟, account: mom, studentId: S002 }',
      'targets:',
      '  - { child: sister, courses: [ART-101, ART-102], autoHold: true }',
      `  - { child: brother, courses: [SWIM-201], autoHold: ${options.brotherAutoHold === true} }`,
      'schedule: { cron: "*/2 7-22 * * *", jitterSeconds: 0 }',
      'policy: { cooldownMinutes: 0 }',
      `notify: { wecom: { webhook: "${webhook}" } }`,
      'approval: { listen: "127.0.0.1:0", publicUrl: "http://127.0.0.1:8787", secret: "0123456789abcdef0123456789abcdef" }',
      '',
    ].join('\n'),
  );

  const children = new Set<ReturnType<typeof execFile>>();
  function cli(...args: string[]): Promise<CliRun> {
    return new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [BIN, '--config', configFile, ...args],
        { cwd: dir, env: { ...process.env, JIANLOU_LOG_LEVEL: 'warn' }, timeout: 60_000 },
        (error, stdout, stderr) => {
          children.delete(child);
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ code, stdout, stderr });
        },
      );
      children.add(child);
    });
  }

  async function login(out: (line: string) => void = () => {}): Promise<void> {
    const config = loadConfig(configFile);
    const account = config.accounts[0]!;
    await runLogin({
      flow: await loadFlow(config.portal.flow, { cwd: config.dir }),
      accountId: account.id,
      baseUrl: config.portal.baseUrl,
      storageStatePath: account.storageState!,
      mode: 'scripted',
      credentials: account.credentials!,
      timeoutMs: 20_000,
      out,
      locale: config.locale,
    });
  }

  async function withRuntime<T>(fn: (rt: Runtime) => Promise<T>): Promise<T> {
    const config = loadConfig(configFile);
    const rt = await createRuntime(config, { logger: createLogger({ level: 'silent' }) });
    try {
      return await fn(rt);
    } finally {
      await rt.close();
    }
  }

  async function check(): Promise<void> {
    await withRuntime(async (rt) => {
      await runCycle(rt);
      await createRuntimeSender(rt).drain({ until: new Date(Date.now() + 10_000) });
    });
  }

  return {
    dir,
    configFile,
    portal,
    sink,
    cli,
    login,
    check,
    withRuntime,
    async close() {
      for (const child of children) child.kill('SIGKILL');
      await sink.close();
      await portal.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
