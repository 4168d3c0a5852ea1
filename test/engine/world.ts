import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { z } from 'zod';
import { createRuntime, type Runtime } from '../../src/app/runtime/runtime.js';
import { runLogin } from '../../src/browser/login.js';
import { type LoadedConfig, loadConfig } from '../../src/config/load.js';
import type { Alert } from '../../src/core/types.js';
import { loadFlow } from '../../src/flow/load.js';
import { createLogger } from '../../src/log/logger.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { type Sink, startSink } from '../../src/sink/sink.js';
import { NS } from '../../src/store/namespaces.js';

/**
 * A hermetic world for the engine's acceptance tests: the demo portal (test mode) and a
 * WeCom-compatible sink on port 0, and a temp dir holding the config, the store and the session.
 */

export const BIN = new URL('../../bin/jianlou.js', import.meta.url).pathname;
export const SECRET = 'engine-test-secret-0123456789';

export interface TargetSpec {
  child: 'sister' | 'brother';
  courses: string[];
  autoHold?: boolean;
}

export interface ConfigSpec {
  targets?: TargetSpec[];
  /** Portal URL in the config (default: the world's portal). */
  baseUrl?: string;
  /** The portal's flow (default: demo-portal). */
  flow?: string;
  storageState?: string;
  cron?: string;
  cycleTimeoutSeconds?: number;
  /** Extra top-level YAML appended as is. */
  extra?: string;
}

export interface World {
  portal: RunningPortal;
  sink: Sink;
  dir: string;
  /** Writes `<dir>/<name>` and returns its path. */
  writeConfig(spec?: ConfigSpec, name?: string): string;
  /** Scripted login of account "mom" against the world's portal (writes the session file). */
  login(configFile: string): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const portal = await startPortal({ port: 0, testMode: true });
  const sink = await startSink({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-engine-'));
  return {
    portal,
    sink,
    dir,
    writeConfig(spec = {}, name = 'jianlou.yaml') {
      const targets = spec.targets ?? [{ child: 'sister', courses: ['ART-101', 'ART-102'] }];
      const file = join(dir, name);
      writeFileSync(
        file,
        [
          'timezone: Asia/Shanghai',
          `store: sqlite://./${name.replace(/\.yaml$/, '')}.sqlite`,
          `portal: { flow: ${JSON.stringify(spec.flow ?? 'demo-portal')}, baseUrl: "${spec.baseUrl ?? portal.url}" }`,
          'accounts:',
          `  - id: mom`,
          `    storageState: ${spec.storageState ?? 'storage-state/mom.json'}`,
          '    credentials: { username: "13800000000", password: demo1234, captcha: "8888" }',
          'children:',
          '  - { id: sister, name: 姐姐, account: mom, studentId: S001 }',
          '  - { id: brother, name: 弟弟, account: mom, studentId: S002 }',
          'targets:',
          ...targets.map(
            (t) =>
              `  - { child: ${t.child}, courses: [${t.courses.join(', ')}], autoHold: ${t.autoHold === true} }`,
          ),
          `schedule: { cron: "${spec.cron ?? '*/2 7-22 * * *'}", jitterSeconds: 0${spec.cycleTimeoutSeconds ? `, cycleTimeoutSeconds: ${spec.cycleTimeoutSeconds}` : ''} }`,
          'policy: { cooldownMinutes: 30, dailySummaryAt: "20:00" }',
          `notify: { wecom: { webhook: "${sink.webhookUrl}" } }`,
          `approval: { listen: "127.0.0.1:0", publicUrl: "http://127.0.0.1:8787", secret: "${SECRET}" }`,
          spec.extra ?? '',
        ].join('\n'),
      );
      return file;
    },
    async login(configFile) {
      const config = loadConfig(configFile);
      const account = config.accounts[0]!;
      await runLogin({
        flow: await loadFlow(config.portal.flow, { cwd: config.dir }),
        accountId: account.id,
        baseUrl: portal.url,
        storageStatePath: account.storageState!,
        mode: 'scripted',
        credentials: account.credentials!,
        timeoutMs: 20_000,
        out: () => {},
      });
    },
    async close() {
      await Promise.all([portal.close(), sink.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type EngineRuntime = Runtime & { logs: string[] };

/**
 * The runtime of a config file, in this process; close it before another process opens the store.
 * Its logger is a real one at debug level (so serializers and redaction run), writing to `logs`.
 */
export async function openRuntime(configFile: string): Promise<EngineRuntime> {
  const config: LoadedConfig = loadConfig(configFile);
  const logs: string[] = [];
  const logger = createLogger({
    level: 'debug',
    secrets: config.secrets,
    destination: { write: (line: string) => void logs.push(line) },
  });
  return Object.assign(await createRuntime(config, { logger }), { logs });
}

/** Every alert the engine decided so far (the message lane of the outbox, any status). */
export async function alertsIn(rt: Runtime): Promise<Alert[]> {
  const rows = await rt.kv.list(NS.outbox, outboxRow);
  return rows
    .map((r) => r.value)
    .filter((v) => v.lane === 'message')
    .sort((a, b) => a.seq - b.seq)
    .map((v) => v.payload as Alert);
}

const outboxRow = z.object({ lane: z.string(), payload: z.unknown(), seq: z.number() });

export function kinds(alerts: Alert[]): string[] {
  return alerts.map((a) => ('problem' in a && a.kind === 'problem' ? `problem:${a.problem}` : a.kind));
}

export interface Exited {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `jianlou --config FILE ...args` as a child process and collects its output. */
export function jianlou(configFile: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Exited> {
  return collect(startJianlou(configFile, args, env));
}

export function startJianlou(configFile: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [BIN, '--config', configFile, ...args], {
    env: { ...process.env, JIANLOU_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess): Promise<Exited> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString('utf8');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 80_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * A world with the account logged in, started before the tests of the enclosing `describe` and
 * closed after them. The returned object reads through to it (inside tests only).
 */
export function useLoggedInWorld(): World {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld();
    await world.login(world.writeConfig());
  });
  afterAll(async () => {
    await world?.close();
  });
  return new Proxy({} as World, {
    get(_, key) {
      if (!world) throw new Error('the world is read before its beforeAll ran');
      const value = Reflect.get(world, key);
      return typeof value === 'function' ? value.bind(world) : value;
    },
  });
}
