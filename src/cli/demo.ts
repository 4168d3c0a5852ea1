import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Daemon, startDaemon } from '../app/process/daemon.js';
import { createRuntime } from '../app/runtime/runtime.js';
import { runLogin } from '../browser/login.js';
import { loadConfig } from '../config/load.js';
import { loadPortalFlow } from '../flow/load.js';
import { createLogger } from '../log/logger.js';
import { type LegacyAdminState, type PortalStyle, startPortal } from '../portal/server.js';
import { startSink } from '../sink/sink.js';
import { LEGACY_PAYMENT_SECONDS, type LegacyChapter, legacyStory } from './demo-legacy.js';
import { bold, createStory, cyan, dim, green, yellow } from './demo-story.js';
import { ExitRequest } from './exit.js';
import { onStopSignals } from './signals.js';

export interface DemoOptions {
  autoApprove?: boolean;
  exitAfter?: number;
  port: number;
  /** Write the portal's final state and what the WeCom sink received to this JSON file. */
  report?: string;
  /** Expire the portal session this many seconds in, to log back in from the printed phone link. */
  expireSessionAfter?: number;
  /** The demo portal's style: classic (pages, cookie, cart) or spa (bearer token, registrations). */
  style?: PortalStyle;
}

const TARGET_COURSES = ['ART-101', 'ART-102', 'SWIM-201'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function demoConfig(
  portalUrl: string,
  webhookUrl: string,
  approvalPort: number,
  apiUrl?: string,
  legacy = false,
): string {
  const portal = apiUrl
    ? `{ flow: demo-spa, baseUrl: "${portalUrl}", options: { apiUrl: "${apiUrl}" } }`
    : `{ flow: ${legacy ? 'demo-legacy' : 'demo-portal'}, baseUrl: "${portalUrl}" }`;
  return `# written by \`jianlou demo\` — a temporary config for the bundled demo portal
timezone: Asia/Shanghai
store: sqlite://./jianlou.sqlite
portal: ${portal}
accounts:
  - id: mom
    storageState: storage-state/mom.json
    credentials: { username: "13800000000", password: "demo1234", captcha: "8888" }
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
  - { id: brother, name: 弟弟, account: mom, studentId: S002 }
targets:
  - { child: sister, courses: [ART-101, ART-102], autoHold: true }
  - { child: brother, courses: [SWIM-201] }
# every 5 seconds: only acceptable because this is our own local demo portal
schedule: { cron: "*/5 * * * * *", jitterSeconds: 1, force: true }
policy: { cooldownMinutes: 1 }
notify:
  wecom: { webhook: "${webhookUrl}", mentionMobiles: ["13800000000"] }
approval: { listen: "127.0.0.1:${approvalPort}", publicUrl: "http://127.0.0.1:${approvalPort}", secret: "demo-secret-not-for-real-use" }
`;
}

/** The action letter inside an approval token's payload ("a" approve, "r" release). */
function tokenAction(url: string): string | undefined {
  const token = /\/h\/([^/?#\s"]+)/.exec(url)?.[1];
  const payload = token?.split('.')[0];
  if (!payload) return undefined;
  try {
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { a?: string }).a;
  } catch {
    return undefined;
  }
}

export async function demoCommand(opts: DemoOptions): Promise<void> {
  const story = createStory();
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-demo-'));
  const cleanups: (() => Promise<unknown> | unknown)[] = [
    () => rmSync(dir, { recursive: true, force: true }),
  ];
  const cleanup = async () => {
    for (const fn of cleanups.reverse()) await Promise.resolve(fn()).catch(() => {});
    cleanups.length = 0;
  };
  let interrupted = false;
  let wake = () => {};
  let daemon: Daemon | undefined;
  // The first Ctrl-C lets the current check and its holds finish; a second one cuts them short.
  const signals = onStopSignals({
    onStop() {
      interrupted = true;
      story.say(yellow('\nstopping the demo (after the current check; Ctrl-C again to cut it short)…'));
      wake();
    },
    onAbort() {
      daemon?.scheduler.abort();
    },
  });

  try {
    story.say(bold('jianlou demo — 捡漏: watching a youth-palace portal for freed seats'));
    story.say(dim(`working files in ${dir} (removed at the end)`));
    const spa = opts.style === 'spa';
    const legacy = opts.style === 'legacy' ? legacyStory() : undefined;
    let chapter: LegacyChapter = 'watching';
    const portalOptions = {
      port: opts.port,
      testMode: true,
      release: { enabled: true, minSeconds: 8, maxSeconds: 25, courseIds: TARGET_COURSES },
      log: (line: string) => story.say(dim(line)),
    };
    const portal = spa
      ? await startPortal({ ...portalOptions, style: 'spa' })
      : legacy
        ? await startPortal({ ...portalOptions, style: 'legacy', holdSeconds: LEGACY_PAYMENT_SECONDS })
        : await startPortal(portalOptions);
    const apiUrl = 'apiUrl' in portal ? portal.apiUrl : undefined;
    /** What the family has at the end: an order to pay (classic), or a registration under review (spa). */
    const outcome = (): string[] => {
      const state = portal.admin.state();
      if ('registrations' in state) {
        return state.registrations
          .filter((r) => r.status === 'pending_review')
          .map((r) => `${r.courseId} for ${r.studentId} (待审核)`);
      }
      return state.orders
        .filter((o) => o.status === 'pending_payment')
        .map((o) => `${o.courseId} for ${o.studentId} (待支付)`);
    };
    cleanups.push(() => portal.close());
    const sink = await startSink({ port: 0 });
    cleanups.push(() => sink.close());
    if (opts.report) {
      const reportFile = opts.report;
      cleanups.push(() =>
        writeFileSync(
          reportFile,
          `${JSON.stringify({ portal: portal.admin.state(), received: sink.received() }, null, 2)}\n`,
        ),
      );
    }
    const approvalPort = await freePort();
    const file = join(dir, 'jianlou.yaml');
    writeFileSync(file, demoConfig(portal.url, sink.webhookUrl, approvalPort, apiUrl, legacy !== undefined));
    const config = loadConfig(file);
    const logger = createLogger({
      level: process.env.JIANLOU_LOG_LEVEL ?? 'warn',
      secrets: config.secrets,
      stderr: true,
    });

    story.say('');
    story.say(
      spa
        ? `${bold('demo portal')}   ${cyan(portal.url)}  (spa style, API ${apiUrl}; log in: 13800000000 / demo1234)`
        : legacy
          ? `${bold('demo portal')}   ${cyan(`${portal.url}/xk/kclist.jsp`)}  (legacy style, GBK pages; log in: 13800000000 / demo1234 / captcha 8888, then the SMS code the test page shows; unpaid 预报名 cancelled after ${LEGACY_PAYMENT_SECONDS} s)`
          : `${bold('demo portal')}   ${cyan(portal.url)}  (log in: 13800000000 / demo1234 / captcha 8888)`,
    );
    story.say(`${bold('WeCom group')}   ${cyan(sink.url)}  (what the parents' group robot receives)`);
    story.say(
      `${bold('approvals')}     ${cyan(`http://127.0.0.1:${approvalPort}`)}  (the links in the alerts)`,
    );
    story.say(
      `${bold('watching')}      姐姐: ART-101 or ART-102 (auto-hold) · 弟弟: SWIM-201 — all full; seats free up at random`,
    );
    story.say('');

    const { flow, options: flowOptions } = await loadPortalFlow(config.portal, {
      cwd: config.dir,
      configFile: config.file,
    });
    const account = config.accounts[0]!;
    await runLogin({
      flow,
      flowOptions,
      accountId: account.id,
      baseUrl: config.portal.baseUrl,
      storageStatePath: account.storageState,
      mode: 'scripted',
      credentials: account.credentials!,
      timeoutMs: 60_000,
      out: (line) => story.say(dim(line)),
    });

    const rt = await createRuntime(config, { logger, keepWarm: true });
    cleanups.push(() => rt.close());
    let cycles = 0;
    const running = await startDaemon(rt, { onCycle: (r) => story.cycle(r, ++cycles), tickMs: 1_000 });
    daemon = running;
    cleanups.push(() => running.stop());
    if (opts.expireSessionAfter !== undefined) {
      const expireTimer = setTimeout(() => {
        portal.admin.expireSessions();
        story.say('');
        story.say(
          `${bold('session expired')} at the portal (--expire-session-after). Log back in from a phone:`,
        );
        story.say(`  ${cyan(rt.loginLink(account.id) ?? '')}`);
        story.say(
          dim('  (the same link comes with the next alert; the captcha picture shows the test code 8888)'),
        );
      }, opts.expireSessionAfter * 1000);
      expireTimer.unref();
      cleanups.push(() => clearTimeout(expireTimer));
    }

    const deadline = opts.exitAfter ? Date.now() + opts.exitAfter * 1000 : undefined;
    let shown = 0;
    let approving: Promise<void> | undefined;
    let approved = false;
    let done = false;
    while (!interrupted && !done) {
      for (const m of sink.received().slice(shown)) {
        shown += 1;
        story.message(m);
        const text = JSON.stringify(m.body);
        const approveUrl = [...text.matchAll(/https?:\/\/[^"\s]+\/h\/[^"\s\\]+/g)]
          .map((x) => x[0])
          .find((u) => tokenAction(u) === 'a');
        const texts = sink.received().map((r) => JSON.stringify(r.body));
        // Legacy: the parent is reminded before the deadline, then approves ("go and pay in the app").
        if (approveUrl && !approving && !approved && (!legacy || legacy.mayApprove(texts))) {
          if (opts.autoApprove) {
            approving = (async () => {
              story.say(`  ${green('→')} --auto-approve: a parent taps ${bold('批准报名')} and confirms…`);
              const browser = await rt.browser();
              const page = await browser.newPage({ locale: 'zh-CN' });
              try {
                await page.goto(approveUrl);
                await page.click('form#decide button[type=submit]');
                await page.waitForLoadState('domcontentloaded');
                story.say(
                  `  ${green('→')} approval page says: ${(await page.locator('h1').first().textContent())?.trim()}`,
                );
                approved = true;
              } finally {
                await page.close();
              }
            })().catch((error: unknown) => {
              story.say(
                yellow(`  auto-approve failed: ${error instanceof Error ? error.message : String(error)}`),
              );
              approving = undefined;
            });
          } else {
            story.say(
              `  ${green('→')} open the ${bold('批准报名')} link above in a browser to submit the order (or 放弃名额 to release it)`,
            );
          }
        }
      }
      const got = outcome();
      if (legacy) {
        // Started in the legacy style above.
        const state = portal.admin.state() as LegacyAdminState;
        const next = legacy.chapter(
          state,
          sink.received().map((r) => JSON.stringify(r.body)),
        );
        if (next !== chapter) for (const line of legacy.lines(next, state)) story.say(line);
        chapter = next;
      }
      // With --auto-approve the story waits for the approval (a spa registration is there from the hold on);
      // the legacy story goes on until the unpaid order is cancelled and its seat is news again.
      const finished = legacy ? chapter === 'news_again' : got.length > 0 && (!opts.autoApprove || approved);
      if (finished && sink.received().length > 0) {
        await running.sender.drain({ until: new Date(Date.now() + 5_000) });
        for (const m of sink.received().slice(shown)) {
          shown += 1;
          story.message(m);
        }
        story.say('');
        if (legacy) {
          story.say(green(bold('an unpaid 预报名 ran out at the portal and its seat came back as news')));
          story.say(
            'jianlou never pays: approving meant "go and pay in the official app". That is the whole story.',
          );
        } else {
          story.say(
            green(
              bold(
                `${spa ? 'registration kept on the portal' : 'order created on the portal'}: ${got.join(', ')}`,
              ),
            ),
          );
          story.say(
            spa
              ? 'the organiser now reviews the registration; nothing to pay. That is the whole story.'
              : 'the parent now pays in the official app. That is the whole story.',
          );
        }
        if (opts.exitAfter || opts.autoApprove) done = true;
      }
      if (deadline && Date.now() > deadline) {
        story.say(
          yellow(
            `no ${spa ? 'approved registration' : 'order'} within ${opts.exitAfter} s — giving up (exit 1)`,
          ),
        );
        throw new ExitRequest(1);
      }
      const next = running.scheduler.nextRun();
      const inS = next ? Math.max(0, Math.round((next.getTime() - Date.now()) / 1000)) : 0;
      story.waiting(`waiting for a seat to free up… next check in ${inS}s (Ctrl-C to stop)`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 500);
      });
    }
  } finally {
    await cleanup();
    signals.dispose();
  }
}
