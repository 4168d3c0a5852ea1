import {
  CHROMIUM_L10N_PACKAGE,
  CHROMIUM_L10N_STEPS,
  type ChromiumLanguageProbe,
} from './chromium-locales.js';
import { CJK_FONT_STEPS, type CjkFontProbe } from './fonts.js';

/** What the browser setup installs beside a Chromium it found or installed (issue 29 items 10, 11). */

export type InstallResult = { ok: true } | { ok: false; reason: string };

/** The machine as the steps beside the browser see it (part of src/browser/setup.ts's SetupDeps). */
export interface BesideDeps {
  say(line: string): void;
  /** Root with an executable apt-get: Debian's package is an option. */
  canUseApt(): boolean;
  /** Is a font covering Chinese installed (fontconfig)? */
  cjkFont(): CjkFontProbe;
  /** `apt-get install -y fonts-noto-cjk` (root with apt-get only). */
  fontInstall(): Promise<InstallResult>;
  /** Are Chromium's own words there in Chinese (its zh-CN.pak beside the browser found)? */
  chromiumLanguage(): ChromiumLanguageProbe;
  /** `apt-get install -y chromium-l10n` (root with apt-get only). */
  languageInstall(): Promise<InstallResult>;
}

/**
 * Debian's chromium has only its English words: "请填写此字段。" and its error pages in Chinese need
 * chromium-l10n (issue 29 item 11). Installed beside the browser when apt-get can, otherwise the
 * steps are said; nothing is said when the files are there or cannot be looked for. Never fatal.
 */
export async function ensureChromiumLanguage(deps: BesideDeps): Promise<void> {
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
export async function ensureCjkFont(deps: BesideDeps): Promise<void> {
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
