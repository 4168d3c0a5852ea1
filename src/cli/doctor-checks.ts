import { CHROMIUM_L10N_STEPS, probeChromiumLanguage } from '../browser/chromium-locales.js';
import { CJK_FONT_STEPS, type CjkFontProbe } from '../browser/fonts.js';
import { findBrowser } from '../browser/launch.js';
import type { DoctorCliMessages } from '../i18n/doctor-cli.js';
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

/** The indented lines of a "how to install" text, on one line. */
const oneLine = (steps: string): string =>
  steps
    .split('\n')
    .slice(1)
    .map((l) => l.trim().replace(/\s{2,}/g, ' '))
    .join(' · ');

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
        detail: m.browserMissing(messageOf(error).split('\n', 1)[0] ?? ''),
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
    ? { verdict: 'pass', name, detail: m.fontFound(font.family) }
    : {
        verdict: 'warn',
        name,
        detail: m.fontMissing(font.reason),
        next: m.installSteps(oneLine(CJK_FONT_STEPS)),
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
  if (probe.state === 'present') return { verdict: 'pass', name, detail: m.chromiumPresent(probe.file) };
  return {
    verdict: 'warn',
    name,
    detail: m.chromiumMissing(probe.file, probe.localesDir, locale),
    next: m.installSteps(oneLine(CHROMIUM_L10N_STEPS)),
  };
}
