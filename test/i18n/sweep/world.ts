import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { CAMPUSES, seedCourses } from '../../../src/portal/seed.js';
import { type RunningPortal, startPortal } from '../../../src/portal/server.js';
import { type Sink, startSink } from '../../../src/sink/sink.js';

const BIN = new URL('../../../bin/jianlou.js', import.meta.url).pathname;
export const SECRET = '0123456789abcdef0123456789abcdef';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Served {
  child: ChildProcess;
  /** stdout and stderr so far. */
  out(): string;
  /** Resolves once the output matches; rejects when the process ends first. */
  until(re: RegExp): Promise<void>;
  /** SIGTERM, resolved once it has ended. */
  stop(): Promise<void>;
}

/** A family folder made by `jianlou init`, filled in for the demo portal and the fake WeCom robot. */
export interface SweepWorld {
  locale: 'zh' | 'en';
  /** The family's folder. */
  dir: string;
  configFile: string;
  portal: RunningPortal;
  sink: Sink;
  /** What `jianlou init` printed. */
  init: Run;
  /** The approval server's address (publicUrl), served by `watch`. */
  publicUrl: string;
  /** `jianlou …args` in the folder, with the family's environment (webhook, secret). */
  cli(...args: string[]): Promise<Run>;
  /** Starts `jianlou …args` in the folder (a server: portal, watch). */
  serve(args: string[]): Served;
  /** Course titles, campus and teacher names and the children's names: portal and config words. */
  known(): string[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Replaces `from` in `text`, failing loudly when init's file no longer has it. */
function swap(text: string, from: RegExp, to: string): string {
  if (!from.test(text)) throw new Error(`init's jianlou.yaml has no ${from}: update the sweep`);
  return text.replace(from, to);
}

export async function startSweepWorld(locale: 'zh' | 'en'): Promise<SweepWorld> {
  const portal = await startPortal({ port: 0, testMode: true });
  const sink = await startSink({ port: 0, smtp: false });
  const base = mkdtempSync(join(tmpdir(), 'jianlou-sweep-'));
  const dir = join(base, 'family');
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    JIANLOU_LOG_LEVEL: 'warn',
    WECOM_WEBHOOK: sink.webhookUrl,
    JIANLOU_SECRET: SECRET,
  };
  const children = new Set<ChildProcess>();
  const exec = (cwd: string, args: string[]): Promise<Run> =>
    new Promise((resolve) => {
      const child = execFile(
        process.execPath,
        [BIN, ...args],
        { cwd, env, timeout: 90_000 },
        (error, stdout, stderr) => {
          children.delete(child);
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
        },
      );
      children.add(child);
    });

  const init = await exec(base, ['init', 'family', '--url', portal.url, '--locale', locale]);
  if (init.code !== 0) throw new Error(`jianlou init failed: ${init.stderr}`);
  const configFile = join(dir, 'jianlou.yaml');
  let yaml = readFileSync(configFile, 'utf8');
  yaml = swap(yaml, /^portal: .*$/m, `portal: { flow: demo-portal, baseUrl: "${portal.url}" }`);
  yaml = swap(
    yaml,
    /^( {4}storageState: storage-state\/mom\.json)$/m,
    '$1\n    credentials: { username: "13800000000", password: "demo1234", captcha: "8888" }',
  );
  yaml = swap(
    yaml,
    /^ {2}- \{ id: child1, .*$/m,
    '  - { id: sister, name: 姐姐, account: mom, studentId: S001 }\n  - { id: brother, name: 弟弟, account: mom, studentId: S002 }',
  );
  yaml = swap(
    yaml,
    /^ {2}- \{ child: child1, .*$/m,
    '  - { child: sister, courses: [ART-101, ART-102], autoHold: true }\n  - { child: brother, courses: [SWIM-201] }',
  );
  // No cron tick while a test runs (a check runs only when the test asks for one).
  yaml = swap(
    yaml,
    /^schedule: .*$/m,
    'schedule: { cron: "0 3 1 1 *", jitterSeconds: 0 }\npolicy: { cooldownMinutes: 0 }',
  );
  yaml = swap(
    yaml,
    /listen: "127\.0\.0\.1:8787", publicUrl: "http:\/\/127\.0\.0\.1:8787"/,
    `listen: "127.0.0.1:${port}", publicUrl: "${publicUrl}"`,
  );
  writeFileSync(configFile, yaml);

  function serve(args: string[]): Served {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let out = '';
    let exited: number | null | undefined;
    const waiters = new Set<() => void>();
    const seen = (chunk: Buffer) => {
      out += chunk.toString();
      for (const w of waiters) w();
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code) => {
      children.delete(child);
      exited = code;
      for (const w of waiters) w();
    });
    return {
      child,
      out: () => out,
      until: (re) =>
        new Promise((resolve, reject) => {
          const check = () => {
            if (re.test(out)) resolve();
            else if (exited !== undefined)
              reject(new Error(`jianlou ${args.join(' ')} exited ${exited}: ${out}`));
            else return;
            waiters.delete(check);
          };
          waiters.add(check);
          check();
        }),
      stop: () =>
        new Promise((resolve) => {
          if (exited !== undefined) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }),
    };
  }

  return {
    locale,
    dir,
    configFile,
    portal,
    sink,
    init,
    publicUrl,
    cli: (...args) => exec(dir, args),
    serve,
    known() {
      const words = ['姐姐', '弟弟', '市少年宫', '暑期课程报名', ...CAMPUSES];
      for (const c of seedCourses()) words.push(c.title, c.category, c.campus, c.teacher);
      return words;
    },
    async close() {
      for (const child of children) child.kill('SIGKILL');
      await sink.close();
      await portal.close();
      rmSync(base, { recursive: true, force: true });
    },
  };
}

/** A sweep world for the enclosing describe, logged in (`login mom --scripted`) once; closed after. */
export function useLoggedInSweepWorld(locale: 'zh' | 'en'): () => SweepWorld {
  let world: SweepWorld | undefined;
  beforeAll(async () => {
    world = await startSweepWorld(locale);
    expect((await world.cli('login', 'mom', '--scripted')).code).toBe(0);
  }, 240_000);
  afterAll(async () => {
    await world?.close();
  });
  return () => world!;
}
