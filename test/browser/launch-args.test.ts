import { describe, expect, it } from 'vitest';
import {
  languageEnv,
  mergeDisabledFeatures,
  PLAYWRIGHT_DISABLE_FLAG,
  PLAYWRIGHT_DISABLED_FEATURES,
} from '../../src/browser/launch-args.js';

/** One `--disable-features` for Chromium, and its language on Linux (issue 29 item 11); pure. */
describe('launch arguments', () => {
  const playwrights = PLAYWRIGHT_DISABLED_FEATURES.join(',');

  it('merges every --disable-features into one flag after Playwright’s list, and leaves Playwright’s out', () => {
    expect(
      mergeDisabledFeatures([
        '--no-sandbox',
        '--disable-features=Translate',
        '--lang=zh-CN',
        '--disable-features=A, B,,',
      ]),
    ).toEqual({
      args: ['--no-sandbox', '--lang=zh-CN', `--disable-features=${playwrights},Translate,A,B`],
      ignoreDefaultArgs: [PLAYWRIGHT_DISABLE_FLAG],
    });
    // A feature Playwright already disables is named once.
    expect(mergeDisabledFeatures(['--disable-features=PaintHolding']).args).toEqual([
      `--disable-features=${playwrights}`,
    ]);
    expect(PLAYWRIGHT_DISABLE_FLAG).toBe(`--disable-features=${playwrights}`);
  });

  it('changes nothing without a --disable-features of ours', () => {
    expect(mergeDisabledFeatures(['--no-sandbox', '--disable-features='])).toEqual({
      args: ['--no-sandbox', '--disable-features='],
      ignoreDefaultArgs: [],
    });
  });

  it('sets LANGUAGE from the last --lang, and nothing from a missing or odd one', () => {
    const env = { PATH: '/usr/bin', LANG: 'C.UTF-8' };
    expect(languageEnv(['--lang=zh-CN'], env)).toEqual({ ...env, LANGUAGE: 'zh_CN' });
    expect(languageEnv(['--lang=zh-CN', '--lang=en-US'], env)).toEqual({ ...env, LANGUAGE: 'en_US' });
    expect(languageEnv(['--lang=de'], env)).toEqual({ ...env, LANGUAGE: 'de' });
    expect(languageEnv(['--no-sandbox'], env)).toBe(env);
    expect(languageEnv(['--lang=zh CN;rm'], env)).toBe(env);
    expect(env).toEqual({ PATH: '/usr/bin', LANG: 'C.UTF-8' });
  });
});
