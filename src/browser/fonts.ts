import { spawnSync } from 'node:child_process';

/**
 * Chinese fonts for Chromium (issue 29 item 10): without one, every Chinese label in the relayed
 * login picture and the status pictures is a box. Linux finds fonts through fontconfig, so
 * `fc-list :lang=zh` tells whether one is there; macOS and Windows ship one.
 */

export const CJK_FONT_STEPS =
  'Install a Chinese font so the portal’s pages (and the phone login picture) show Chinese, not boxes:\n' +
  '  Debian/Ubuntu (as root):  apt-get install -y fonts-noto-cjk\n' +
  '  Fedora:                   dnf install google-noto-sans-cjk-fonts\n' +
  '  Alpine:                   apk add font-noto-cjk';

export type CjkFontProbe = { found: true; family: string } | { found: false; reason: string };

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
  if (platform === 'darwin' || platform === 'win32') return { found: true, family: 'the system’s own' };
  const result = run('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', timeout: 10_000 });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    return {
      found: false,
      reason: code === 'ENOENT' ? 'fc-list not found (no fontconfig)' : result.error.message,
    };
  }
  const family = firstCjkFamily(String(result.stdout ?? ''));
  return family ? { found: true, family } : { found: false, reason: 'fc-list :lang=zh lists no font' };
}
