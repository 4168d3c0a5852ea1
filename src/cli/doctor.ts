import { existsSync } from 'node:fs';
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
import { catalogue } from '../i18n/catalogue.js';
import type { DoctorCliMessages } from '../i18n/doctor-cli.js';
import { createLogger, scrubSecrets } from '../log/logger.js';
import { configLocale } from './config-locale.js';
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
import { sayError } from './say-error.js';

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
  // The config's language, read before the config loads: the first lines and a config error use it.
  const words = catalogue(configLocale(configFile)).cli;
  const m = words.doctor;
  const checks: Check[] = [];
  const report = (check: Check) => {
    checks.push(check);
    const out = [`${MARK[check.verdict]} ${check.name}${m.sep}${check.detail}`];
    if (check.next) out.push(`    → ${check.next}`);
    process.stdout.write(`${scrubSecrets(out.join('\n'), secrets)}\n`);
  };

  const browser = browserCheck(m);
  report(browser.check);
  report(fontCheck((opts.cjkFont ?? probeCjkFont)(), m));

  let config: LoadedConfig;
  try {
    config = loadConfig(configFile);
    secrets = config.secrets;
    report({ verdict: 'pass', name: m.names.config, detail: m.configValid(config.file) });
    if (browser.executablePath) {
      const language = chromiumLanguageCheck(
        browser.executablePath,
        config.locale,
        m,
        opts.chromiumLocalesDir,
      );
      if (language) report(language);
    }
    if (isPlaceholderUrl(config.portal.baseUrl)) {
      report({
        verdict: 'fail',
        name: m.names.portal,
        detail: m.portalPlaceholder(config.portal.baseUrl),
        next: m.portalPlaceholderNext(config.file),
      });
    }
  } catch (error) {
    report({ verdict: 'fail', name: m.names.config, detail: said(error, words.errors) });
    throw new ExitRequest(exitCodeFor(error));
  }

  try {
    const { flow } = await loadPortalFlow(config.portal, { cwd: config.dir, configFile: config.file });
    report({ verdict: 'pass', name: m.names.flow, detail: m.flowFound(flow.name, config.portal.flow) });
  } catch (error) {
    report({
      verdict: 'fail',
      name: m.names.flow,
      detail: said(error, words.errors, m.flowFailed),
      next: error instanceof ConfigError ? m.fixOptions : m.fixFlow,
    });
    throw new ExitRequest(exitCodeFor(error));
  }

  const logger = createLogger({ secrets: config.secrets, stderr: true });
  let rt: Runtime;
  try {
    rt = await createRuntime(config, { logger });
    report({ verdict: 'pass', name: m.names.store, detail: describeStore(config.store) });
  } catch (error) {
    report({
      verdict: 'fail',
      name: m.names.store,
      detail: said(error, words.errors, m.storeFailed),
      next: m.fixStore,
    });
    throw new ExitRequest(ExitCode.unexpected);
  }

  try {
    for (const account of config.accounts) report(await checkSession(rt, account.id, m));
    report(checkApproval(config, m));
    for (const check of await checkNotify(rt, opts.send === true, m)) report(check);
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
    `${code === ExitCode.ok ? m.allPassed(warnings) : m.failed(checks.filter((c) => c.verdict !== 'pass' && c.verdict !== 'warn').length)}\n`,
  );
  if (code !== ExitCode.ok) throw new ExitRequest(code);
}

/**
 * An error in the config's language when it carries its words (a config problem), else its own
 * (English) message, framed by `frame` so a reader knows what failed.
 */
function said(
  error: unknown,
  errors: Parameters<typeof sayError>[1],
  frame: (detail: string) => string = (detail) => detail,
): string {
  return error instanceof ConfigError || (error instanceof Error && 'words' in error)
    ? sayError(error, errors)
    : frame(messageOf(error));
}

async function checkSession(rt: Runtime, accountId: string, m: DoctorCliMessages): Promise<Check> {
  const name = m.names.session(accountId);
  const login = m.login(accountId);
  try {
    const result = await rt.withAccount(
      accountId,
      (ctx) => rt.flow.checkSession(ctx),
      AbortSignal.timeout(SESSION_TIMEOUT_MS),
    );
    return result === 'ok'
      ? { verdict: 'pass', name, detail: m.loggedIn(rt.config.portal.baseUrl) }
      : { verdict: 'login', name, detail: m.expired(), next: login };
  } catch (error) {
    if (error instanceof SessionExpiredError) {
      const file = rt.config.accounts.find((a) => a.id === accountId)?.storageState;
      const missing = file !== undefined && !existsSync(file) ? file : undefined;
      return { verdict: 'login', name, detail: m.expired(messageOf(error), missing), next: login };
    }
    if (error instanceof PortalUnavailableError || error instanceof RateLimitedError) {
      return {
        verdict: 'unreachable',
        name,
        detail: m.unreachable(rt.config.portal.baseUrl, messageOf(error)),
        next: m.unreachableNext,
      };
    }
    return { verdict: 'fail', name, detail: m.sessionFailed(messageOf(error)), next: m.debugNext };
  }
}

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

export function checkApproval(config: Pick<LoadedConfig, 'approval'>, m: DoctorCliMessages): Check {
  const name = m.names.approval;
  if (!config.approval) {
    return { verdict: 'warn', name, detail: m.noApproval, next: m.noApprovalNext };
  }
  const { publicUrl } = config.approval;
  const listen = formatListen(config.approval.listen);
  const listenHost = config.approval.listen.host;
  const publicHost = new URL(publicUrl).hostname;
  if (isLoopback(publicHost)) {
    return {
      verdict: 'warn',
      name,
      detail: m.publicLoopback(publicUrl),
      next: m.publicLoopbackNext,
    };
  }
  if (isLoopback(listenHost)) {
    return {
      verdict: 'warn',
      name,
      detail: m.listenLoopback(listen, publicUrl),
      next: m.listenLoopbackNext(config.approval.listen.port),
    };
  }
  return { verdict: 'pass', name, detail: m.approvalOk(publicUrl, listen) };
}
