/**
 * Makes sure a Chromium is available (run by `npm start` before the demo, and by `npm run browser:setup`).
 * Order: a browser jianlou can already find → Playwright's download → Debian's `chromium` package when
 * running as root with apt-get. It says what it did, and what to do when none of these works.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { findBrowser } from './launch.js';
import { BrowserNotFoundError } from './resolve.js';

type Say = (line: string) => void;

function tryFind(): string | undefined {
  try {
    const found = findBrowser();
    return `${found.executablePath} (${found.source})`;
  } catch (error) {
    if (error instanceof BrowserNotFoundError) return undefined;
    throw error;
  }
}

function run(cmd: string, args: string[], say: Say, timeoutMs: number): boolean {
  say(`$ ${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { stdio: 'inherit', timeout: timeoutMs });
  return result.status === 0;
}

export function ensureBrowser(say: Say = (l) => process.stdout.write(`[setup] ${l}\n`)): boolean {
  const existing = tryFind();
  if (existing) {
    say(`Chromium found: ${existing}`);
    return true;
  }
  say('No Chromium found; trying Playwright’s download (npx playwright install chromium) …');
  const cli = createRequire(import.meta.url).resolve('playwright/cli');
  if (run(process.execPath, [cli, 'install', 'chromium'], say, 300_000) && tryFind()) {
    say(`Chromium installed by Playwright: ${tryFind()}`);
    return true;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    say('Playwright’s download failed; installing Debian’s chromium package (running as root) …');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const apt = (args: string[]) => {
      say(`$ apt-get ${args.join(' ')}`);
      return spawnSync('apt-get', args, { stdio: 'inherit', env, timeout: 900_000 }).status === 0;
    };
    if (apt(['update', '-qq']) && apt(['install', '-y', '-qq', 'chromium', 'fonts-noto-cjk']) && tryFind()) {
      say(`Chromium installed from Debian: ${tryFind()}`);
      return true;
    }
  }
  say(
    'Could not get a browser automatically. Install one yourself, then run the command again:\n' +
      '  Debian/Ubuntu (as root):  apt-get install -y chromium fonts-noto-cjk\n' +
      '  anywhere with internet:   npx playwright install chromium\n' +
      '  or point jianlou at one:  export JIANLOU_CHROMIUM=/path/to/chrome',
  );
  return false;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = ensureBrowser() ? 0 : 1;
}
