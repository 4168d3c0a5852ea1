import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configLocale } from '../../src/cli/config-locale.js';

// The locale is read before the config loads: a config that fails (even one whose YAML does not parse)
// is still told in the language it asks for.
describe('configLocale()', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-locale-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads locale: en from a file whose YAML breaks further down', () => {
    expect(configLocale(file('broken.yaml', 'locale: en\nportal: { flow: demo\n\naccounts: ['))).toBe('en');
  });

  it('is zh by default: no locale, another value, no file, not a mapping', () => {
    expect(configLocale(file('none.yaml', 'portal: { flow: demo-portal }\n'))).toBe('zh');
    expect(configLocale(file('fr.yaml', 'locale: fr\n'))).toBe('zh');
    expect(configLocale(join(dir, 'missing.yaml'))).toBe('zh');
    expect(configLocale(file('list.yaml', '- locale\n- en\n'))).toBe('zh');
    expect(configLocale(file('zh.yaml', 'locale: zh\n'))).toBe('zh');
  });
});
