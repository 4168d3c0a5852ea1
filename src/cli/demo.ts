import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Daemon, startDaemon } from '../app/process/daemon.js';
import { createRuntime } from '../app/runtime/runtime.js';
import { runLogin } from '../browser/login.js';
import { loadConfig } from '../config/load.js';
import { loadPortalFlow } from '../flow/load.js';
import { catalogue } from '../i18n/catalogue.js';
import type { Locale } from '../i18n/locale.js';
import { createLogger } from '../log/logger.js';
import { type LegacyAdminState, type PortalStyle, startPortal } from '../portal/server.js';
import { startSink } from '../sink/sink.js';
import {
  DEMO_CHILDREN,
  DEMO_TARGETS,
  DEMO_TIMEZONE,
  demoConfig,
  freePort,
  TARGET_COURSES,
  tokenAction,
} from './demo-config.js';
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
  /** The story's language (the demo config's `locale`); default zh. */
  locale?: Locale;
}

export async function demoCommand(opts: DemoOptions): Promise<void> {
  const locale = opts.locale ?? 'zh';
  const t = catalogue(locale).demo;
  const story = createStory({
    t,
    timeZone: DEMO_TIMEZONE,
    children: DEMO_CHILDREN,
    holding: opts.style === 'legacy' ? 'prereg' : opts.style === 'spa' ? 'registration' : 'cart',
  });
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
      story.say(yellow(t.stopping));
      wake();
    },
    onAbort() {
      daemon?.abort();
    },
  });

  try {
    story.say(bold(t.title));
    story.say(dim(t.workDir(dir)));
    const spa = opts.style === 'spa';
    const legacy = opts.style === 'legacy' ? legacyStory(t, story) : undefined;
    let chapter: LegacyChapter = 'watching';
    const portalOptions = {
      port: opts.port,
      testMode: true,
      release: { enabled: true, minSeconds: 8, maxSeconds: 25, courseIds: TARGET_COURSES },
      log: (line: string) => story.portal(line),
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
          .map((r) => t.outcome(r.courseId, story.child(r.studentId), 'registration'));
      }
      return state.orders
        .filter((o) => o.status === 'pending_payment')
        .map((o) => t.outcome(o.courseId, story.child(o.studentId), 'order'));
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
    writeFileSync(
      file,
      demoConfig({
        portalUrl: portal.url,
        webhookUrl: sink.webhookUrl,
        approvalPort,
        apiUrl,
        legacy: legacy !== undefined,
        locale,
      }),
    );
    const config = loadConfig(file);
    const logger = createLogger({
      level: process.env.JIANLOU_LOG_LEVEL ?? 'warn',
      secrets: config.secrets,
      // Shown in the story, its times in the config's timezone (a terminal's pretty log says UTC on a server).
      destination: story.log,
    });

    story.say('');
    const label = (k: keyof typeof t.labels) => bold(t.labels[k].padEnd(locale === 'zh' ? 8 : 14));
    const style = spa ? 'spa' : legacy ? 'legacy' : 'classic';
    story.say(`${label('portal')}${cyan(t.portal(style, portal.url, apiUrl, LEGACY_PAYMENT_SECONDS))}`);
    story.say(`${label('group')}${cyan(sink.url)}  ${t.group}`);
    story.say(`${label('approvals')}${cyan(`http://127.0.0.1:${approvalPort}`)}  ${t.approvals}`);
    const targets = DEMO_TARGETS.map((x) => t.target(story.child(x.child), x.courses, x.autoHold));
    story.say(`${label('watching')}${t.watching(targets)}`);
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
      locale,
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
        story.say(bold(t.expired.title));
        story.say(`  ${cyan(rt.loginLink(account.id) ?? '')}`);
        story.say(dim(`  ${t.expired.hint}`));
      }, opts.expireSessionAfter * 1000);
      expireTimer.unref();
      cleanups.push(() => clearTimeout(expireTimer));
    }

    const deadline = opts.exitAfter ? Date.now() + opts.exitAfter * 1000 : undefined;
    let shown = 0;
    let approving: Promise<void> | undefined;
    let approved = false;
    let done = false;
    // The ending is said once; without --exit-after the pages stay up until Ctrl-C.
    let ended = false;
    while (!interrupted && !done) {
      for (const m of sink.received().slice(shown)) {
        shown += 1;
        story.message(m);
        const text = JSON.stringify(m.body);
        const approveUrl = [...text.matchAll(/https?:\/\/[^"\s]+\/h\/[^"\s\\)]+/g)]
          .map((x) => x[0])
          .find((u) => tokenAction(u) === 'a');
        const texts = sink.received().map((r) => JSON.stringify(r.body));
        // Legacy: the parent is reminded before the deadline, then approves ("go and pay in the app").
        if (approveUrl && !approving && !approved && (!legacy || legacy.mayApprove(texts))) {
          if (opts.autoApprove) {
            approving = (async () => {
              story.say(`  ${green('→')} ${t.autoApprove.tapping}`);
              const browser = await rt.browser();
              const page = await browser.newPage({ locale: 'zh-CN' });
              try {
                await page.goto(approveUrl);
                await page.click('form#decide button[type=submit]');
                await page.waitForLoadState('domcontentloaded');
                const title = (await page.locator('h1').first().textContent())?.trim() ?? '';
                story.say(`  ${green('→')} ${t.autoApprove.says(title)}`);
                approved = true;
              } finally {
                await page.close();
              }
            })().catch((error: unknown) => {
              story.say(
                yellow(`  ${t.autoApprove.failed(error instanceof Error ? error.message : String(error))}`),
              );
              approving = undefined;
            });
          } else {
            story.say(`  ${green('→')} ${t.openLink}`);
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
      if (finished && !ended && sink.received().length > 0) {
        ended = true;
        await running.sender.drain({ until: new Date(Date.now() + 5_000) });
        for (const m of sink.received().slice(shown)) {
          shown += 1;
          story.message(m);
        }
        story.say('');
        const kind = legacy ? 'legacy' : spa ? 'registration' : 'order';
        story.say(
          green(
            bold(kind === 'legacy' ? t.ended.legacy : t.ended[kind](got.join(locale === 'zh' ? '、' : ', '))),
          ),
        );
        story.say(t.next[kind]);
        if (opts.exitAfter || opts.autoApprove) done = true;
        else story.say(t.over);
      }
      if (deadline && Date.now() > deadline) {
        story.say(yellow(t.gaveUp(opts.exitAfter ?? 0, spa ? 'registration' : 'order')));
        throw new ExitRequest(1);
      }
      const next = running.scheduler.nextRun();
      const inS = next ? Math.max(0, Math.round((next.getTime() - Date.now()) / 1000)) : 0;
      story.waiting(ended ? t.over : t.waiting(inS));
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
