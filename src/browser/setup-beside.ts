import { CHROMIUM_L10N_PACKAGE, CHROMIUM_L10N_STEPS } from './chromium-locales.js';
import { CJK_FONT_STEPS } from './fonts.js';
import type { SetupDeps } from './setup.js';

/** What the browser setup installs beside a Chromium it found or installed (issue 29 items 10, 11). */

type Beside = Pick<
  SetupDeps,
  'say' | 'canUseApt' | 'cjkFont' | 'fontInstall' | 'chromiumLanguage' | 'languageInstall'
>;

/**
 * Debian's chromium has only its English words: "请填写此字段。" and its error pages in Chinese need
 * chromium-l10n (issue 29 item 11). Installed beside the browser when apt-get can, otherwise the
 * steps are said; nothing is said when the files are there or cannot be looked for. Never fatal.
 */
export async function ensureChromiumLanguage(deps: Beside): Promise<void> {
  const probe = deps.chromiumLanguage();
  if (probe.state !== 'missing') return;
  const lacking = `Chromium has no ${probe.file} in ${probe.localesDir}: its own messages stay English`;
  if (deps.canUseApt()) {
    deps.say(`${lacking}; installing Debian’s ${CHROMIUM_L10N_PACKAGE} …`);
    const result = await deps.languageInstall();
    if (result.ok && deps.chromiumLanguage().state === 'present') {
      deps.say(`Chromium’s language files installed (${CHROMIUM_L10N_PACKAGE}).`);
      return;
    }
    deps.say(
      `${CHROMIUM_L10N_PACKAGE} did not install (${result.ok ? `still no ${probe.file}` : result.reason}).`,
    );
  } else {
    deps.say(`${lacking}.`);
  }
  deps.say(CHROMIUM_L10N_STEPS);
}

/**
 * A browser without a Chinese font draws every Chinese label as a box (the phone login picture
 * included): installed with the browser when apt-get can, otherwise the steps are said. Never fatal.
 */
export async function ensureCjkFont(deps: Beside): Promise<void> {
  const probe = deps.cjkFont();
  if (probe.found) {
    deps.say(`Chinese font found: ${probe.family}`);
    return;
  }
  if (deps.canUseApt()) {
    deps.say(`No Chinese font (${probe.reason}); installing Debian’s fonts-noto-cjk …`);
    const result = await deps.fontInstall();
    const after = result.ok ? deps.cjkFont() : undefined;
    if (after?.found) {
      deps.say(`Chinese font installed: ${after.family}`);
      return;
    }
    deps.say(`fonts-noto-cjk did not install (${result.ok ? 'no font afterwards' : result.reason}).`);
  } else {
    deps.say(`No Chinese font (${probe.reason}).`);
  }
  deps.say(CJK_FONT_STEPS);
}
