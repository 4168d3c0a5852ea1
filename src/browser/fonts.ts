import { spawnSync } from 'node:child_process';
import type { InstallStep } from '../i18n/doctor-cli.js';

/**
 * Chinese fonts for Chromium (issue 29 item 10): without one, every Chinese label in the relayed
 * login picture and the status pictures is a box. Linux finds fonts through fontconfig, so
 * `fc-list :lang=zh` tells whether one is there; macOS and Windows ship one.
 */

/** How to install a Chinese font, per system (`doctor` words them in the config's language). */
export const CJK_FONT_INSTALL: readonly InstallStep[] = [
  { system: 'Debian/Ubuntu', asRoot: true, command: 'apt-get install -y fonts-noto-cjk' },
  { system: 'Fedora', command: 'dnf install google-noto-sans-cjk-fonts' },
  { system: 'Alpine', command: 'apk add font-noto-cjk' },
];

export const CJK_FONT_STEPS =
  'Install a Chinese font so the portal’s pages (and the phone login picture) show Chinese, not boxes:\n' +
  installLines(CJK_FONT_INSTALL);

/** The steps as `npm run browser:setup` prints them (English: a developer's script), one a line. */
export function installLines(steps: readonly InstallStep[]): string {
  return steps
    .map((s) => `  ${`${s.system}${s.asRoot ? ' (as root)' : ''}:`.padEnd(26)}${s.command}`)
    .join('\n');
}

/** `code` says why in a word the catalogue can say (`reason` is English); `systemOwn`: macOS, Windows. */
export type CjkFontProbe =
  | { found: true; family: string; systemOwn?: boolean }
  | { found: false; reason: string; code?: 'no_fontconfig' | 'none_listed' };

/** The first family of `fc-list :lang=zh family` output, if any. Pure. */
export function firstCjkFamily(fcListOutput: string): string | undefined {
  const line = fcListOutput.split('\n').find((l) => l.trim().length > 0);
  return line?.split(',')[0]?.trim() || undefined;
}

/** Asks fontconfig for a font covering Chinese; on macOS and Windows one comes with the system. */
export function probeCjkFont(
  run: typeof spawnSync = spawnSync,
  platform: NodeJS.Platform = process.platform,
): CjkFontProbe {
  if (platform === 'darwin' || platform === 'win32')
    return { found: true, family: 'the system’s own', systemOwn: true };
  const result = run('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', timeout: 10_000 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return code === 'ENOENT'
      ? { found: false, reason: 'fc-list not found (no fontconfig)', code: 'no_fontconfig' }
      : { found: false, reason: result.error.message };
  }
  const family = firstCjkFamily(String(result.stdout ?? ''));
  return family
    ? { found: true, family }
    : { found: false, reason: 'fc-list :lang=zh lists no font', code: 'none_listed' };
}
