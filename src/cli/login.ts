import type { Browser } from 'playwright';
import type { LaunchOptions } from '../browser/launch.js';
import { detectDisplay, type LoginMode, runLogin } from '../browser/login.js';
import { loadConfig } from '../config/load.js';
import { BadInputError } from '../core/errors.js';
import { loadPortalFlow } from '../flow/load.js';
import { createLoginLog, type LoginVia } from '../store/logins.js';
import { openStore } from '../store/open.js';
import { remoteLogin } from './login-remote.js';
import { openRuntime } from './shared.js';
import { onStopSignals } from './signals.js';
import { createLineWriter, type LineStream } from './status-line.js';

export interface LoginOptions {
  import?: string;
  scripted?: boolean;
  /** Log in from a phone through the relayed login page (issue 15). */
  remote?: boolean;
  timeout: number;
}

/** What the command talks to; `main` uses the process's, tests pass their own. */
export interface LoginIo {
  stdout: LineStream;
  hasDisplay: boolean;
  launch?: (options: LaunchOptions) => Promise<Browser>;
  /** How long the "logged in" page stays up in the window. */
  confirmMs?: number;
  /** --remote: the QR code of the link as terminal text. */
  qr?: (url: string) => Promise<string>;
}

/** The link's QR code, small enough for an 80-column terminal. */
async function terminalQr(url: string): Promise<string> {
  const QRCode = await import('qrcode');
  return QRCode.toString(url, { type: 'terminal', small: true, errorCorrectionLevel: 'L' });
}

/** The QR code is drawn only on a terminal: a pipe or a log file gets the link alone. */
export function qrFor(stdout: Pick<LineStream, 'isTTY'>): ((url: string) => Promise<string>) | undefined {
  return stdout.isTTY === true ? terminalQr : undefined;
}

const processIo = (): LoginIo => ({ stdout: process.stdout, hasDisplay: detectDisplay() });

const VIA: Record<LoginMode, LoginVia> = { interactive: 'window', scripted: 'scripted', import: 'import' };

/** One mode per flag; a new way to log in (a relayed `--remote`) is one more entry here. */
function modeOf(opts: LoginOptions): LoginMode {
  if (opts.import && opts.scripted)
    throw new BadInputError('use either --import FILE or --scripted, not both', {
      words: { code: 'login_flags', combo: 'import_scripted' },
    });
  if (opts.import) return 'import';
  if (opts.scripted) return 'scripted';
  return 'interactive';
}

export async function loginCommand(
  configFile: string,
  accountId: string,
  opts: LoginOptions,
  io: LoginIo = processIo(),
): Promise<void> {
  if (opts.remote) {
    if (opts.import || opts.scripted)
      throw new BadInputError('--remote cannot be combined with --import or --scripted', {
        words: { code: 'login_flags', combo: 'remote' },
      });
    const { rt } = await openRuntime(configFile);
    const signals = onStopSignals({ onAbort: () => void rt.closeBrowser() });
    try {
      await remoteLogin(rt, accountId, opts.timeout * 1000, {
        out: (line) => void io.stdout.write(`${line}\n`),
        qr: io.qr ?? qrFor(io.stdout),
        stop: signals.stopping,
      });
    } finally {
      signals.dispose();
      await rt.close();
    }
    return;
  }
  const config = loadConfig(configFile);
  const account = config.accounts.find((a) => a.id === accountId);
  if (!account) {
    const known = config.accounts.map((a) => a.id);
    throw new BadInputError(`no account "${accountId}" in ${config.file} (accounts: ${known.join(', ')})`, {
      words: { code: 'no_account', accountId, file: config.file, known },
    });
  }
  const mode = modeOf(opts);
  if (mode === 'scripted' && !account.credentials) {
    const index = config.accounts.indexOf(account);
    throw new BadInputError(
      `--scripted needs accounts.${index}.credentials (username, password) in ${config.file}`,
      { words: { code: 'scripted_no_credentials', file: config.file, index } },
    );
  }
  const { flow, options: flowOptions } = await loadPortalFlow(config.portal, {
    cwd: config.dir,
    configFile: config.file,
  });
  const lines = createLineWriter(io.stdout);
  // The first signal stops the wait (a login already seen is still saved); a second closes the browser.
  const signals = onStopSignals();
  try {
    await runLogin({
      flow,
      flowOptions,
      accountId,
      baseUrl: config.portal.baseUrl,
      storageStatePath: account.storageState,
      mode,
      locale: config.locale,
      ...(opts.import ? { importFrom: opts.import } : {}),
      ...(account.credentials ? { credentials: account.credentials } : {}),
      timeoutMs: opts.timeout * 1000,
      hasDisplay: io.hasDisplay,
      out: lines.line,
      progress: lines.progress,
      ...(io.launch ? { launch: io.launch } : {}),
      ...(io.confirmMs !== undefined ? { confirmMs: io.confirmMs } : {}),
      stop: signals.stopping,
      abort: signals.aborted,
    });
    // The login itself is the event (issue 29): it spends the account's outstanding relay links and
    // starts a session lifetime; a step that only re-saves the file records nothing.
    const kv = await openStore(config.store);
    try {
      await createLoginLog(kv).record(accountId, {
        at: new Date().toISOString(),
        via: VIA[mode],
        expiresAt: null,
      });
    } finally {
      await kv.close();
    }
  } finally {
    signals.dispose();
    lines.end();
  }
}
