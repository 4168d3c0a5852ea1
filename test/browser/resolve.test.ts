import { describe, expect, it } from 'vitest';
import { BrowserNotFoundError, resolveBrowser } from '../../src/browser/resolve.js';

function deps(executables: string[], env: NodeJS.ProcessEnv, playwright?: string) {
  const set = new Set(executables);
  return { env, isExecutable: (p: string) => set.has(p), playwrightPath: () => playwright };
}

describe('browser resolution', () => {
  const PW = '/home/u/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';

  it('uses JIANLOU_CHROMIUM first, even when a system browser exists', () => {
    const found = resolveBrowser(
      deps(
        ['/opt/custom/chrome', '/fake/bin/chromium', PW],
        { JIANLOU_CHROMIUM: '/opt/custom/chrome', PATH: '/fake/bin' },
        PW,
      ),
    );
    expect(found).toEqual({ executablePath: '/opt/custom/chrome', source: 'env' });
  });

  it('rejects a JIANLOU_CHROMIUM that points at nothing, naming the path', () => {
    expect(() => resolveBrowser(deps([], { JIANLOU_CHROMIUM: '/nope/chrome' }))).toThrow(/"\/nope\/chrome"/);
  });

  it('prefers a system browser on PATH over Playwright’s download', () => {
    const found = resolveBrowser(
      deps(['/fake/bin/google-chrome', PW], { PATH: '/usr/local/bin:/fake/bin' }, PW),
    );
    expect(found).toEqual({ executablePath: '/fake/bin/google-chrome', source: 'system' });
  });

  it('finds a system browser in the usual places when PATH has none', () => {
    const found = resolveBrowser(deps(['/usr/bin/chromium', PW], { PATH: '/empty' }, PW));
    expect(found).toEqual({ executablePath: '/usr/bin/chromium', source: 'system' });
  });

  it('falls back to Playwright’s own browser', () => {
    expect(resolveBrowser(deps([PW], { PATH: '/empty' }, PW))).toEqual({
      executablePath: PW,
      source: 'playwright',
    });
  });

  it('fails with the exact commands to get a browser when there is none', () => {
    const attempt = () => resolveBrowser(deps([], { PATH: '/empty' }, PW));
    expect(attempt).toThrow(BrowserNotFoundError);
    expect(attempt).toThrow(/apt-get install -y chromium/);
    expect(attempt).toThrow(/npx playwright install chromium/);
  });
});
