import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  localeFileOf,
  localesDirCandidates,
  probeChromiumLanguage,
} from '../../src/browser/chromium-locales.js';
import { findBrowser } from '../../src/browser/launch.js';

/** Where Chromium's language files are, from the browser's executable (issue 29 item 11). */
describe('Chromium’s language files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-chromium-locales-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const none = () => undefined;
  const same = (p: string) => p;

  it('names the file of each locale', () => {
    expect(localeFileOf('zh')).toBe('zh-CN.pak');
    expect(localeFileOf('en')).toBe('en-US.pak');
  });

  it('looks beside the real binary, and in a launcher script’s LIBDIR first', () => {
    expect(localesDirCandidates('/opt/chrome/chrome', none, same)).toEqual(['/opt/chrome/locales']);
    expect(
      localesDirCandidates(
        '/snap/bin/chromium',
        none,
        () => '/snap/chromium/current/usr/lib/chromium-browser/chrome',
      ),
    ).toEqual(['/snap/chromium/current/usr/lib/chromium-browser/locales']);
    const debian =
      '#!/bin/sh\n\n# Chromium launcher\nAPPNAME=chromium\n\nLIBDIR=/usr/lib/$APPNAME\nexec $LIBDIR/$APPNAME "$@"\n';
    expect(localesDirCandidates('/usr/bin/chromium', () => debian, same)).toEqual([
      '/usr/lib/chromium/locales',
      '/usr/bin/locales',
    ]);
    expect(localesDirCandidates('/x/run', () => '#!/bin/sh\nLIBDIR="/opt/b"\n', same)[0]).toBe(
      '/opt/b/locales',
    );
    // A LIBDIR built from a variable it cannot read is not guessed.
    expect(localesDirCandidates('/x/run', () => '#!/bin/sh\nLIBDIR=$HOME/b\n', same)).toEqual(['/x/locales']);
    // A binary is not read as a script.
    expect(localesDirCandidates('/x/chrome', () => '\x7fELF…LIBDIR=/nope', same)).toEqual(['/x/locales']);
  });

  it('reads a Debian-style launcher on disk, through a symlink, and tells present from missing', () => {
    const lib = join(dir, 'lib', 'chromium');
    mkdirSync(join(lib, 'locales'), { recursive: true });
    writeFileSync(join(lib, 'locales', 'en-US.pak'), '');
    const launcher = join(dir, 'chromium-launcher');
    writeFileSync(launcher, `#!/bin/sh\nAPPNAME=chromium\nLIBDIR=${join(dir, 'lib')}/$APPNAME\n`, {
      mode: 0o755,
    });
    const link = join(dir, 'chromium');
    symlinkSync(launcher, link);
    const linux = { platform: 'linux' as const };
    expect(probeChromiumLanguage(link, 'zh', linux)).toEqual({
      state: 'missing',
      localesDir: join(lib, 'locales'),
      file: 'zh-CN.pak',
    });
    expect(probeChromiumLanguage(link, 'en', linux)).toEqual({
      state: 'present',
      file: join(lib, 'locales', 'en-US.pak'),
    });
    writeFileSync(join(lib, 'locales', 'zh-CN.pak'), '');
    expect(probeChromiumLanguage(link, 'zh', linux)).toEqual({
      state: 'present',
      file: join(lib, 'locales', 'zh-CN.pak'),
    });
    expect(probeChromiumLanguage(join(dir, 'nowhere', 'chrome'), 'zh', linux)).toMatchObject({
      state: 'unknown',
    });
    // macOS and Windows builds carry every language.
    expect(
      probeChromiumLanguage('/Applications/Chromium.app/Contents/MacOS/Chromium', 'zh', {
        platform: 'darwin',
      }),
    ).toMatchObject({ state: 'present' });
  });

  it('finds the locales folder of the browser jianlou launches (Debian’s /usr/bin/chromium is a launcher script)', () => {
    const found = findBrowser().executablePath;
    const probe = probeChromiumLanguage(found, 'en', { platform: 'linux' });
    expect(probe, found).toMatchObject({ state: 'present' });
    expect(probe.state === 'present' && probe.file).toMatch(/\/locales\/en-US\.pak$/);
  });
});
