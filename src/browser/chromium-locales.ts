import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { InstallStep } from '../i18n/doctor-cli.js';
import type { Locale } from '../i18n/locale.js';
import { installLines } from './fonts.js';

/**
 * Chromium's own words — "请填写此字段。" under an empty required field, its error pages — come from
 * one `<lang>.pak` file per language in a `locales/` folder beside the browser (issue 29 item 11).
 * Debian's `chromium` package ships only en-US.pak; the others are in `chromium-l10n`. Without the
 * file, `--lang=zh-CN` falls back to English. Chrome, Chrome for Testing, Playwright's download and
 * the macOS/Windows builds carry every language.
 */

/** The Debian package with Chromium's language files, and how to install it. */
export const CHROMIUM_L10N_PACKAGE = 'chromium-l10n';
export const CHROMIUM_L10N_COMMAND = `apt-get install -y ${CHROMIUM_L10N_PACKAGE}`;

/** How to install Chromium's language files, per system (`doctor` words them in the config's language). */
export const CHROMIUM_L10N_INSTALL: readonly InstallStep[] = [
  { system: 'Debian/Ubuntu', asRoot: true, command: CHROMIUM_L10N_COMMAND },
  { system: 'Alpine', command: 'apk add chromium-lang' },
];

export const CHROMIUM_L10N_STEPS =
  'Install Chromium’s language files so its own messages (“请填写此字段。”, error pages) follow the config’s language:\n' +
  installLines(CHROMIUM_L10N_INSTALL);

/** The language file the config's locale needs (`--lang` of src/browser/login-window.ts). */
export const localeFileOf = (locale: Locale): string => (locale === 'en' ? 'en-US.pak' : 'zh-CN.pak');

/**
 * Where a Linux Chromium keeps its `locales/` folder, from its executable: beside the real binary,
 * or — for a launcher script such as Debian's /usr/bin/chromium — in the script's `LIBDIR`
 * (`LIBDIR=/usr/lib/$APPNAME`). Pure: `read` gives the first bytes of a file, `real` its real path.
 */
export function localesDirCandidates(
  executablePath: string,
  read: (path: string) => string | undefined,
  real: (path: string) => string,
): string[] {
  const binary = real(executablePath);
  const dirs = [join(dirname(binary), 'locales')];
  const head = read(binary);
  if (head?.startsWith('#!')) {
    const app = /^APPNAME=["']?([\w.-]+)["']?\s*$/m.exec(head)?.[1];
    const lib = /^LIBDIR=["']?([^\s"']+)["']?\s*$/m.exec(head)?.[1];
    if (lib && (app || !lib.includes('$'))) {
      dirs.unshift(join(lib.replace(/\$\{?APPNAME\}?/g, app ?? ''), 'locales'));
    }
  }
  return dirs;
}

export type ChromiumLanguageProbe =
  /** `systemOwn`: a macOS or Windows build, which carries every language (`file` says so in English). */
  | { state: 'present'; file: string; systemOwn?: boolean }
  | { state: 'missing'; localesDir: string; file: string }
  | { state: 'unknown'; reason: string };

/**
 * Is the language file for the config's locale there? `localesDir` overrides the folder found from
 * the executable (doctor's test points it at an empty folder).
 */
export function probeChromiumLanguage(
  executablePath: string,
  locale: Locale,
  options: { localesDir?: string; platform?: NodeJS.Platform } = {},
): ChromiumLanguageProbe {
  const file = localeFileOf(locale);
  const platform = options.platform ?? process.platform;
  if (!options.localesDir && platform !== 'linux')
    return { state: 'present', file: 'the system build’s own', systemOwn: true };
  const candidates = options.localesDir
    ? [options.localesDir]
    : localesDirCandidates(executablePath, readHead, realPath);
  const localesDir = candidates.find((dir) => existsSync(dir));
  if (!localesDir) {
    return { state: 'unknown', reason: `no locales folder beside ${executablePath}` };
  }
  if (listed(localesDir).includes(file)) return { state: 'present', file: join(localesDir, file) };
  return { state: 'missing', localesDir, file };
}

function listed(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readHead(path: string): string | undefined {
  try {
    return readFileSync(path).subarray(0, 8192).toString('latin1');
  } catch {
    return undefined;
  }
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
