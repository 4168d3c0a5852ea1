import { CHROMIUM_L10N_INSTALL, probeChromiumLanguage } from '../browser/chromium-locales.js';
import { CJK_FONT_INSTALL, type CjkFontProbe } from '../browser/fonts.js';
import { findBrowser } from '../browser/launch.js';
import { BrowserNotFoundError } from '../browser/resolve.js';
import type { BrowserMissing, DoctorCliMessages } from '../i18n/doctor-cli.js';
import type { Locale } from '../i18n/locale.js';
import { describeError } from '../log/logger.js';

/**
 * `jianlou doctor`'s lines, and its checks of the machine itself (a browser, a Chinese font,
 * Chromium's language files): none of them needs the config's portal, store or channels.
 */

/** pass ✓ · warn ⚠ (not essential) · fail ✗ · login ✗ (exit 3) · unreachable ✗ (exit 4 when alone). */
export type Verdict = 'pass' | 'warn' | 'fail' | 'login' | 'unreachable';

export interface Check {
  verdict: Verdict;
  name: string;
  detail: string;
  next?: string;
}

export const MARK: Record<Verdict, string> = {
  pass: '✓',
  warn: '⚠',
  fail: '✗',
  login: '✗',
  unreachable: '✗',
};

export const messageOf = (error: unknown): string => describeError(error);

/** Why no browser was found, as data: the message's first line is what English says. */
function browserMissing(error: unknown): BrowserMissing {
  const message = messageOf(error).split('\n', 1)[0] ?? '';
  if (!(error instanceof BrowserNotFoundError)) return { code: 'other', message };
  // findBrowser looks at JIANLOU_CHROMIUM first and refuses one that names no executable.
  const path = process.env.JIANLOU_CHROMIUM;
  return path ? { code: 'env_not_executable', path, message } : { code: 'none_found', message };
}

/** The browser jianlou would launch; its path for the checks that look beside it. */
export function browserCheck(m: DoctorCliMessages): { check: Check; executablePath?: string } {
  const name = m.names.browser;
  try {
    const found = findBrowser();
    return {
      check: { verdict: 'pass', name, detail: m.browserFound(found.executablePath, found.source) },
      executablePath: found.executablePath,
    };
  } catch (error) {
    // The browser is lazy (issue 17): a flow whose steps use only ctx.request never launches one.
    // A flow that does need a page fails its session check, with this message.
    return {
      check: {
        verdict: 'warn',
        name,
        detail: m.browserMissing(browserMissing(error)),
        next: m.browserMissingNext,
      },
    };
  }
}

/**
 * Without a Chinese font every Chinese label on the portal's pages (and in the phone login
 * picture) is a box: watching still works, a person logging in cannot read the page.
 */
export function fontCheck(font: CjkFontProbe, m: DoctorCliMessages): Check {
  const name = m.names.font;
  return font.found
    ? { verdict: 'pass', name, detail: m.fontFound(font.family, font.systemOwn === true) }
    : {
        verdict: 'warn',
        name,
        detail: m.fontMissing({ code: font.code ?? 'other', reason: font.reason }),
        next: m.installSteps(CJK_FONT_INSTALL),
      };
}

/**
 * Chromium's own words in the config's language (issue 29 item 11): the login window and the relay
 * launch with `--lang=zh-CN`, which falls back to English without Chromium's zh-CN.pak (Debian's
 * chromium has only en-US.pak; `chromium-l10n` adds the rest). Undefined when it cannot be told.
 */
export function chromiumLanguageCheck(
  executablePath: string,
  locale: Locale,
  m: DoctorCliMessages,
  localesDir?: string,
): Check | undefined {
  const probe = probeChromiumLanguage(executablePath, locale, localesDir ? { localesDir } : {});
  const name = m.names.chromiumLanguage;
  if (probe.state === 'unknown') return undefined;
  if (probe.state === 'present') {
    return { verdict: 'pass', name, detail: m.chromiumPresent(probe.file, probe.systemOwn === true) };
  }
  return {
    verdict: 'warn',
    name,
    detail: m.chromiumMissing(probe.file, probe.localesDir, locale),
    next: m.installSteps(CHROMIUM_L10N_INSTALL),
  };
}
