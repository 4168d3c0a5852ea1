import type { Browser, BrowserContext, Page } from 'playwright';
import { BadInputError, SessionExpiredError } from '../core/errors.js';
import type { Credentials } from '../core/types.js';
import { createFlowContext, type OwnedFlowContext } from '../flow/context.js';
import type { Flow, FlowContext, FlowLogger } from '../flow/types.js';
import { type LoginLocale, loginText } from '../i18n/login-text.js';
import {
  type LaunchOptions,
  launchBrowser,
  newContext,
  newRequestContext,
  type StorageState,
} from './launch.js';
import { createLazySession } from './lazy-session.js';
import { CONFIRM_MS, chromiumLocale, fitWindow, localeArgs, successPage } from './login-window.js';
import { importSession, saveStateMerged } from './session.js';

export type LoginMode = 'interactive' | 'scripted' | 'import';

/** The countdown while the person logs in: the line to show and the time left (for throttling). */
export interface LoginProgress {
  line: string;
  remainingMs: number;
}

export interface RunLoginOptions {
  flow: Flow;
  /** `portal.options` as the flow's schema parsed them (`ctx.options`). */
  flowOptions?: unknown;
  accountId: string;
  baseUrl: string;
  storageStatePath: string;
  mode: LoginMode;
  /** The language of every line and error the person sees (config `locale`). Default 'zh'. */
  locale?: LoginLocale;
  /** import mode: a storage-state JSON file, or a Cookie header (inline or in a file). */
  importFrom?: string;
  /** scripted mode: from the account's config. */
  credentials?: Credentials;
  /** interactive: how long the person has to log in; otherwise the budget of the whole login. */
  timeoutMs: number;
  /** One line per event for the person at the terminal, in `locale`. */
  out: (line: string) => void;
  /** interactive: the countdown, about once a second; a terminal rewrites it in place. */
  progress?: (p: LoginProgress) => void;
  /** Default: a display is assumed except on Linux without DISPLAY / WAYLAND_DISPLAY. */
  hasDisplay?: boolean;
  /** Starts the browser (tests pass a headless one for the interactive mode). */
  launch?: (options: LaunchOptions) => Promise<Browser>;
  /** interactive: how often to ask the flow whether the person is done. */
  pollIntervalMs?: number;
  /** interactive: how long the "logged in" page stays up (counting down) unless closed first. Default 8 s. */
  confirmMs?: number;
  log?: FlowLogger;
  /**
   * Aborts on the first Ctrl-C / SIGTERM: stop waiting for the person (nothing saved, exit 3); a
   * login already seen is still saved.
   */
  stop?: AbortSignal;
  /** Aborts on the second signal: the browser closes at once, whatever it was doing. */
  abort?: AbortSignal;
}

/** Headed windows fill the screen (a fixed 1280×800 overflows a small laptop screen). */
export const WINDOW_ARGS = ['--start-maximized'] as const;

export function detectDisplay(env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  if (platform !== 'linux') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
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
  const launch = o.launch ?? launchBrowser;
  // Chromium in the config's language (issue 29 item 11): its own words and the pages' navigator.language.
  const args = [...(headless ? [] : WINDOW_ARGS), ...localeArgs(o.locale)];
  const browser = await launch({ headless, args });
  try {
    const context = await newContext(browser, {
      baseURL: o.baseUrl,
      locale: chromiumLocale(o.locale),
      // A window the person uses: the page follows the window's size instead of a fixed viewport.
      ...(headless ? {} : { viewport: null }),
      ...(storageState ? { storageState } : {}),
    });
    const ctx = createFlowContext({
      context,
      baseUrl: o.baseUrl,
      accountId: o.accountId,
      options: o.flowOptions,
      signal,
      ...(o.log ? { log: o.log } : {}),
    });
    return { browser, context, ctx };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

async function verifyAndSave(
  o: RunLoginOptions,
  s: Session,
  what: 'window' | 'scripted' | 'import',
): Promise<{ path: string }> {
  const t = loginText(o.locale);
  if ((await o.flow.checkSession(s.ctx)) !== 'ok') {
    throw new SessionExpiredError(t.notLoggedIn(what, o.accountId, o.baseUrl));
  }
  await saveLogin(await s.context.storageState(), o.storageStatePath);
  return { path: o.storageStatePath };
}

const NOTHING: StorageState = { cookies: [], origins: [] };

/**
 * A login replaces the login, not the session file (issue 29 item 2): every cookie and storage
 * entry the login set wins, and what flow steps saved beside it (a cart a hold wrote to
 * localStorage, a preference) stays. Merged from nothing: the login's context started empty.
 */
export function saveLogin(state: StorageState, path: string): Promise<StorageState> {
  return saveStateMerged(state, path, NOTHING);
}

/** A page for the person to see that it worked, before the window closes. */
async function showSuccess(o: RunLoginOptions, s: Session): Promise<void> {
  const t = loginText(o.locale);
  const page = await s.context.newPage();
  const seconds = Math.max(0, Math.ceil((o.confirmMs ?? CONFIRM_MS) / 1000));
  const countdown = Array.from({ length: seconds + 1 }, (_, i) => t.successClosing(i));
  await page.setContent(successPage(t.successTitle, t.successBody(o.accountId), o.locale ?? 'zh', countdown));
  await page.bringToFront();
}

/**
 * Resolves after `ms`, or earlier when a page of the context closes or the browser goes away,
 * so closing the window is noticed at once rather than at the next poll.
 */
function nap(s: Session, ms: number, stop?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      s.browser.off('disconnected', done);
      for (const page of pages) page.off('close', done);
      stop?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const pages = s.context.pages();
    s.browser.once('disconnected', done);
    for (const page of pages) page.once('close', done);
    stop?.addEventListener('abort', done, { once: true });
  });
}

/** Open pages of the login context; none left (or no browser) means the person closed the window. */
function openPages(s: Session): Page[] {
  if (!s.browser.isConnected()) return [];
  return s.context.pages().filter((page) => !page.isClosed());
}

async function interactive(o: RunLoginOptions, s: Session): Promise<{ path: string }> {
  const t = loginText(o.locale);
  const first = await s.ctx.page();
  const url = o.flow.loginUrl(s.ctx);
  // The window fits the screen it opened on (it opened at ~1050×750 on a 1366×768 laptop).
  await fitWindow(first).catch(() => {});
  await first.goto(url, { timeout: o.timeoutMs }).catch((error: unknown) => {
    o.out(
      t.loginPageFailed(
        error instanceof Error ? (error.message.split('\n', 1)[0] ?? '') : String(error),
        url,
      ),
    );
  });
  o.out(t.opened(o.accountId, url));
  o.out(t.waiting(o.accountId, t.duration(o.timeoutMs)));
  // The person may log in in another tab and close the first one: a flow that asks for "the page"
  // gets the newest open one, never a fresh tab jianlou would open behind their back.
  const ctx: FlowContext = { ...s.ctx, page: async () => openPages(s).at(-1) ?? s.ctx.page() };
  const deadline = Date.now() + o.timeoutMs;
  const interval = o.pollIntervalMs ?? 1000;
  let shownSeconds = -1;
  for (;;) {
    if (o.stop?.aborted) throw new SessionExpiredError(t.stopped(o.accountId));
    if (openPages(s).length === 0) throw new SessionExpiredError(t.windowClosed(o.accountId));
    // The portal may be briefly unreachable while the person types: keep waiting.
    if (await o.flow.isLoggedIn(ctx).catch(() => false)) break;
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) throw new SessionExpiredError(t.timedOut(o.accountId, t.duration(o.timeoutMs)));
    const seconds = Math.ceil(remainingMs / 1000);
    if (seconds !== shownSeconds) {
      shownSeconds = seconds;
      o.progress?.({ line: t.countdown(t.duration(remainingMs)), remainingMs });
    }
    await nap(s, Math.min(interval, remainingMs), o.stop);
  }
  const saved = await verifyAndSave(o, s, 'window');
  // The person sees it worked (a page in the window, then the terminal line) before the window goes.
  await showSuccess(o, s).catch(() => {});
  o.out(t.saved(o.accountId, saved.path));
  await nap(s, o.confirmMs ?? CONFIRM_MS);
  return saved;
}

/**
 * An imported session is checked like a check would use it, and a scripted login runs the same way:
 * from the API side, the browser started only if the flow asks for a page or the context (issue 17,
 * issue 28). So a server without Chromium can take a session copied from a person's browser, or log
 * in by a flow whose login is only requests.
 */
async function runLazily(
  o: RunLoginOptions,
  state: StorageState,
  signal: AbortSignal,
  what: 'scripted' | 'import',
): Promise<{ path: string }> {
  const t = loginText(o.locale);
  if (what === 'import') o.out(t.importing(o.accountId));
  else o.out(t.scripting(o.accountId, o.baseUrl));
  const request = await newRequestContext({ storageState: state, baseURL: o.baseUrl });
  let browser: Browser | undefined;
  const lazy = createLazySession({
    request,
    baseUrl: o.baseUrl,
    accountId: o.accountId,
    options: o.flowOptions,
    storageState: state,
    signal,
    ...(o.log ? { log: o.log } : {}),
    async openContext(seed) {
      browser = await (o.launch ?? launchBrowser)({ headless: true });
      return newContext(browser, { baseURL: o.baseUrl, storageState: seed });
    },
  });
  try {
    if (what === 'scripted') {
      // Both checked before anything starts (see runLogin); narrowed again for the compiler.
      if (!o.flow.login || !o.credentials) throw new BadInputError(t.noCredentials(o.accountId));
      await o.flow.login(lazy.ctx, o.credentials);
    }
    if ((await o.flow.checkSession(lazy.ctx)) !== 'ok') {
      throw new SessionExpiredError(t.notLoggedIn(what, o.accountId, o.baseUrl));
    }
    await saveLogin(await lazy.storageState(), o.storageStatePath);
    o.out(t.saved(o.accountId, o.storageStatePath));
    return { path: o.storageStatePath };
  } finally {
    await lazy.ctx.close().catch(() => {});
    await browser?.close().catch(() => {});
    await request.dispose().catch(() => {});
  }
}

/**
 * `jianlou login <account>`: get a logged-in session for the account and save it (mode 0600).
 * Nothing is written unless the flow confirms the session is logged in. Every line and error is in
 * `o.locale`, once. Interactive: ends when the login is seen (exit 0), when the last page of the
 * window closes or the time is up (SessionExpiredError: the account still needs a login, exit 3).
 */
export async function runLogin(o: RunLoginOptions): Promise<{ path: string }> {
  const t = loginText(o.locale);
  let state: StorageState | undefined;
  if (o.mode === 'interactive' && !(o.hasDisplay ?? detectDisplay())) {
    throw new BadInputError(t.noDisplay(o.accountId, o.storageStatePath, o.baseUrl));
  }
  if (o.mode === 'scripted') {
    if (!o.flow.login) throw new BadInputError(t.noScriptedLogin(o.flow.name, o.accountId));
    if (!o.credentials) throw new BadInputError(t.noCredentials(o.accountId));
  }
  if (o.mode === 'import') {
    if (!o.importFrom) throw new BadInputError(t.importNeedsSource);
    state = await importSession(o.importFrom, { baseUrl: o.baseUrl });
  }
  const signal = o.mode === 'interactive' ? new AbortController().signal : AbortSignal.timeout(o.timeoutMs);
  if (o.mode === 'import' && state) return runLazily(o, state, signal, 'import');
  if (o.mode === 'scripted') return runLazily(o, { cookies: [], origins: [] }, signal, 'scripted');
  const session = await openBrowserSession(o, o.mode !== 'interactive', signal, state);
  const closeNow = () => void session.browser.close().catch(() => {});
  o.abort?.addEventListener('abort', closeNow, { once: true });
  try {
    return await interactive(o, session);
  } finally {
    o.abort?.removeEventListener('abort', closeNow);
    await session.ctx.close().catch(() => {});
    await session.browser.close().catch(() => {});
  }
}
