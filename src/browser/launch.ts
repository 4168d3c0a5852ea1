import { createRequire } from 'node:module';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright';
import { type DeviceName, deviceOf } from './devices.js';
import { createFetchRequest } from './fetch-request.js';
import { languageEnv, mergeDisabledFeatures } from './launch-args.js';
import { writePrivateFile } from './private-file.js';
import { isExecutableFile, type ResolvedBrowser, resolveBrowser } from './resolve.js';
import { DISABLED_FEATURES, browserSettings as settings } from './settings.js';
import type { StorageState } from './storage-state.js';

/**
 * Playwright, loaded on first use: loading it costs ≈ 85 MB of memory (its whole in-process server),
 * which a check whose flow needs no page never pays (issue 17).
 */
let loaded: typeof import('playwright') | undefined;
export function playwright(): typeof import('playwright') {
  loaded ??= createRequire(import.meta.url)('playwright') as typeof import('playwright');
  return loaded;
}

export function findBrowser(env: NodeJS.ProcessEnv = process.env): ResolvedBrowser {
  return resolveBrowser({
    env,
    isExecutable: isExecutableFile,
    playwrightPath: () => {
      try {
        return playwright().chromium.executablePath();
      } catch {
        return undefined;
      }
    },
  });
}

export interface LaunchOptions {
  headless?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Added to the project's launch arguments (e.g. `--start-maximized` for a window a person uses). */
  args?: readonly string[];
}

/**
 * Launches Chromium with the settings of src/browser/settings.ts: their features switched off within
 * Playwright's own `--disable-features`, and a `--lang=` also set as `LANGUAGE` (what Chromium on
 * Linux reads for its own words).
 */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const found = findBrowser(options.env);
  const { args, ignoreDefaultArgs } = mergeDisabledFeatures([
    ...settings.use.launchOptions.args,
    `--disable-features=${DISABLED_FEATURES.join(',')}`,
    ...(options.args ?? []),
  ]);
  return playwright().chromium.launch({
    executablePath: found.executablePath,
    headless: options.headless ?? settings.use.headless,
    args,
    ...(ignoreDefaultArgs.length > 0 ? { ignoreDefaultArgs } : {}),
    env: languageEnv(args, process.env),
    timeout: settings.use.launchOptions.timeout,
    // jianlou owns its signals (src/cli/signals.ts): Playwright's handlers would close the browser
    // under a running check or hold at the first Ctrl-C or SIGTERM.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

export type { StorageState };

/** A fresh context with the project's locale, timezone and timeouts, optionally from a saved session. */
export async function newContext(
  browser: Browser,
  options: {
    storageState?: string | StorageState;
    baseURL?: string;
    /** `null`: the page follows the window's size (headed login) instead of the fixed viewport. */
    viewport?: null;
    /** `portal.device`: user agent, viewport, touch and Accept-Language (default desktop). */
    device?: DeviceName;
    /** The page's language (navigator.language, Accept-Language); default the settings' zh-CN. */
    locale?: string;
  } = {},
): Promise<BrowserContext> {
  const device = deviceOf(options.device);
  const context = await browser.newContext({
    locale: options.locale ?? settings.use.locale,
    timezoneId: settings.use.timezoneId,
    // The locale makes Chromium send `Accept-Language: zh-CN`, which the device's request side sends too.
    userAgent: device.userAgent,
    ...(options.viewport === null
      ? { viewport: null }
      : {
          viewport: device.viewport,
          deviceScaleFactor: device.deviceScaleFactor,
          isMobile: device.isMobile,
          hasTouch: device.hasTouch,
        }),
    serviceWorkers: 'block',
    ...(options.storageState ? { storageState: options.storageState } : {}),
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
  });
  context.setDefaultTimeout(settings.use.actionTimeout);
  context.setDefaultNavigationTimeout(settings.use.navigationTimeout);
  return context;
}

/**
 * The API side of an account's session: cookies from the saved state, no browser launched (nor
 * looked for), and Playwright not even loaded: a built-in client with Playwright's request rules
 * (src/browser/fetch-request.ts). An option it does not implement (ignoreHTTPSErrors, a streamed
 * upload, tracing) switches it once, cookies included, to Playwright's own request context.
 * `ctx.request` uses it until a step asks for a page.
 */
export async function newRequestContext(options: {
  storageState: StorageState;
  baseURL?: string;
  /** `portal.device`: the user agent and Accept-Language the browser of that device sends (default desktop). */
  device?: DeviceName;
}): Promise<APIRequestContext> {
  const device = deviceOf(options.device);
  const base = {
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    userAgent: device.userAgent,
    extraHTTPHeaders: { 'Accept-Language': device.acceptLanguage },
    timeout: settings.use.actionTimeout,
  };
  return createFetchRequest({
    ...base,
    storageState: options.storageState,
    upgrade: (state) => playwright().request.newContext({ ...base, storageState: state }),
  });
}

export { writePrivateFile };

export async function saveStorageState(context: BrowserContext, path: string): Promise<void> {
  await writeStorageState(await context.storageState(), path);
}

export async function writeStorageState(state: StorageState, path: string): Promise<void> {
  await writePrivateFile(path, `${JSON.stringify(state, null, 2)}\n`);
}
