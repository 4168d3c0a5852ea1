import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findBrowser } from '../../src/browser/launch.js';
import { doctorCommand } from '../../src/cli/doctor.js';
import { type CliWorld, startWorld } from './harness.js';

/**
 * Issue 29 item 11: Chromium's own words ("请填写此字段。") need its zh-CN language file, which
 * Debian's chromium lacks until `chromium-l10n` is installed. Doctor looks beside the real browser it
 * finds; the missing package is shown by pointing it at an empty locales folder.
 */
describe('jianlou doctor: Chromium in the config’s language', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-doctor-lang-'));
  let zhWorld: CliWorld;
  let enWorld: CliWorld;

  beforeAll(async () => {
    [zhWorld, enWorld] = await Promise.all([startWorld(), startWorld({ locale: 'en' })]);
  });
  afterAll(async () => {
    await Promise.all([zhWorld?.close(), enWorld?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Doctor's output; its exit (a session needing a login) is not what these tests look at. */
  async function doctor(world: CliWorld, chromiumLocalesDir?: string): Promise<string> {
    const out: string[] = [];
    const exitCode = process.exitCode;
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await doctorCommand(world.configFile, {
        cjkFont: () => ({ found: true, family: 'Noto Sans CJK SC' }),
        ...(chromiumLocalesDir ? { chromiumLocalesDir } : {}),
      }).catch(() => {});
    } finally {
      spy.mockRestore();
      process.exitCode = exitCode;
    }
    return out.join('');
  }

  it('warns with locale: zh when Chromium has no zh-CN.pak, naming the package to install', async () => {
    const empty = join(dir, 'empty-locales');
    mkdirSync(empty);
    const text = await doctor(zhWorld, empty);
    expect(text).toContain(`⚠ Chromium 的语言：Chromium 在 ${empty} 里没有 zh-CN.pak`);
    expect(text).toContain('“请填写此字段。”');
    expect(text).toContain('apt-get install -y chromium-l10n');
    expect(text).not.toContain('✓ Chromium 的语言');
  });

  it('passes with locale: zh when the browser it finds has zh-CN.pak', async () => {
    const text = await doctor(zhWorld);
    const found = findBrowser().executablePath;
    expect(text, `the browser found (${found}) has no zh-CN.pak: run npm run browser:setup`).toMatch(
      /^✓ Chromium 的语言：Chromium 有 \S+\/locales\/zh-CN\.pak$/m,
    );
    expect(text).not.toContain('chromium-l10n');
  });

  it('with locale: en, needs only en-US.pak (a folder with only en-US.pak passes)', async () => {
    const onlyEnglish = join(dir, 'en-only');
    mkdirSync(onlyEnglish);
    writeFileSync(join(onlyEnglish, 'en-US.pak'), '');
    expect(await doctor(enWorld, onlyEnglish)).toContain(
      `✓ chromium language: Chromium's ${join(onlyEnglish, 'en-US.pak')}`,
    );
    expect(await doctor(zhWorld, onlyEnglish)).toContain('⚠ Chromium 的语言：Chromium 在');
  });
});
