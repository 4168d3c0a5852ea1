import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CHROMIUM_L10N_STEPS } from '../../src/browser/chromium-locales.js';
import { CJK_FONT_STEPS, firstCjkFamily, probeCjkFont } from '../../src/browser/fonts.js';
import {
  ensureBrowser,
  type InstallResult,
  MANUAL_STEPS,
  playwrightCliPath,
  probeHosts,
  type SetupDeps,
} from '../../src/browser/setup.js';

/** A machine with no browser; each installer stubbed and every call recorded in order. */
function freshMachine(over: Partial<SetupDeps> & { installs?: 'playwright' | 'apt' } = {}) {
  const calls: string[] = [];
  const lines: string[] = [];
  let installed = false;
  const deps: SetupDeps = {
    say: (l) => lines.push(l),
    find: () => {
      calls.push('find');
      return installed ? '/usr/bin/chromium (system)' : undefined;
    },
    probeDownloadHost: async () => {
      calls.push('probe');
      return { reachable: true };
    },
    playwrightInstall: async (): Promise<InstallResult> => {
      calls.push('playwright');
      if (over.installs === 'playwright') installed = true;
      return over.installs === 'playwright' ? { ok: true } : { ok: false, reason: 'exit code 1' };
    },
    canUseApt: () => {
      calls.push('canUseApt');
      return true;
    },
    aptInstall: async (): Promise<InstallResult> => {
      calls.push('apt');
      if (over.installs === 'apt') installed = true;
      return over.installs === 'apt'
        ? { ok: true }
        : { ok: false, reason: 'apt-get update failed (exit 100)' };
    },
    cjkFont: () => ({ found: true, family: 'Noto Sans CJK SC' }),
    fontInstall: async () => ({ ok: true }),
    chromiumLanguage: () => ({ state: 'present', file: '/usr/lib/chromium/locales/zh-CN.pak' }),
    languageInstall: async () => ({ ok: true }),
    ...over,
  };
  return { deps, calls, lines };
}

describe('browser setup on a machine without Chromium', () => {
  it('tries Playwright, then Debian, then prints the three instructions when both fail', async () => {
    const { deps, calls, lines } = freshMachine();
    await expect(ensureBrowser(deps)).resolves.toBe(false);
    expect(calls).toEqual(['find', 'probe', 'playwright', 'canUseApt', 'apt']);
    const last = lines.at(-1) ?? '';
    expect(last).toBe(MANUAL_STEPS);
    expect(last).toContain('apt-get install -y chromium chromium-l10n fonts-noto-cjk');
    expect(last).toContain('npx playwright install chromium');
    expect(last).toContain('JIANLOU_CHROMIUM=/path/to/chrome');
  });

  it('skips Playwright’s download at once when its host cannot be reached, in one line', async () => {
    const { deps, calls, lines } = freshMachine({
      installs: 'apt',
      probeDownloadHost: async () => {
        calls.push('probe');
        return { reachable: false, reason: 'cdn.playwright.dev: ENOTFOUND' };
      },
    });
    await expect(ensureBrowser(deps)).resolves.toBe(true);
    expect(calls).toEqual(['find', 'probe', 'canUseApt', 'apt', 'find']);
    expect(lines.filter((l) => l.includes('cannot be reached'))).toEqual([
      'Playwright’s download host cannot be reached (cdn.playwright.dev: ENOTFOUND); skipping its download.',
    ]);
    expect(lines.at(-2)).toBe('Chromium installed from Debian: /usr/bin/chromium (system)');
    expect(lines.at(-1)).toBe('Chinese font found: Noto Sans CJK SC');
  });

  it('stops after Playwright’s download when it brings a browser', async () => {
    const { deps, calls, lines } = freshMachine({ installs: 'playwright' });
    await expect(ensureBrowser(deps)).resolves.toBe(true);
    expect(calls).toEqual(['find', 'probe', 'playwright', 'find']);
    expect(lines.at(-2)).toContain('Chromium installed by Playwright');
  });

  it('does not offer apt-get when not root (straight to the instructions)', async () => {
    const { deps, calls, lines } = freshMachine({
      canUseApt: () => {
        calls.push('canUseApt');
        return false;
      },
    });
    await expect(ensureBrowser(deps)).resolves.toBe(false);
    expect(calls).toEqual(['find', 'probe', 'playwright', 'canUseApt']);
    expect(lines.at(-1)).toBe(MANUAL_STEPS);
  });

  it('does nothing but report when a browser is already there', async () => {
    const { deps, calls } = freshMachine({ find: () => '/usr/bin/chromium (system)' });
    await expect(ensureBrowser(deps)).resolves.toBe(true);
    expect(calls).toEqual([]);
  });

  it('runs a Playwright CLI script that exists on disk', () => {
    const cli = playwrightCliPath();
    expect(cli.endsWith('cli.js')).toBe(true);
    expect(existsSync(cli)).toBe(true);
  });
});

describe('probeHosts', () => {
  it('reports a refused host with its error code and a reachable one as reachable', async () => {
    const server = createServer((s) => s.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    const open = typeof address === 'object' && address ? address.port : 0;
    const closed = await new Promise<number>((r) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const a = s.address();
        s.close(() => r(typeof a === 'object' && a ? a.port : 0));
      });
    });
    try {
      await expect(probeHosts([`http://127.0.0.1:${closed}`])).resolves.toEqual({
        reachable: false,
        reason: `127.0.0.1:${closed}: ECONNREFUSED`,
      });
      await expect(probeHosts([`http://127.0.0.1:${closed}`, `http://127.0.0.1:${open}`])).resolves.toEqual({
        reachable: true,
      });
    } finally {
      server.close();
    }
  });
});

describe('the real setup as a child process, browser and installers hidden', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('ends with exit 1 and the three instructions, never a stack trace', () => {
    const unshare = spawnSync('unshare', ['-m', 'true']);
    if (unshare.status !== 0) {
      throw new Error(
        'this test hides the browser in a mount namespace: it needs `unshare -m` (root on Linux)',
      );
    }
    const home = mkdtempSync(join(tmpdir(), 'jianlou-setup-'));
    dirs.push(home);
    // Hide every system browser and apt-get the way a fresh machine lacks them; Playwright's cache is
    // an empty folder, and its download host a refused loopback port (nothing leaves the machine).
    const hide = [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/google-chrome',
      '/usr/bin/apt-get',
    ]
      .filter((p) => existsSync(p))
      .map((p) => `mount --bind /dev/null ${p}`)
      .join(' && ');
    const setup = resolve('src/browser/setup.ts');
    const script = `${hide ? `${hide} && ` : ''}exec "${process.execPath}" --import tsx "${setup}"`;
    const result = spawnSync('unshare', ['-m', 'bash', '-c', script], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: '/usr/local/bin:/usr/bin:/bin',
        HOME: home,
        PLAYWRIGHT_BROWSERS_PATH: join(home, 'ms-playwright'),
        PLAYWRIGHT_DOWNLOAD_HOST: 'http://127.0.0.1:9',
      },
    });
    const out = `${result.stdout}${result.stderr}`;
    expect(result.status, out).toBe(1);
    expect(out).toContain('No Chromium found');
    expect(out).toContain('download host cannot be reached');
    expect(out).toContain('apt-get install -y chromium chromium-l10n fonts-noto-cjk');
    expect(out).toContain('npx playwright install chromium');
    expect(out).toContain('export JIANLOU_CHROMIUM=/path/to/chrome');
    expect(out).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(out).not.toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
  });
});

describe('a Chinese font with the browser (issue 29 item 10)', () => {
  function noFont(root: boolean) {
    let fonts = false;
    const installs: string[] = [];
    const machine = freshMachine({
      find: () => '/usr/bin/chromium (system)',
      canUseApt: () => root,
      cjkFont: () =>
        fonts
          ? { found: true, family: 'Noto Sans CJK SC' }
          : { found: false, reason: 'fc-list :lang=zh lists no font' },
      fontInstall: async () => {
        installs.push('fonts-noto-cjk');
        fonts = true;
        return { ok: true };
      },
    });
    return { ...machine, installs };
  }

  it('installs fonts-noto-cjk beside a browser that is already there, as root with apt-get', async () => {
    const { deps, lines, installs } = noFont(true);
    await expect(ensureBrowser(deps)).resolves.toBe(true);
    expect(installs).toEqual(['fonts-noto-cjk']);
    expect(lines.at(-1)).toBe('Chinese font installed: Noto Sans CJK SC');
  });

  it('says how to install one when it cannot (not root), and still reports the browser as there', async () => {
    const { deps, lines, installs } = noFont(false);
    await expect(ensureBrowser(deps)).resolves.toBe(true);
    expect(installs).toEqual([]);
    expect(lines.at(-1)).toBe(CJK_FONT_STEPS);
    expect(CJK_FONT_STEPS).toContain('apt-get install -y fonts-noto-cjk');
  });

  it('reads fc-list: a listed family, none, or no fontconfig at all', () => {
    expect(firstCjkFamily('Noto Sans CJK SC,Noto Sans CJK SC Regular\nAR PL UMing\n')).toBe(
      'Noto Sans CJK SC',
    );
    expect(firstCjkFamily('\n')).toBeUndefined();
    const run = (stdout: string, error?: NodeJS.ErrnoException) =>
      (() => ({ stdout, error })) as unknown as Parameters<typeof probeCjkFont>[0];
    expect(probeCjkFont(run('Noto Sans CJK SC\n'), 'linux')).toEqual({
      found: true,
      family: 'Noto Sans CJK SC',
    });
    expect(probeCjkFont(run(''), 'linux')).toEqual({
      found: false,
      reason: 'fc-list :lang=zh lists no font',
      code: 'none_listed',
    });
    const missing = Object.assign(new Error('spawnSync fc-list ENOENT'), { code: 'ENOENT' });
    expect(probeCjkFont(run('', missing), 'linux')).toEqual({
      found: false,
      reason: 'fc-list not found (no fontconfig)',
      code: 'no_fontconfig',
    });
  });
});

describe('Chromium’s Chinese words with the browser (issue 29 item 11)', () => {
  function noLanguage(root: boolean, installWorks = true) {
    let files = false;
    const installs: string[] = [];
    const machine = freshMachine({
      find: () => '/usr/bin/chromium (system)',
      canUseApt: () => root,
      chromiumLanguage: () =>
        files
          ? { state: 'present', file: '/usr/lib/chromium/locales/zh-CN.pak' }
          : { state: 'missing', localesDir: '/usr/lib/chromium/locales', file: 'zh-CN.pak' },
      languageInstall: async () => {
        installs.push('chromium-l10n');
        files = installWorks;
        return { ok: true };
      },
    });
    return { ...machine, installs };
  }

  it('installs chromium-l10n beside Debian’s chromium that lacks zh-CN.pak, as root with apt-get', async () => {
    const { deps, lines, installs } = noLanguage(true);
    await expect(ensureBrowser(deps)).resolves.toBe(true);
    expect(installs).toEqual(['chromium-l10n']);
    expect(lines).toContain(
      'Chromium has no zh-CN.pak in /usr/lib/chromium/locales: its own messages stay English; installing Debian’s chromium-l10n …',
    );
    expect(lines).toContain('Chromium’s language files installed (chromium-l10n).');
    // The font step still follows.
    expect(lines.at(-1)).toBe('Chinese font found: Noto Sans CJK SC');
  });

  it('says the command when it cannot install (not root), or when the install left no zh-CN.pak', async () => {
    const notRoot = noLanguage(false);
    await expect(ensureBrowser(notRoot.deps)).resolves.toBe(true);
    expect(notRoot.installs).toEqual([]);
    expect(notRoot.lines).toContain(CHROMIUM_L10N_STEPS);
    expect(CHROMIUM_L10N_STEPS).toContain('apt-get install -y chromium-l10n');
    const stillMissing = noLanguage(true, false);
    await expect(ensureBrowser(stillMissing.deps)).resolves.toBe(true);
    expect(stillMissing.lines).toContain('chromium-l10n did not install (still no zh-CN.pak).');
    expect(stillMissing.lines).toContain(CHROMIUM_L10N_STEPS);
  });

  it('says nothing about languages when the files are there or cannot be looked for', async () => {
    for (const probe of [
      { state: 'present', file: '/opt/chrome/locales/zh-CN.pak' },
      { state: 'unknown', reason: 'no locales folder beside /opt/x' },
    ] as const) {
      const { deps, lines } = freshMachine({
        find: () => '/opt/chrome/chrome (system)',
        chromiumLanguage: () => probe,
      });
      await expect(ensureBrowser(deps)).resolves.toBe(true);
      expect(lines.join('\n')).not.toMatch(/l10n|language/);
    }
  });
});
