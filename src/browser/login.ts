import type { Browser, BrowserContext } from 'playwright';
import { BadInputError, SessionExpiredError } from '../core/errors.js';
import type { Credentials } from '../core/types.js';
import { createFlowContext, type OwnedFlowContext } from '../flow/context.js';
import type { Flow, FlowLogger } from '../flow/types.js';
import { catalogue } from '../i18n/catalogue.js';
import type { Locale } from '../i18n/locale.js';
import { launchBrowser, newContext, type StorageState } from './launch.js';
import { importSession, saveSession } from './session.js';

export type LoginMode = 'interactive' | 'scripted' | 'import';

const text = (o: Pick<RunLoginOptions, 'locale'>) => catalogue(o.locale).cli.login;

export interface RunLoginOptions {
  flow: Flow;
  accountId: string;
  baseUrl: string;
  storageStatePath: string;
  mode: LoginMode;
  /** import mode: a storage-state JSON file, or a Cookie header (inline or in a file). */
  importFrom?: string;
  /** scripted mode: from the account's config. */
  credentials?: Credentials;
  /** interactive: how long the person has to log in; otherwise the budget of the whole login. */
  timeoutMs: number;
  /** One line for the person at the terminal, in `locale`. */
  out: (line: string) => void;
  /** Language of the lines given to `out`; Chinese by default. */
  locale?: Locale;
  /** Default: a display is assumed except on Linux without DISPLAY / WAYLAND_DISPLAY. */
  hasDisplay?: boolean;
  /** Starts the browser (tests pass a headless one for the interactive mode). */
  launch?: (options: { headless: boolean }) => Promise<Browser>;
  /** interactive: how often to ask the flow whether the person is done. */
  pollIntervalMs?: number;
  log?: FlowLogger;
}

export function detectDisplay(env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  if (platform !== 'linux') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

function noDisplayMessage(o: RunLoginOptions): string {
  return [
    `cannot open a browser window for account "${o.accountId}": this machine has no display (DISPLAY / WAYLAND_DISPLAY unset).`,
    `Either log in on a machine with a screen (run: jianlou login ${o.accountId}) and copy ${o.storageStatePath} to the same path here,`,
    `or log in to ${o.baseUrl} in any browser, copy the Cookie header from its dev tools (Network → a request → Cookie) into a file,`,
    `and run: jianlou login ${o.accountId} --import FILE`,
  ].join('\n');
}

interface Session {
  browser: Browser;
  context: BrowserContext;
  ctx: OwnedFlowContext;
}

async function openBrowserSession(
  o: RunLoginOptions,
  headless: boolean,
  signal: AbortSignal,
  storageState?: StorageState,
): Promise<Session> {
  const browser = await (o.launch ?? ((opts) => launchBrowser(opts)))({ headless });
  try {
    const context = await newContext(browser, {
      baseURL: o.baseUrl,
      ...(storageState ? { storageState } : {}),
    });
    const ctx = createFlowContext({
      context,
      baseUrl: o.baseUrl,
      accountId: o.accountId,
      signal,
      ...(o.log ? { log: o.log } : {}),
    });
    return { browser, context, ctx };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function verifyAndSave(o: RunLoginOptions, s: Session, what: string): Promise<{ path: string }> {
  if ((await o.flow.checkSession(s.ctx)) !== 'ok') {
    throw new SessionExpiredError(
      `${what} for account "${o.accountId}" is not logged in at ${o.baseUrl} — nothing was saved; run: jianlou login ${o.accountId}`,
    );
  }
  await saveSession(s.context, o.storageStatePath);
  o.out(text(o).saved(o.accountId, o.storageStatePath));
  return { path: o.storageStatePath };
}

async function interactive(o: RunLoginOptions, s: Session): Promise<{ path: string }> {
  const page = await s.ctx.page();
  const url = o.flow.loginUrl(s.ctx);
  await page.goto(url, { timeout: o.timeoutMs }).catch((error: unknown) => {
    const reason = error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : String(error);
    o.out(text(o).pageNotOpened(reason, url));
  });
  const minutes = Math.max(1, Math.round(o.timeoutMs / 60_000));
  o.out(text(o).browserOpened(o.accountId, url));
  o.out(text(o).waitHint(minutes));
  const deadline = Date.now() + o.timeoutMs;
  const interval = o.pollIntervalMs ?? 1000;
  while (Date.now() < deadline) {
    if (!s.browser.isConnected() || page.isClosed()) {
      throw new BadInputError(
        `the browser was closed before the login of account "${o.accountId}" finished — run: jianlou login ${o.accountId} again`,
      );
    }
    // The portal may be briefly unreachable while the person types: keep waiting.
    const done = await o.flow.isLoggedIn(s.ctx).catch(() => false);
    if (done) return verifyAndSave(o, s, 'the session');
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  throw new SessionExpiredError(
    `account "${o.accountId}" was not logged in within ${minutes} min — run: jianlou login ${o.accountId} again`,
  );
}

async function scripted(o: RunLoginOptions, s: Session): Promise<{ path: string }> {
  o.out(text(o).scripted(o.accountId, o.baseUrl));
  // Both checked before the browser starts (see runLogin); narrowed again for the compiler.
  if (!o.flow.login || !o.credentials)
    throw new BadInputError('scripted login needs flow.login and credentials');
  await o.flow.login(s.ctx, o.credentials);
  return verifyAndSave(o, s, 'the scripted login');
}

/**
 * `jianlou login <account>`: get a logged-in session for the account and save it (mode 0600).
 * Nothing is written unless the flow confirms the session is logged in.
 */
export async function runLogin(o: RunLoginOptions): Promise<{ path: string }> {
  let state: StorageState | undefined;
  if (o.mode === 'interactive' && !(o.hasDisplay ?? detectDisplay())) {
    throw new BadInputError(noDisplayMessage(o));
  }
  if (o.mode === 'scripted') {
    if (!o.flow.login) {
      throw new BadInputError(
        `flow "${o.flow.name}" has no scripted login — run: jianlou login ${o.accountId} and log in in the browser window`,
      );
    }
    if (!o.credentials) {
      throw new BadInputError(
        `account "${o.accountId}" has no credentials in the config (accounts[].credentials) for a scripted login`,
      );
    }
  }
  if (o.mode === 'import') {
    if (!o.importFrom)
      throw new BadInputError('import needs a file or Cookie header: jianlou login <account> --import FILE');
    state = await importSession(o.importFrom, { baseUrl: o.baseUrl });
  }
  const signal = o.mode === 'interactive' ? new AbortController().signal : AbortSignal.timeout(o.timeoutMs);
  const session = await openBrowserSession(o, o.mode !== 'interactive', signal, state);
  try {
    if (o.mode === 'interactive') return await interactive(o, session);
    if (o.mode === 'scripted') return await scripted(o, session);
    o.out(text(o).checkingImport(o.accountId));
    return await verifyAndSave(o, session, 'the imported session');
  } finally {
    await session.ctx.close().catch(() => {});
    await session.browser.close().catch(() => {});
  }
}
