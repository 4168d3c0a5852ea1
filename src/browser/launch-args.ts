/**
 * What jianlou adds to Playwright's own Chromium command line, pure (issue 29 item 11).
 *
 * Features: Chromium honours only the LAST `--disable-features=` on its command line, and Playwright
 * passes one of its own. A second one for Translate would silently drop every feature Playwright
 * disables (HTTPS upgrades of a portal's http:// address, paint holding …); one before Playwright's
 * would be dropped itself. So Playwright's flag is left out (`ignoreDefaultArgs`, exact string) and
 * one flag carries both lists. A Playwright upgrade that changes its list makes the exact string miss:
 * test/browser/chromium-language.test.ts then sees two flags on chrome://version and fails.
 *
 * Language: on Linux Chromium ignores `--lang` and takes its own words ("请填写此字段。", error pages)
 * from `LANGUAGE`/`LC_ALL`/`LC_MESSAGES`/`LANG`; `--lang` is what Windows and macOS read. A launch
 * with `--lang=zh-CN` gets `LANGUAGE=zh_CN` too.
 */

/** `--disable-features` of Playwright 1.65 (playwright-core's chromiumSwitches), in its order. */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
] as const;

const DISABLE = '--disable-features=';

/** Playwright's own flag, exactly as it passes it (what `ignoreDefaultArgs` must name). */
export const PLAYWRIGHT_DISABLE_FLAG = `${DISABLE}${PLAYWRIGHT_DISABLED_FEATURES.join(',')}`;

/**
 * The arguments with every `--disable-features=` merged into one flag that starts with Playwright's
 * list, and the Playwright default to leave out. Without a `--disable-features=` of ours, nothing changes.
 */
export function mergeDisabledFeatures(args: readonly string[]): {
  args: string[];
  ignoreDefaultArgs: string[];
} {
  const ours = args
    .filter((a) => a.startsWith(DISABLE))
    .flatMap((a) => a.slice(DISABLE.length).split(','))
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
  if (ours.length === 0) return { args: [...args], ignoreDefaultArgs: [] };
  const features = [...new Set<string>([...PLAYWRIGHT_DISABLED_FEATURES, ...ours])];
  return {
    args: [...args.filter((a) => !a.startsWith(DISABLE)), `${DISABLE}${features.join(',')}`],
    ignoreDefaultArgs: [PLAYWRIGHT_DISABLE_FLAG],
  };
}

/**
 * The browser's environment: `LANGUAGE` from the last `--lang=xx-YY` (as `xx_YY`), so Chromium on
 * Linux speaks that language; the environment unchanged without one.
 */
export function languageEnv(args: readonly string[], env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const lang = args
    .filter((a) => a.startsWith('--lang='))
    .at(-1)
    ?.slice('--lang='.length);
  if (!lang || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(lang)) return env;
  return { ...env, LANGUAGE: lang.replace('-', '_') };
}
