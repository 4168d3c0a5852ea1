import { createRuntimeSender } from '../app/alerts/notify.js';
import { createRuntime, type Runtime } from '../app/runtime/runtime.js';
import { findBrowser } from '../browser/launch.js';
import { formatListen } from '../config/listen.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { describeStore } from '../config/store.js';
import {
  ConfigError,
  ExitCode,
  exitCodeFor,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../core/errors.js';
import { loadPortalFlow } from '../flow/load.js';
import { createLogger, describeError, scrubSecrets } from '../log/logger.js';
import { redactSecrets } from '../notify/errors.js';
import { ExitRequest } from './exit.js';
import { isPlaceholderUrl } from './init-files.js';
import { localTime } from './status.js';

export interface DoctorOptions {
  send?: boolean;
}

/** pass ✓ · warn ⚠ (not essential) · fail ✗ · login ✗ (exit 3) · unreachable ✗ (exit 4 when alone). */
type Verdict = 'pass' | 'warn' | 'fail' | 'login' | 'unreachable';

interface Check {
  verdict: Verdict;
  name: string;
  detail: string;
  next?: string;
}

const MARK: Record<Verdict, string> = { pass: '✓', warn: '⚠', fail: '✗', login: '✗', unreachable: '✗' };
/** One session check may not hang the doctor. */
const SESSION_TIMEOUT_MS = 30_000;

/**
 * Checks what jianlou needs, one line each with the next step. Changes nothing, except that
 * `--send` posts one test message (and a test that gets through clears a channel's broken mark).
 * Exit: 0 all essential checks pass · 3 a session needs a login · 2 the config is invalid · 1 otherwise.
 */
export async function doctorCommand(configFile: string, opts: DoctorOptions): Promise<void> {
  let secrets: readonly string[] = [];
  const checks: Check[] = [];
  const report = (check: Check) => {
    checks.push(check);
    const out = [`${MARK[check.verdict]} ${check.name}: ${check.detail}`];
    if (check.next) out.push(`    → ${check.next}`);
    process.stdout.write(`${scrubSecrets(out.join('\n'), secrets)}\n`);
  };

  try {
    const found = findBrowser();
    report({ verdict: 'pass', name: 'browser', detail: `${found.executablePath} (${found.source})` });
  } catch (error) {
    // The browser is lazy (issue 17): a flow whose steps use only ctx.request never launches one.
    // A flow that does need a page fails its session check below, with this message.
    report({
      verdict: 'warn',
      name: 'browser',
      detail:
        `no Chromium (${messageOf(error).split('\n', 1)[0]}). Flows that use only ctx.request ` +
        '(the demo flow) check, hold and approve without one; `jianlou login` in a window, the phone ' +
        'login relay and flows that read pages need one',
      next: 'npm run browser:setup (or jianlou login --import on a machine without a browser)',
    });
  }

  let config: LoadedConfig;
  try {
    config = loadConfig(configFile);
    secrets = config.secrets;
    report({ verdict: 'pass', name: 'config', detail: `${config.file} is valid` });
    if (isPlaceholderUrl(config.portal.baseUrl)) {
      report({
        verdict: 'fail',
        name: 'portal',
        detail: `portal.baseUrl is still the placeholder ${config.portal.baseUrl} from jianlou init`,
        next: `put your portal's address in ${config.file}, then run: jianlou doctor`,
      });
    }
  } catch (error) {
    report({ verdict: 'fail', name: 'config', detail: messageOf(error) });
    throw new ExitRequest(exitCodeFor(error));
  }

  try {
    const { flow } = await loadPortalFlow(config.portal, { cwd: config.dir, configFile: config.file });
    report({ verdict: 'pass', name: 'flow', detail: `${flow.name} (portal.flow: ${config.portal.flow})` });
  } catch (error) {
    report({
      verdict: 'fail',
      name: 'flow',
      detail: messageOf(error),
      next:
        error instanceof ConfigError ? 'fix portal.options in the config' : 'fix portal.flow in the config',
    });
    throw new ExitRequest(exitCodeFor(error));
  }

  const logger = createLogger({ secrets: config.secrets, stderr: true });
  let rt: Runtime;
  try {
    rt = await createRuntime(config, { logger });
    report({ verdict: 'pass', name: 'store', detail: describeStore(config.store) });
  } catch (error) {
    report({ verdict: 'fail', name: 'store', detail: messageOf(error), next: 'fix `store:` in the config' });
    throw new ExitRequest(ExitCode.unexpected);
  }

  try {
    for (const account of config.accounts) report(await checkSession(rt, account.id));
    report(checkApproval(config));
    for (const check of await checkNotify(rt, opts.send === true)) report(check);
  } finally {
    await rt.close();
  }

  const verdicts = new Set(checks.map((c) => c.verdict));
  const code = verdicts.has('login')
    ? ExitCode.needsLogin
    : verdicts.has('fail')
      ? ExitCode.unexpected
      : verdicts.has('unreachable')
        ? ExitCode.portalUnreachable
        : ExitCode.ok;
  const warnings = checks.filter((c) => c.verdict === 'warn').length;
  process.stdout.write(
    code === ExitCode.ok
      ? `all essential checks passed${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}\n`
      : `${checks.filter((c) => c.verdict !== 'pass' && c.verdict !== 'warn').length} check(s) failed\n`,
  );
  if (code !== ExitCode.ok) throw new ExitRequest(code);
}

function messageOf(error: unknown): string {
  return describeError(error);
}

async function checkSession(rt: Runtime, accountId: string): Promise<Check> {
  const name = `session ${accountId}`;
  const login = `run: jianlou login ${accountId}`;
  try {
    const result = await rt.withAccount(
      accountId,
      (ctx) => rt.flow.checkSession(ctx),
      AbortSignal.timeout(SESSION_TIMEOUT_MS),
    );
    return result === 'ok'
      ? { verdict: 'pass', name, detail: `logged in at ${rt.config.portal.baseUrl}` }
      : { verdict: 'login', name, detail: 'expired (the portal logged this account out)', next: login };
  } catch (error) {
    if (error instanceof SessionExpiredError) {
      return { verdict: 'login', name, detail: messageOf(error), next: login };
    }
    if (error instanceof PortalUnavailableError || error instanceof RateLimitedError) {
      return {
        verdict: 'unreachable',
        name,
        detail: `portal ${rt.config.portal.baseUrl} unreachable: ${messageOf(error)}`,
        next: 'check portal.baseUrl and the network, then run: jianlou doctor',
      };
    }
    return { verdict: 'fail', name, detail: messageOf(error), next: 'run with JIANLOU_DEBUG=1 for details' };
  }
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

export function checkApproval(config: Pick<LoadedConfig, 'approval'>): Check {
  const name = 'approval';
  if (!config.approval) {
    return {
      verdict: 'warn',
      name,
      detail: 'no approval section: alerts carry no approve/release links and nothing is held',
      next: 'add approval: { listen, publicUrl, secret } to hold seats',
    };
  }
  const { publicUrl } = config.approval;
  const listen = formatListen(config.approval.listen);
  const listenHost = config.approval.listen.host;
  const publicHost = new URL(publicUrl).hostname;
  if (isLoopback(publicHost)) {
    return {
      verdict: 'warn',
      name,
      detail: `approval.publicUrl ${publicUrl} points at this machine: links opened on a phone cannot reach it`,
      next: 'set approval.publicUrl to an address the phones reach (the LAN address, or an HTTPS reverse proxy)',
    };
  }
  if (isLoopback(listenHost)) {
    return {
      verdict: 'warn',
      name,
      detail: `approval.listen ${listen} only accepts this machine, but the links point at ${publicUrl}: phones cannot reach it`,
      next: `listen on 0.0.0.0:${config.approval.listen.port} (or the LAN address), or put a reverse proxy on this machine in front of it`,
    };
  }
  return { verdict: 'pass', name, detail: `links point at ${publicUrl}, server listens on ${listen}` };
}

/** What a person can do about a refused test message. */
const ERRCODE_ADVICE: Record<number, string> = {
  93000:
    'the robot key is wrong, or the robot was removed from the group: copy the webhook URL again from the group’s robot settings into notify.wecom.webhook',
  93004: 'the robot is disabled: enable it in the group’s robot settings',
  45009: 'over 20 messages a minute: wait a minute and try again',
};

/** The channel's answer without the error's "WeCom robot <url>:" prefix (the line names it already). */
function answerOf(errcode: number, errmsg: string): string {
  const at = errmsg.indexOf(`errcode ${errcode}`);
  return at >= 0 ? errmsg.slice(at) : `errcode ${errcode}: ${errmsg}`;
}

async function checkNotify(rt: Runtime, send: boolean): Promise<Check[]> {
  const { wecom, webhook } = rt.config.notify;
  if (!wecom && !webhook) {
    return [
      {
        verdict: 'fail',
        name: 'notify',
        detail: 'no channel configured: alerts only go to the log, the parents are never told',
        next: 'set notify.wecom.webhook to the group robot’s URL (from an environment variable such as WECOM_WEBHOOK)',
      },
    ];
  }
  const shown: Record<string, string> = {
    ...(wecom ? { wecom: `WeCom robot ${redactSecrets(wecom.webhook)}` } : {}),
    ...(webhook ? { 'json-webhook': `JSON webhook at ${new URL(webhook.url).origin}` } : {}),
  };
  const sender = createRuntimeSender(rt);
  const checks: Check[] = [];
  for (const status of await sender.channelStatus()) {
    const name = `notify ${status.id}`;
    const what = shown[status.id] ?? status.id;
    const fix = status.id === 'wecom' ? 'notify.wecom.webhook' : 'notify.webhook.url';
    if (!send) {
      checks.push(
        status.broken
          ? {
              verdict: 'fail',
              name,
              detail:
                `${what} BROKEN since ${localTime(status.broken.since, rt.config.timezone)}` +
                (status.broken.errcode !== null ? ` (errcode ${status.broken.errcode})` : '') +
                `; ${status.pending} alert(s) held back`,
              next: `fix ${fix}, then run: jianlou doctor --send`,
            }
          : {
              verdict: 'pass',
              name,
              detail: `${what} is configured (not tested)`,
              next: 'run: jianlou doctor --send to post a test message',
            },
      );
      continue;
    }
    const { errcode, errmsg } = await sender.sendTest(status.id);
    checks.push(
      errcode === 0
        ? {
            verdict: 'pass',
            name,
            detail:
              `test message to ${what} sent: errcode 0 (${errmsg})` +
              (status.broken
                ? `; no longer broken, ${status.pending} held alert(s) go out on the next run`
                : ''),
          }
        : {
            verdict: 'fail',
            name,
            detail: `test message to ${what} refused: ${answerOf(errcode, redactSecrets(errmsg))}`,
            next: ERRCODE_ADVICE[errcode] ?? `check ${fix}, then run: jianlou doctor --send`,
          },
    );
  }
  return checks;
}
