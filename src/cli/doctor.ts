import { createRuntime, type Runtime } from '../app/runtime/runtime.js';
import { type CjkFontProbe, probeCjkFont } from '../browser/fonts.js';
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
import { createLogger, scrubSecrets } from '../log/logger.js';
import {
  browserCheck,
  type Check,
  chromiumLanguageCheck,
  fontCheck,
  MARK,
  messageOf,
} from './doctor-checks.js';
import { checkNotify } from './doctor-notify.js';
import { ExitRequest } from './exit.js';
import { isPlaceholderUrl } from './init-files.js';

export interface DoctorOptions {
  send?: boolean;
  /** Is a Chinese font installed? Default: fontconfig (`fc-list :lang=zh`). */
  cjkFont?: () => CjkFontProbe;
  /** Where Chromium's language files are; default the `locales/` folder of the browser found. */
  chromiumLocalesDir?: string;
}
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

  const browser = browserCheck();
  report(browser.check);
  report(fontCheck((opts.cjkFont ?? probeCjkFont)()));

  let config: LoadedConfig;
  try {
    config = loadConfig(configFile);
    secrets = config.secrets;
    report({ verdict: 'pass', name: 'config', detail: `${config.file} is valid` });
    if (browser.executablePath) {
      const language = chromiumLanguageCheck(browser.executablePath, config.locale, opts.chromiumLocalesDir);
      if (language) report(language);
    }
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
