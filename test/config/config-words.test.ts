import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sayError } from '../../src/cli/say-error.js';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import { enErrorsCli, zhErrorsCli } from '../../src/i18n/errors-cli.js';
import { BROKEN, type BrokenConfig, englishSentences, validConfig } from './broken-configs.js';

/**
 * Issue 29: every config mistake a parent can make is said in the config's language. Under zh a line
 * holds no English sentence (paths, keys, quoted values, URLs and commands stay as they are); under en
 * the CLI prints what it printed before; the issues' own messages (logs) stay English.
 */

const FILE = '/srv/jl/jianlou.yaml';

function refusal(b: BrokenConfig): ConfigError {
  let text = typeof b.change === 'string' ? b.change : '';
  if (typeof b.change !== 'string') {
    const config = validConfig();
    b.change(config);
    text = stringify(config);
  }
  try {
    parseConfig(text, FILE, {});
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`${b.name}: expected the config to be refused`);
}

describe('config problems in the config language (issue 29)', () => {
  it.each(BROKEN.map((b) => [b.name, b] as const))(
    '%s: Chinese under zh, the old English under en',
    (_, b) => {
      const error = refusal(b);
      expect(error.issues.map((i) => [i.path, i.message])).toEqual(b.issues);

      const en = sayError(error, enErrorsCli);
      expect(en).toBe(
        [
          `config ${FILE} is invalid:`,
          ...b.issues.map(([path, text]) => `  ${path || '(root)'}: ${text}`),
        ].join('\n'),
      );

      const zh = sayError(error, zhErrorsCli).split('\n');
      expect(zh[0]).toBe(`配置文件 ${FILE} 有问题：`);
      expect(zh).toHaveLength(b.issues.length + 1);
      for (const [i, line] of zh.slice(1).entries()) {
        const path = b.issues[i]?.[0] ?? '';
        const said = line.startsWith(`  ${path}: `) && path !== '' ? line.slice(path.length + 4) : line;
        expect(said, line).toMatch(/[\u4e00-\u9fff]/);
        expect(englishSentences(said), line).toEqual([]);
      }
    },
  );
});
