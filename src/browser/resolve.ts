import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { JianlouError } from '../core/errors.js';

export class BrowserNotFoundError extends JianlouError {
  override name = 'BrowserNotFoundError';
  override readonly code: string = 'E_BROWSER_NOT_FOUND';
}

export type BrowserSource = 'env' | 'system' | 'playwright';
export interface ResolvedBrowser {
  executablePath: string;
  source: BrowserSource;
}

/** Names looked up on PATH, best first. */
export const SYSTEM_BROWSER_NAMES = [
  'chromium',
  'chromium-browser',
  'google-chrome-stable',
  'google-chrome',
  'chrome',
] as const;

/** Well-known install locations checked when PATH has none of the names. */
export const SYSTEM_BROWSER_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
] as const;

export interface ResolveDeps {
  env: NodeJS.ProcessEnv;
  /** True when the path is an executable file. */
  isExecutable(path: string): boolean;
  /** Playwright's own browser path (may not exist on disk). */
  playwrightPath(): string | undefined;
}

export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Order: JIANLOU_CHROMIUM → a system Chromium/Chrome (PATH, then usual places) → Playwright's own
 * download → a BrowserNotFoundError that says exactly how to get one.
 */
export function resolveBrowser(deps: ResolveDeps): ResolvedBrowser {
  const fromEnv = deps.env.JIANLOU_CHROMIUM;
  if (fromEnv) {
    if (!deps.isExecutable(fromEnv)) {
      throw new BrowserNotFoundError(
        `JIANLOU_CHROMIUM is set to "${fromEnv}", but no executable is there. ` +
          'Point it at a Chromium or Chrome binary, or unset it to let jianlou find one.',
      );
    }
    return { executablePath: fromEnv, source: 'env' };
  }
  const pathDirs = (deps.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of SYSTEM_BROWSER_NAMES) {
    for (const dir of pathDirs) {
      const candidate = join(dir, name);
      if (deps.isExecutable(candidate)) return { executablePath: candidate, source: 'system' };
    }
  }
  for (const candidate of SYSTEM_BROWSER_PATHS) {
    if (deps.isExecutable(candidate)) return { executablePath: candidate, source: 'system' };
  }
  const bundled = deps.playwrightPath();
  if (bundled && deps.isExecutable(bundled)) return { executablePath: bundled, source: 'playwright' };
  throw new BrowserNotFoundError(
    'No Chromium found (looked at JIANLOU_CHROMIUM, PATH, the usual install paths and Playwright’s cache). Install one:\n' +
      '  Debian/Ubuntu:  sudo apt-get install -y chromium chromium-l10n fonts-noto-cjk\n' +
      '  elsewhere:      npx playwright install chromium\n' +
      'or set JIANLOU_CHROMIUM=/path/to/chrome. `npm run browser:setup` tries these for you.',
  );
}
