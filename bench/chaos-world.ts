/**
 * The world a fault campaign runs in (`npm run chaos`, bench/cut-loop.ts): the demo portal in test
 * mode (its own `X-Auth-Token`, a password with `@ + ! &`), optionally a WeCom stand-in, a temp folder
 * with numbered configs, one sqlite store each and the account's saved session, a scripted login and
 * runtimes whose logs are kept (they are searched for secrets afterwards).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRuntime, type Runtime } from '../src/app/runtime/runtime.js';
import { runLogin } from '../src/browser/login.js';
import { loadConfig } from '../src/config/load.js';
import { loadFlow } from '../src/flow/load.js';
import { createLogger } from '../src/log/logger.js';
import { type RunningPortal, startPortal } from '../src/portal/server.js';
import { type ReceivedMessage, type Sink, startSink } from '../src/sink/sink.js';

export const USERNAME = '13800000000';
/** The demo portal takes it for this account: `@ + ! &` in six encodings are searched for. */
export const PASSWORD = 'p@ss+w!rd&1';
export const APPROVAL_SECRET = 'chaos-approval-secret-0123456789';
/** The demo portal's courses the configs watch: ART-101/102 for sister, SWIM-201 for brother. */
export const COURSES = ['ART-101', 'ART-102', 'SWIM-201'] as const;

export interface ConfigOptions {
  autoHold?: boolean;
  cycleTimeoutSeconds?: number;
}

export interface ChaosWorld {
  portal: RunningPortal;
  /** The WeCom stand-in the configs notify (absent when the world was made without one). */
  sink?: Sink;
  dir: string;
  /** The portal's own session header value. */
  authToken: string;
  /** Every log line of every runtime and child process (searched for secrets). */
  logs: string[];
  /** Session cookie values seen after each login (searched for too). */
  cookieValues: Set<string>;
  /** Writes a new config (`chaos-N.yaml`, its own store) and returns its path. */
  writeConfig(options?: ConfigOptions): string;
  /** The paths of every config written so far. */
  configs(): string[];
  /** A scripted login of the account, saving its session for the config's store folder. */
  login(configFile: string): Promise<void>;
  /** A runtime over a config, logging at `level` (default debug) into `logs`, and to `write` too when given. */
  openRuntime(configFile: string, log?: { level?: string; write?: (line: string) => void }): Promise<Runtime>;
  close(): Promise<void>;
}

export async function startChaosWorld(options: { sink?: boolean } = {}): Promise<ChaosWorld> {
  const authToken = `xat-${randomBytes(12).toString('hex')}`;
  const portal = await startPortal({
    port: 0,
    testMode: true,
    authToken,
    passwords: { [USERNAME]: PASSWORD },
  });
  const sink = options.sink === false ? undefined : await startSink({ port: 0 });
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-chaos-'));
  const logs: string[] = [];
  const cookieValues = new Set<string>();
  const files: string[] = [];

  function writeConfig(config: ConfigOptions = {}): string {
    const n = files.length + 1;
    const file = join(dir, `chaos-${n}.yaml`);
    writeFileSync(
      file,
      [
        'timezone: Asia/Shanghai',
        `store: sqlite://./chaos-${n}.sqlite`,
        `portal: { flow: demo-portal, baseUrl: "${portal.url}" }`,
        'accounts:',
        '  - id: mom',
        '    storageState: storage-state/mom.json',
        `    credentials: { username: "${USERNAME}", password: ${JSON.stringify(PASSWORD)}, captcha: "8888" }`,
        'children:',
        '  - { id: sister, name: 姐姐, account: mom, studentId: S001 }',
        '  - { id: brother, name: 弟弟, account: mom, studentId: S002 }',
        'targets:',
        `  - { child: sister, courses: [ART-101, ART-102], autoHold: ${config.autoHold === true} }`,
        '  - { child: brother, courses: [SWIM-201], autoHold: false }',
        `schedule: { cron: "*/2 7-22 * * *", jitterSeconds: 0, cycleTimeoutSeconds: ${config.cycleTimeoutSeconds ?? 10} }`,
        'policy: { cooldownMinutes: 30, dailySummaryAt: "20:00" }',
        ...(sink ? [`notify: { wecom: { webhook: "${sink.webhookUrl}" } }`] : []),
        `approval: { listen: "127.0.0.1:0", publicUrl: "http://127.0.0.1:8787", secret: "${APPROVAL_SECRET}" }`,
      ].join('\n'),
    );
    files.push(file);
    return file;
  }

  function rememberCookies(): void {
    const file = join(dir, 'storage-state', 'mom.json');
    if (!existsSync(file)) return;
    const state = JSON.parse(readFileSync(file, 'utf8')) as { cookies?: { value: string }[] };
    for (const c of state.cookies ?? []) if (c.value.length >= 8) cookieValues.add(c.value);
  }

  async function login(configFile: string): Promise<void> {
    const config = loadConfig(configFile);
    const account = config.accounts[0];
    if (!account?.storageState || !account.credentials)
      throw new Error('chaos config without a session path');
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
    rememberCookies();
  }

  async function openRuntime(
    configFile: string,
    log: { level?: string; write?: (line: string) => void } = {},
  ): Promise<Runtime> {
    const config = loadConfig(configFile);
    const logger = createLogger({
      level: log.level ?? 'debug',
      secrets: config.secrets,
      destination: {
        write: (line: string) => {
          logs.push(line);
          log.write?.(line);
        },
      },
    });
    return createRuntime(config, { logger });
  }

  return {
    portal,
    ...(sink ? { sink } : {}),
    dir,
    authToken,
    logs,
    cookieValues,
    writeConfig,
    configs: () => [...files],
    login,
    openRuntime,
    async close() {
      await Promise.all([portal.close(), sink?.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The seeded choices every part makes from the campaign's one generator. */
export function choices(random: () => number) {
  return {
    pick: <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T,
    between: (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1)),
  };
}

/** Whether a message (its title or body) says it is a re-send. */
export const resent = (s: string) => s.includes('（重发）') || s.includes('(re-sent)');

/** The title a group member reads first: the card's main title, else the first line. */
export function titleOf(m: ReceivedMessage): string {
  const body = m.body as {
    template_card?: { main_title?: { title?: string } };
    markdown?: { content?: string };
    text?: { content?: string };
  };
  const raw = body.template_card?.main_title?.title ?? body.markdown?.content ?? body.text?.content ?? '';
  return raw.split('\n')[0] ?? '';
}
