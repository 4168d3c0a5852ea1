/**
 * Makes sure a Chromium is available (run by `npm start` before the demo, and by `npm run browser:setup`).
 * Order: a browser jianlou can already find → Playwright's download → Debian's `chromium` package when
 * running as root with apt-get. Beside the browser: Chromium's language files (Debian's
 * chromium-l10n) and a Chinese font. It says what it did, and what to do when none of these works.
 *
 * Every step that touches the machine is a dependency, so the whole no-browser path (the path a fresh
 * machine takes) is tested with each installer stubbed, in order.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { CHROMIUM_L10N_PACKAGE, probeChromiumLanguage } from './chromium-locales.js';
import { probeCjkFont } from './fonts.js';
import { findBrowser } from './launch.js';
import { BrowserNotFoundError, isExecutableFile } from './resolve.js';
import {
  type BesideDeps,
  ensureChromiumLanguage,
  ensureCjkFont,
  type InstallResult,
} from './setup-beside.js';

export type { InstallResult } from './setup-beside.js';

type Say = (line: string) => void;

/** The hosts Playwright downloads browsers from (its CDN mirrors), unless PLAYWRIGHT_DOWNLOAD_HOST is set. */
export const PLAYWRIGHT_DOWNLOAD_HOSTS = [
  'https://cdn.playwright.dev',
  'https://playwright.download.prss.microsoft.com',
] as const;

export const MANUAL_STEPS =
  'Could not get a browser automatically. Install one yourself, then run the command again:\n' +
  '  Debian/Ubuntu (as root):  apt-get install -y chromium chromium-l10n fonts-noto-cjk\n' +
  '  anywhere with internet:   npx playwright install chromium\n' +
  '  or point jianlou at one:  export JIANLOU_CHROMIUM=/path/to/chrome';

export interface SetupDeps extends BesideDeps {
  say: Say;
  /** A browser jianlou can launch, described for the person, or undefined. */
  find(): string | undefined;
  /** Can Playwright's download host be reached at all? A reason when it cannot. */
  probeDownloadHost(): Promise<{ reachable: true } | { reachable: false; reason: string }>;
  /** Runs `playwright install chromium`; stops at the first network failure. */
  playwrightInstall(): Promise<InstallResult>;
  /** `apt-get update` then `apt-get install -y chromium chromium-l10n fonts-noto-cjk`. */
  aptInstall(): Promise<InstallResult>;
}

/** The path of Playwright's CLI script (`playwright/cli` is not an exported subpath, so resolve the folder). */
export function playwrightCliPath(): string {
  const pkg = createRequire(import.meta.url).resolve('playwright/package.json');
  return join(dirname(pkg), 'cli.js');
}

function findOrUndefined(): string | undefined {
  try {
    const found = findBrowser();
    return `${found.executablePath} (${found.source})`;
  } catch (error) {
    if (error instanceof BrowserNotFoundError) return undefined;
    throw error;
  }
}

/** A TCP connect to the first reachable download host (DNS included), bounded in time. */
export function probeHosts(
  hosts: readonly string[],
  timeoutMs = 4000,
): Promise<{ reachable: true } | { reachable: false; reason: string }> {
  const one = (url: string) =>
    new Promise<string | undefined>((resolve) => {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        resolve(`${url}: not a URL`);
        return;
      }
      const port = Number(parsed.port) || (parsed.protocol === 'http:' ? 80 : 443);
      const socket = connect({ host: parsed.hostname, port });
      const done = (reason?: string) => {
        socket.destroy();
        resolve(reason);
      };
      socket.setTimeout(timeoutMs, () => done(`${parsed.host}: no answer within ${timeoutMs / 1000} s`));
      socket.once('connect', () => done(undefined));
      socket.once('error', (e: NodeJS.ErrnoException) => done(`${parsed.host}: ${e.code ?? e.message}`));
    });
  return (async () => {
    const reasons: string[] = [];
    for (const host of hosts) {
      const reason = await one(host);
      if (reason === undefined) return { reachable: true as const };
      reasons.push(reason);
    }
    return { reachable: false as const, reason: reasons.join('; ') };
  })();
}

/** Lines of Playwright's installer output that mean the download host cannot be reached. */
const NETWORK_FAILURE =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo/;

/** Runs Playwright's installer, forwarding its output, and stops it at the first network failure. */
function runPlaywrightInstall(say: Say): Promise<InstallResult> {
  const cli = playwrightCliPath();
  say(`$ npx playwright install chromium`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'install', 'chromium'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let networkFailure: string | undefined;
    const timer = setTimeout(() => child.kill('SIGTERM'), 300_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      const hit = NETWORK_FAILURE.exec(text);
      if (hit && !networkFailure) {
        networkFailure = hit[0];
        child.kill('SIGTERM');
        return;
      }
      if (!networkFailure) process.stdout.write(text);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: e.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (networkFailure) resolve({ ok: false, reason: `download host unreachable (${networkFailure})` });
      else if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, reason: `exit code ${code}` });
    });
  });
}

function runApt(
  say: Say,
  packages: string[] = ['chromium', CHROMIUM_L10N_PACKAGE, 'fonts-noto-cjk'],
): Promise<InstallResult> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', ...packages],
  ]) {
    say(`$ apt-get ${args.join(' ')}`);
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env, timeout: 900_000 });
    if (result.status !== 0) {
      return Promise.resolve({ ok: false, reason: `apt-get ${args[0]} failed (exit ${result.status})` });
    }
  }
  return Promise.resolve({ ok: true });
}

export function realSetupDeps(say: Say = (l) => process.stdout.write(`[setup] ${l}\n`)): SetupDeps {
  const override = process.env.PLAYWRIGHT_CHROMIUM_DOWNLOAD_HOST || process.env.PLAYWRIGHT_DOWNLOAD_HOST;
  return {
    say,
    find: findOrUndefined,
    probeDownloadHost: () => probeHosts(override ? [override] : PLAYWRIGHT_DOWNLOAD_HOSTS),
    playwrightInstall: () => runPlaywrightInstall(say),
    canUseApt: () =>
      typeof process.getuid === 'function' && process.getuid() === 0 && isExecutableFile('/usr/bin/apt-get'),
    aptInstall: () => runApt(say),
    cjkFont: () => probeCjkFont(),
    fontInstall: () => runApt(say, ['fonts-noto-cjk']),
    chromiumLanguage: () => {
      try {
        return probeChromiumLanguage(findBrowser().executablePath, 'zh');
      } catch (error) {
        if (error instanceof BrowserNotFoundError) return { state: 'unknown', reason: 'no browser' };
        throw error;
      }
    },
    languageInstall: () => runApt(say, [CHROMIUM_L10N_PACKAGE]),
  };
}

/**
 * True when a browser is there at the end. Never throws for a missing browser: it says what to do.
 * With a browser, Chromium's Chinese words and a Chinese font are made sure of too (said, not fatal).
 */
export async function ensureBrowser(deps: SetupDeps = realSetupDeps()): Promise<boolean> {
  const found = await ensureChromium(deps);
  if (found) {
    await ensureChromiumLanguage(deps);
    await ensureCjkFont(deps);
  }
  return found;
}

async function ensureChromium(deps: SetupDeps): Promise<boolean> {
  const { say } = deps;
  const existing = deps.find();
  if (existing) {
    say(`Chromium found: ${existing}`);
    return true;
  }
  say('No Chromium found; trying Playwright’s download (npx playwright install chromium) …');
  const probe = await deps.probeDownloadHost();
  if (!probe.reachable) {
    say(`Playwright’s download host cannot be reached (${probe.reason}); skipping its download.`);
  } else {
    const result = await deps.playwrightInstall();
    const found = result.ok ? deps.find() : undefined;
    if (found) {
      say(`Chromium installed by Playwright: ${found}`);
      return true;
    }
    say(`Playwright’s download did not work (${result.ok ? 'no browser afterwards' : result.reason}).`);
  }
  if (deps.canUseApt()) {
    say('Installing Debian’s chromium package (running as root) …');
    const result = await deps.aptInstall();
    const found = result.ok ? deps.find() : undefined;
    if (found) {
      say(`Chromium installed from Debian: ${found}`);
      return true;
    }
    say(`Debian’s chromium package did not work (${result.ok ? 'no browser afterwards' : result.reason}).`);
  }
  say(MANUAL_STEPS);
  return false;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ensureBrowser().then(
    (ok) => {
      process.exitCode = ok ? 0 : 1;
    },
    (error: unknown) => {
      process.stderr.write(`[setup] ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
